/**
 * Stops a run that is only producing errors: when the last 20 final
 * operations of every endpoint all failed. Anything short of that runs to
 * its end, where `max_error_rate` decides the exit code, so a burst of
 * errors or one failing endpoint of a cluster is measured, not cut short.
 *
 * @module
 */

/** Final operations per endpoint that must all have failed. */
export const ALL_FAILED_WINDOW = 20;

/** Tracks the recent outcomes of each endpoint. */
export class ErrorRateGuard {
  readonly #window: number;
  readonly #failedInARow = new Map<string, number>();

  constructor(window = ALL_FAILED_WINDOW) {
    this.#window = window;
  }

  /** Adds a final outcome; returns true when the run should stop. */
  add(endpoint: string, ok: boolean): boolean {
    this.#failedInARow.set(
      endpoint,
      ok ? 0 : (this.#failedInARow.get(endpoint) ?? 0) + 1,
    );
    for (const n of this.#failedInARow.values()) {
      if (n < this.#window) return false;
    }
    return true;
  }
}
