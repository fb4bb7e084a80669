/**
 * The last N operations of one kind: their latencies and outcomes in fixed
 * rings. Percentiles sort a copy at render time (N is small and renders are
 * a few per second), so recording stays O(1).
 *
 * @module
 */

/** Latency and outcome of the last `size` finished operations. */
export class RecentWindow {
  readonly size: number;
  readonly #latency: Float64Array;
  readonly #failed: Uint8Array;
  #next = 0;
  #count = 0;
  #okCount = 0;

  /** A window of the last `size` operations. */
  constructor(size = 1000) {
    this.size = size;
    this.#latency = new Float64Array(size);
    this.#failed = new Uint8Array(size);
  }

  /** Adds one operation; `latencyMs` is NaN for a failure. */
  add(ok: boolean, latencyMs: number): void {
    const i = this.#next;
    if (this.#count === this.size && !this.#failed[i]) this.#okCount--;
    this.#failed[i] = ok ? 0 : 1;
    this.#latency[i] = ok ? latencyMs : NaN;
    if (ok) this.#okCount++;
    this.#next = (i + 1) % this.size;
    if (this.#count < this.size) this.#count++;
  }

  /** Operations in the window. */
  get count(): number {
    return this.#count;
  }

  /** Share of failures among the window's operations (0 when empty). */
  errorRate(): number {
    return this.#count === 0 ? 0 : 1 - this.#okCount / this.#count;
  }

  /** Nearest-rank percentiles (0..100) of the successful latencies. */
  percentiles(ps: readonly number[]): (number | null)[] {
    const vals = new Float64Array(this.#okCount);
    let j = 0;
    for (let i = 0; i < this.#count; i++) {
      const v = this.#latency[i];
      if (!Number.isNaN(v)) vals[j++] = v;
    }
    vals.sort();
    return ps.map((p) => {
      if (vals.length === 0) return null;
      const rank = Math.ceil((p / 100) * vals.length);
      return vals[Math.min(vals.length - 1, Math.max(0, rank - 1))];
    });
  }
}
