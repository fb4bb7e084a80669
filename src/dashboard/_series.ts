/**
 * Per-second counts of the last minute, in a fixed ring: adding is O(1),
 * reading is O(span). A slot remembers which second it holds, so seconds
 * without records read as zero and no timer is needed to roll the ring.
 *
 * @module
 */

/** Operations and bytes per second over the last `span` seconds. */
export class SecondSeries {
  readonly span: number;
  readonly #second: Float64Array;
  readonly #ops: Float64Array;
  readonly #bytes: Float64Array;

  /** A ring of `span` one-second slots. */
  constructor(span = 60) {
    this.span = span;
    this.#second = new Float64Array(span).fill(-1);
    this.#ops = new Float64Array(span);
    this.#bytes = new Float64Array(span);
  }

  /** Counts one operation that ended at `endMs` having moved `bytes`. */
  add(endMs: number, bytes: number): void {
    const sec = Math.floor(endMs / 1000);
    const i = sec % this.span;
    if (this.#second[i] !== sec) {
      if (this.#second[i] > sec) return; // older than the window
      this.#second[i] = sec;
      this.#ops[i] = 0;
      this.#bytes[i] = 0;
    }
    this.#ops[i]++;
    this.#bytes[i] += bytes;
  }

  /** Operations per second of the `n` whole seconds before `nowMs`. */
  ops(nowMs: number, n = this.span): number[] {
    return this.#read(this.#ops, nowMs, n);
  }

  /** Bytes per second of the `n` whole seconds before `nowMs`. */
  bytes(nowMs: number, n = this.span): number[] {
    return this.#read(this.#bytes, nowMs, n);
  }

  #read(field: Float64Array, nowMs: number, n: number): number[] {
    const last = Math.floor(nowMs / 1000) - 1;
    const out = new Array<number>(Math.min(n, this.span));
    for (let k = 0; k < out.length; k++) {
      const sec = last - (out.length - 1 - k);
      const i = ((sec % this.span) + this.span) % this.span;
      out[k] = this.#second[i] === sec ? field[i] : 0;
    }
    return out;
  }
}

/** The median of `values` (0 when empty). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
