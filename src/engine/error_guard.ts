/**
 * Stops a run that is only producing errors: over the last `window` final
 * operations of each endpoint, the share of failures is compared with
 * `max_error_rate`. The run stops only when every endpoint that has seen
 * enough operations is over the limit, so one failing endpoint of a
 * cluster is counted and reported without stopping the others.
 *
 * @module
 */

const MIN_OPS = 20;

/** Tracks recent outcomes per endpoint. */
export class ErrorRateGuard {
  readonly #max: number;
  readonly #window: number;
  readonly #rings = new Map<
    string,
    { bits: Uint8Array; n: number; bad: number }
  >();

  constructor(maxErrorRate: number, window = 100) {
    this.#max = maxErrorRate;
    this.#window = window;
  }

  /** Adds a final outcome; returns true when the run should stop. */
  add(endpoint: string, ok: boolean): boolean {
    let r = this.#rings.get(endpoint);
    if (!r) {
      r = { bits: new Uint8Array(this.#window), n: 0, bad: 0 };
      this.#rings.set(endpoint, r);
    }
    const slot = r.n % this.#window;
    if (r.n >= this.#window) r.bad -= r.bits[slot];
    r.bits[slot] = ok ? 0 : 1;
    r.bad += ok ? 0 : 1;
    r.n++;
    return this.#allOver();
  }

  #allOver(): boolean {
    let judged = 0;
    for (const r of this.#rings.values()) {
      if (r.n < MIN_OPS) return false;
      const seen = Math.min(r.n, this.#window);
      if (r.bad / seen <= this.#max) return false;
      judged++;
    }
    return judged > 0;
  }
}
