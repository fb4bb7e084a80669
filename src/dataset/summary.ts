/**
 * Figures that describe a set of sizes: count, total, quantiles, and a
 * histogram with power-of-two bins. Quantiles use the nearest-rank method
 * (the smallest size with at least q of the sizes at or below it), which is
 * defined for any count, one included.
 *
 * @module
 */

/** Count, bytes and size quantiles of a dataset or group. */
export interface SizeSummary {
  count: number;
  totalBytes: number;
  /** Smallest size; 0 when there are none. */
  minSize: number;
  p50: number;
  p90: number;
  p99: number;
  /** Largest size; 0 when there are none. */
  maxSize: number;
}

/** Sizes in a typed array or a plain one. */
export type Sizes = ArrayLike<number>;

/**
 * Summarises `sizes` (sorts a copy; the input is not changed).
 *
 * @example
 * ```ts
 * import { summariseSizes } from "./summary.ts";
 * const s = summariseSizes([1, 2, 3, 4]);
 * console.assert(s.p50 === 2 && s.maxSize === 4 && s.totalBytes === 10);
 * ```
 */
export function summariseSizes(sizes: Sizes): SizeSummary {
  const sorted = Float64Array.from(sizes).sort();
  const n = sorted.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += sorted[i];
  return {
    count: n,
    totalBytes: total,
    minSize: n > 0 ? sorted[0] : 0,
    p50: nearestRank(sorted, 0.5),
    p90: nearestRank(sorted, 0.9),
    p99: nearestRank(sorted, 0.99),
    maxSize: n > 0 ? sorted[n - 1] : 0,
  };
}

/** The q-quantile of ascending `sorted` by nearest rank; 0 when empty. */
export function nearestRank(sorted: Sizes, q: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const rank = Math.min(n, Math.max(1, Math.ceil(q * n)));
  return sorted[rank - 1];
}

/** One bin of {@link sizeHistogram}: sizes in `[lower, upper)`. */
export interface HistogramBin {
  lower: number;
  upper: number;
  count: number;
  bytes: number;
}

/**
 * Counts sizes in power-of-two bins, `[0, 1)`, `[1, 2)`, `[2, 4)`, ...
 * from the smallest occupied bin to the largest, empty bins between
 * included so the shape reads at a glance.
 */
export function sizeHistogram(sizes: Sizes): HistogramBin[] {
  const counts = new Map<number, HistogramBin>();
  for (let i = 0; i < sizes.length; i++) {
    const s = sizes[i];
    const k = binOf(s);
    let bin = counts.get(k);
    if (!bin) counts.set(k, bin = { ...binBounds(k), count: 0, bytes: 0 });
    bin.count++;
    bin.bytes += s;
  }
  if (counts.size === 0) return [];
  const keys = [...counts.keys()];
  const out: HistogramBin[] = [];
  for (let k = Math.min(...keys); k <= Math.max(...keys); k++) {
    out.push(counts.get(k) ?? { ...binBounds(k), count: 0, bytes: 0 });
  }
  return out;
}

/** -1 for 0 bytes, else floor(log2(size)). */
function binOf(size: number): number {
  if (size < 1) return -1;
  let k = Math.floor(Math.log2(size));
  if (2 ** k > size) k--;
  else if (2 ** (k + 1) <= size) k++;
  return k;
}

function binBounds(k: number): { lower: number; upper: number } {
  return k < 0
    ? { lower: 0, upper: 1 }
    : { lower: 2 ** k, upper: 2 ** (k + 1) };
}
