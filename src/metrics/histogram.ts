/**
 * A latency histogram: HDR (3 significant digits) over whole microseconds,
 * read back in milliseconds. Memory is fixed by the value range, never by
 * the number of samples, and histograms merge exactly. The same class holds
 * per-operation speeds (MiB/s, stored in thousandths).
 *
 * @module
 */
import {
  build,
  decodeFromCompressedBase64,
  encodeIntoCompressedBase64,
  JsHistogram,
} from "hdr-histogram-js";
import type { Percentiles } from "./types.ts";

/** Highest value sized for up front: one hour in microseconds. */
const ONE_HOUR_US = 3_600_000_000;

/** Below this many samples p99.9 is just the top sample or two. */
const P999_MIN_N = 1000;

/** Significant decimal digits kept: 3 is 0.1% resolution, 2 is 1%. */
export type Digits = 2 | 3;

function newHdr(digits: Digits): JsHistogram {
  // autoResize keeps a value above one hour from throwing; the array then
  // grows by one bucket (4 KiB) per doubling, so memory stays bounded.
  const h = build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: ONE_HOUR_US,
    numberOfSignificantValueDigits: digits,
    autoResize: true,
  });
  return asJs(h);
}

function asJs(h: unknown): JsHistogram {
  if (h instanceof JsHistogram) return h;
  throw new Error("expected the pure-JS HDR histogram, found another kind");
}

/** Rounds to 3 decimals (microsecond resolution for milliseconds). */
export function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

/**
 * Latency samples in milliseconds, stored as HDR counts of microseconds.
 *
 * Percentiles use nearest rank: p is the ceil(p/100 × n)-th smallest sample,
 * read as the lower bound of its HDR bucket (within 0.1% of the sample, 1%
 * with 2 digits) and clamped to the exact observed [min, max]. So n = 1
 * gives the sample for every p, and n = 0 gives null.
 *
 * @example
 * ```ts
 * import { LatencyHistogram } from "./histogram.ts";
 * const h = new LatencyHistogram();
 * for (const ms of [10, 20, 30]) h.record(ms);
 * console.assert(h.percentile(50) === 20 && h.percentile(99) === 30);
 * ```
 */
export class LatencyHistogram {
  #hdr: JsHistogram | undefined;
  #min = Infinity;
  #max = -Infinity;
  #sum = 0;
  readonly #digits: Digits;

  /** An empty histogram keeping `digits` significant digits (default 3). */
  constructor(digits: Digits = 3) {
    this.#digits = digits;
  }

  /** Records one sample in milliseconds; negatives count as 0. */
  record(ms: number): void {
    const v = ms > 0 ? ms : 0;
    (this.#hdr ??= newHdr(this.#digits)).recordValue(Math.round(v * 1000));
    if (v < this.#min) this.#min = v;
    if (v > this.#max) this.#max = v;
    this.#sum += v;
  }

  /** Number of samples recorded. */
  get count(): number {
    return this.#hdr?.totalCount ?? 0;
  }

  /** Smallest sample in ms, or null when empty. */
  get min(): number | null {
    return this.count === 0 ? null : this.#min;
  }

  /** Largest sample in ms, or null when empty. */
  get max(): number | null {
    return this.count === 0 ? null : this.#max;
  }

  /** Mean sample in ms, or null when empty. */
  get mean(): number | null {
    return this.count === 0 ? null : this.#sum / this.count;
  }

  /** The nearest-rank p-th percentile (0..100) in ms, or null when empty. */
  percentile(p: number): number | null {
    const h = this.#hdr;
    if (h === undefined || h.totalCount === 0) return null;
    const us = h.lowestEquivalentValue(h.getValueAtPercentile(p));
    return Math.min(this.#max, Math.max(this.#min, us / 1000));
  }

  /** Adds every sample of `other` to this histogram. */
  add(other: LatencyHistogram): void {
    const o = other.#hdr;
    if (o === undefined || o.totalCount === 0) return;
    (this.#hdr ??= newHdr(this.#digits)).add(o);
    this.#min = Math.min(this.#min, other.#min);
    this.#max = Math.max(this.#max, other.#max);
    this.#sum += other.#sum;
  }

  /** The summary figures, rounded to 3 decimals; null fields when empty. */
  summary(): Percentiles {
    const r = (v: number | null) => (v === null ? null : round3(v));
    return {
      n: this.count,
      min: r(this.min),
      mean: r(this.mean),
      p50: r(this.percentile(50)),
      p90: r(this.percentile(90)),
      p95: r(this.percentile(95)),
      p99: r(this.percentile(99)),
      p999: r(this.percentile(99.9)),
      max: r(this.max),
      p999LowN: this.count < P999_MIN_N,
    };
  }

  /**
   * The distinct recorded values as [lower bound of the HDR bucket, count]
   * pairs in ascending order: the distribution at the histogram's
   * resolution, for bins, Prometheus buckets and tests.
   */
  buckets(): [number, number][] {
    const h = this.#hdr;
    if (h === undefined || h.totalCount === 0) return [];
    const out: [number, number][] = [];
    const it = h.recordedValuesIterator;
    it.reset();
    while (it.hasNext()) {
      const v = it.next();
      const lo = h.lowestEquivalentValue(v.valueIteratedTo) / 1000;
      out.push([lo, v.countAtValueIteratedTo]);
    }
    return out;
  }

  /** HDR's compressed base64 form (V2 encoding, values in microseconds). */
  encode(): string {
    return encodeIntoCompressedBase64(this.#hdr ?? newHdr(this.#digits));
  }

  /**
   * Reads a histogram written by {@link LatencyHistogram.encode}. Min, max
   * and mean come from the HDR buckets, so they are exact only to the
   * histogram's resolution (0.1%), unless `exact`, the summary written
   * beside it, gives them (rounded to 3 decimals).
   */
  static decode(base64: string, exact?: Percentiles): LatencyHistogram {
    const hdr = asJs(decodeFromCompressedBase64(base64));
    hdr.autoResize = true;
    const digits = hdr.numberOfSignificantValueDigits === 2 ? 2 : 3;
    const h = new LatencyHistogram(digits);
    if (hdr.totalCount === 0) return h;
    h.#hdr = hdr;
    h.#min = hdr.getValueAtPercentile(0) / 1000;
    h.#max = hdr.maxValue / 1000;
    h.#sum = hdr.mean * hdr.totalCount / 1000;
    if (exact?.n === hdr.totalCount) h.#exact(exact);
    return h;
  }

  /** Takes min, max and mean from a summary of the same samples. */
  #exact(s: Percentiles): void {
    if (s.min !== null) this.#min = s.min;
    if (s.max !== null) this.#max = s.max;
    if (s.mean !== null) this.#sum = s.mean * s.n;
  }
}
