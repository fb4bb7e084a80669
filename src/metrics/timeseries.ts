/**
 * The time series: per wall-clock second and op, operations, errors, bytes
 * and a small latency histogram (2 significant digits, 1%). Fed with
 * operation records like any sink.
 *
 * A record counts in the second its operation ended (`end`), on whole
 * wall-clock seconds, so series of concurrent runs line up when merged.
 * Seconds stay open for `lagSeconds` after a later second has been seen
 * (records arrive out of order by up to a retry's backoff); a record for a
 * second already closed counts in the oldest open one. Each closed second
 * goes to `onPoint` (timeseries.csv) as it closes.
 *
 * Memory is bounded: a few open seconds, plus at most `maxPoints` closed
 * points kept for the report, each holding its histograms encoded. When a
 * run outlives `maxPoints` intervals, the kept points are merged pairwise
 * into intervals twice as long (aligned on multiples of the new interval),
 * exactly, since histograms merge exactly. So a 1 h run keeps 1 s points, a
 * 10 h run 16 s points; timeseries.csv always has every second.
 *
 * @module
 */
import { OP_TYPES, type OpRecord, type OpType } from "../core/record.ts";
import { LatencyHistogram } from "./histogram.ts";

/** One op's figures in one interval. */
export interface TimeOpStats {
  /** Logical operations that ended in the interval. */
  ops: number;
  ok: number;
  errors: number;
  /** Attempts retried. */
  retries: number;
  /** Bytes of successful operations. */
  bytes: number;
  /** Median latency (end - due) of successful ops, ms; null when none. */
  latencyP50Ms: number | null;
  /** 99th percentile latency, ms; null when none. */
  latencyP99Ms: number | null;
  /** The latency histogram, HDR compressed base64 in µs (2 digits). */
  latency: string;
}

/** One interval of the series. */
export interface TimePoint {
  /** Start of the interval, wall-clock epoch ms (a whole second). */
  t: number;
  /** Length of the interval in seconds. */
  seconds: number;
  /** The phase of the interval's first record ("" when it had none). */
  phase: string;
  ops: Partial<Record<OpType, TimeOpStats>>;
}

/** The series as kept in the report. */
export interface TimeSeriesData {
  /** Seconds per point (1, or a power of 2 once downsampled). */
  intervalSeconds: number;
  points: TimePoint[];
}

/** Options of {@link TimeSeries}. */
export interface TimeSeriesOptions {
  /** Added to record times (run clock) to get wall-clock epoch ms. */
  wallOffsetMs?: number;
  /** Seconds a second stays open after a later one is seen. Default 5. */
  lagSeconds?: number;
  /** Points kept for the report before downsampling. Default 3600. */
  maxPoints?: number;
  /** Receives every closed second, in order, empty seconds included. */
  onPoint?(p: TimePoint): void;
}

/** Counters and histogram of one op over some seconds. */
class OpBucket {
  ops = 0;
  ok = 0;
  errors = 0;
  retries = 0;
  bytes = 0;
  latency = new LatencyHistogram(2);

  add(r: OpRecord): void {
    if (!r.final) {
      this.retries++;
      return;
    }
    this.ops++;
    if (!r.ok) {
      this.errors++;
      return;
    }
    this.ok++;
    this.bytes += r.bytes;
    this.latency.record(r.end - r.due);
  }

  merge(o: OpBucket): void {
    this.ops += o.ops;
    this.ok += o.ok;
    this.errors += o.errors;
    this.retries += o.retries;
    this.bytes += o.bytes;
    this.latency.add(o.latency);
  }

  stats(): TimeOpStats {
    const { ops, ok, errors, retries, bytes } = this;
    const r = (v: number | null) => v === null ? null : round3(v);
    return {
      ops,
      ok,
      errors,
      retries,
      bytes,
      latencyP50Ms: r(this.latency.percentile(50)),
      latencyP99Ms: r(this.latency.percentile(99)),
      latency: this.latency.encode(),
    };
  }

  static from(s: TimeOpStats): OpBucket {
    const b = new OpBucket();
    Object.assign(b, {
      ops: s.ops,
      ok: s.ok,
      errors: s.errors,
      retries: s.retries,
      bytes: s.bytes,
    });
    b.latency.add(LatencyHistogram.decode(s.latency));
    return b;
  }
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

/** An interval being filled: start second, phase and per-op buckets. */
class Interval {
  readonly ops = new Map<OpType, OpBucket>();
  constructor(public sec: number, public phase: string) {}

  add(r: OpRecord): void {
    if (this.phase === "") this.phase = r.phase;
    let b = this.ops.get(r.op);
    if (b === undefined) this.ops.set(r.op, b = new OpBucket());
    b.add(r);
  }

  merge(o: Interval): void {
    if (this.phase === "") this.phase = o.phase;
    for (const [op, b] of o.ops) {
      const mine = this.ops.get(op);
      if (mine === undefined) this.ops.set(op, b);
      else mine.merge(b);
    }
  }

  point(seconds: number): TimePoint {
    const ops: TimePoint["ops"] = {};
    for (const op of OP_TYPES) {
      const b = this.ops.get(op);
      if (b !== undefined) ops[op] = b.stats();
    }
    return { t: this.sec * 1000, seconds, phase: this.phase, ops };
  }

  static from(p: TimePoint): Interval {
    const i = new Interval(p.t / 1000, p.phase);
    for (const op of OP_TYPES) {
      const s = p.ops[op];
      if (s !== undefined) i.ops.set(op, OpBucket.from(s));
    }
    return i;
  }
}

/** The per-second series of a run; see the module doc. */
export class TimeSeries {
  readonly #offset: number;
  readonly #lag: number;
  readonly #onPoint?: (p: TimePoint) => void;
  readonly #kept: Downsampler;
  readonly #open = new Map<number, Interval>();
  #next: number | undefined;
  #maxSec = -Infinity;
  #last: Interval | undefined;
  #phase = "";

  /** An empty series. */
  constructor(o: TimeSeriesOptions = {}) {
    this.#offset = o.wallOffsetMs ?? 0;
    this.#lag = o.lagSeconds ?? 5;
    this.#onPoint = o.onPoint;
    this.#kept = new Downsampler(o.maxPoints ?? 3600);
  }

  /** Counts one attempt; O(1) apart from closing a second now and then. */
  write(r: OpRecord): void {
    let sec = Math.floor((r.end + this.#offset) / 1000);
    if (sec !== this.#last?.sec) {
      if (this.#next !== undefined && sec < this.#next) sec = this.#next;
      this.#last = this.#interval(sec);
    }
    this.#last.add(r);
    if (sec > this.#maxSec) {
      this.#maxSec = sec;
      this.#closeBefore(sec - this.#lag);
    }
  }

  #interval(sec: number): Interval {
    this.#next ??= sec;
    let i = this.#open.get(sec);
    if (i === undefined) this.#open.set(sec, i = new Interval(sec, ""));
    return i;
  }

  /**
   * Closes the seconds that ended more than the lag before `nowMs` (run
   * clock), so rows appear while the run goes on even when it stalls.
   */
  flush(nowMs: number): void {
    const sec = Math.floor((nowMs + this.#offset) / 1000);
    this.#closeBefore(sec - this.#lag);
  }

  /** Closes every open second up to the last one seen. */
  close(): void {
    this.#closeBefore(this.#maxSec + 1);
  }

  /** Emits every second before `sec`, empty seconds included. */
  #closeBefore(sec: number): void {
    if (this.#next === undefined) return;
    for (; this.#next < sec; this.#next++) {
      const s = this.#next;
      const i = this.#open.get(s) ?? new Interval(s, "");
      this.#open.delete(s);
      if (i === this.#last) this.#last = undefined;
      if (i.phase === "") i.phase = this.#phase;
      this.#phase = i.phase;
      this.#onPoint?.(i.point(1));
      this.#kept.add(i);
    }
  }

  /** The kept points (closed seconds only; call `close` first for all). */
  data(): TimeSeriesData {
    return this.#kept.data();
  }
}

/** Keeps at most `max` points, doubling the interval when full. */
class Downsampler {
  readonly #max: number;
  #points: TimePoint[] = [];
  #cur: Interval | undefined;
  #interval = 1;

  constructor(max: number) {
    this.#max = Math.max(2, max);
  }

  #key(sec: number): number {
    return Math.floor(sec / this.#interval) * this.#interval;
  }

  add(i: Interval): void {
    const key = this.#key(i.sec);
    if (this.#cur === undefined && this.#points.at(-1)?.t === key * 1000) {
      // After a doubling the last kept point may still be filling.
      this.#cur = Interval.from(this.#points.pop()!);
    }
    if (this.#cur !== undefined && this.#cur.sec === key) {
      this.#cur.merge(i);
      return;
    }
    this.#finish();
    i.sec = key;
    this.#cur = i;
  }

  #finish(): void {
    if (this.#cur === undefined) return;
    this.#points.push(this.#cur.point(this.#interval));
    this.#cur = undefined;
    while (this.#points.length >= this.#max) this.#halve();
  }

  /** Doubles the interval and merges the kept points into it. */
  #halve(): void {
    this.#interval *= 2;
    const out: TimePoint[] = [];
    let acc: Interval | undefined;
    for (const p of this.#points) {
      const key = this.#key(p.t / 1000);
      if (acc?.sec === key) {
        acc.merge(Interval.from(p));
        continue;
      }
      if (acc !== undefined) out.push(acc.point(this.#interval));
      acc = Interval.from(p);
      acc.sec = key;
    }
    if (acc !== undefined) out.push(acc.point(this.#interval));
    this.#points = out;
  }

  data(): TimeSeriesData {
    const points = [...this.#points];
    if (this.#cur !== undefined) points.push(this.#cur.point(this.#interval));
    return { intervalSeconds: this.#interval, points };
  }
}

/**
 * Merges several series on wall-clock time: points are regrouped on the
 * coarsest interval of the inputs and summed, histograms exactly.
 */
export function mergeTimeSeries(all: TimeSeriesData[]): TimeSeriesData {
  const interval = Math.max(1, ...all.map((s) => s.intervalSeconds));
  const byKey = new Map<number, Interval>();
  for (const p of all.flatMap((s) => s.points)) {
    const key = Math.floor(p.t / 1000 / interval) * interval;
    const known = byKey.get(key);
    const i = Interval.from(p);
    i.sec = key;
    if (known === undefined) byKey.set(key, i);
    else known.merge(i);
  }
  const keys = [...byKey.keys()].sort((a, b) => a - b);
  const points = keys.map((k) => byKey.get(k)!.point(interval));
  return { intervalSeconds: interval, points };
}
