/**
 * A token bucket in its virtual-scheduling form (GCRA): each `take(n)`
 * reserves the time `n / rate` after the previous reservation and says how
 * long the caller must wait for its turn. Exact over the long run, O(1),
 * no timers of its own; callers sleep for the returned delay.
 *
 * @module
 */

/** Paces amounts (operations or bytes) to `ratePerSec`. */
export class TokenBucket {
  readonly #msPerUnit: number;
  readonly #toleranceMs: number;
  /** When the bucket is next free, on the caller's clock (ms). */
  #tat = -Infinity;

  /**
   * @param ratePerSec units per second, > 0
   * @param burst units that may pass at once before pacing starts
   */
  constructor(ratePerSec: number, burst = 1) {
    if (!(ratePerSec > 0)) {
      throw new RangeError(`token bucket rate must be > 0, got ${ratePerSec}`);
    }
    this.#msPerUnit = 1000 / ratePerSec;
    this.#toleranceMs = Math.max(0, burst - 1) * this.#msPerUnit;
  }

  /** Reserves `n` units at `now`; returns the ms to wait before using them. */
  take(n: number, now: number): number {
    const base = Math.max(this.#tat, now - this.#toleranceMs);
    const wait = Math.max(0, base - now);
    this.#tat = base + n * this.#msPerUnit;
    return wait;
  }
}
