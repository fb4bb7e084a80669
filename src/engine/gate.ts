/**
 * The start gate of the closed model: before a worker starts an operation
 * it reserves a start slot that respects the phase's rate shape (a rate
 * cap, a ramp, bursts and pauses) and `max_iops`. Waiting happens here,
 * before a request is built and signed.
 *
 * @module
 */
import type { RateShape } from "./shape.ts";

/** Reserves start slots under a rate shape. */
export class StartGate {
  readonly #shape: RateShape;
  readonly #origin: number;
  #next = -Infinity;

  /** `origin` is the phase start on the run clock; shape times are relative. */
  constructor(shape: RateShape, origin: number) {
    this.#shape = shape;
    this.#origin = origin;
  }

  /**
   * Reserves the next slot at or after `now`; returns its time on the run
   * clock, or Infinity when the shape allows no more starts.
   */
  reserve(now: number): number {
    let t = Math.max(this.#next, now) - this.#origin;
    for (let guard = 0; guard < 100_000; guard++) {
      const r = this.#shape(t);
      if (r.rate === Infinity) return t + this.#origin;
      if (r.rate > 0) {
        this.#next = t + this.#origin + 1000 / r.rate;
        return t + this.#origin;
      }
      if (r.until === Infinity) return Infinity;
      t = r.until;
    }
    return Infinity;
  }
}

/** A constant-rate shape, e.g. for `max_iops`. */
export function constantShape(rate: number): RateShape {
  return () => ({ rate, until: Infinity });
}
