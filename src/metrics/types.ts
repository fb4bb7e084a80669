/**
 * The plain, serialisable figures the metrics layer hands to reports. Every
 * time is in milliseconds and every rate is per second of a phase's wall
 * time; names carry their unit.
 *
 * @module
 */
import type { OpType } from "../core/record.ts";

/**
 * Latency figures of one set of samples, in milliseconds rounded to 3
 * decimals. Every figure is null when `n` is 0. Percentiles are nearest
 * rank and lie within [min, max].
 */
export interface Percentiles {
  /** Number of samples the figures come from. */
  n: number;
  min: number | null;
  mean: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  p999: number | null;
  max: number | null;
  /** True when n < 1000: p99.9 is then no more than the top sample. */
  p999LowN: boolean;
}

/**
 * HDR histograms in compressed base64 (V2), values in microseconds, so that
 * reports from shards or runs can be merged exactly.
 */
export interface HistogramSet {
  /** The unit of the recorded values: always microseconds. */
  unit: "us";
  /** Latency: end - due. */
  latency: string;
  /** Service time: end - start of the final attempt. */
  service: string;
  /** Time to first byte: first byte - start of the final attempt. */
  ttfb: string;
  /** Speed of each operation in MiB/s (stored in thousandths, like µs). */
  speed: string;
  /** Service time of each part of multipart uploads. */
  part: string;
  /** Start lag: start - due of each operation's first attempt. */
  startLag: string;
}

/**
 * Figures for one slice of a phase (all of it, one op, one op × group ...).
 *
 * Counting rules: `count` is logical operations (final attempts), and
 * `count = ok + errors`. Earlier attempts are `retries`. `throttled` counts
 * every attempt (final or retried) the server throttled; a throttled final
 * failure is also in `errors` and in `errorsByClass.throttled`. Bytes and
 * latency count successful operations only. Every rate divides by the
 * phase's wall time, so rates of a breakdown sum to the phase's.
 */
export interface OpStats {
  /** Logical operations finished (successful or failed). */
  count: number;
  /** Operations that succeeded. */
  ok: number;
  /** Operations that failed after their last attempt. */
  errors: number;
  /** Attempts the server throttled (503 SlowDown and kin), retried or not. */
  throttled: number;
  /** Attempts that were retried (every attempt but the final one). */
  retries: number;
  /** Failed operations by error class (only non-zero classes appear). */
  errorsByClass: Record<string, number>;
  /** Failed operations by S3 or client error code; bounded, then `other`. */
  errorsByCode: Record<string, number>;
  /** Body bytes moved by successful operations. */
  bytes: number;
  /** Body bytes moved by failed attempts; not part of any throughput. */
  failedBytes: number;
  /** Logical operations (incl. failed ones) per wall second. */
  opsPerSec: number | null;
  /** Successful operations per wall second. */
  okOpsPerSec: number | null;
  /** Successful bytes per wall second. */
  bytesPerSec: number | null;
  /** Successful bytes per wall second in MiB (2^20 bytes). */
  mibPerSec: number | null;
  /** Successful bytes per wall second in MB (10^6 bytes). */
  mbPerSec: number | null;
  /** Latency of successful operations (end - due; includes queueing). */
  latencyMs: Percentiles;
  /** Service time of successful operations (end - start). */
  serviceMs: Percentiles;
  /** Time to first byte of successful operations that had one. */
  ttfbMs: Percentiles;
  /**
   * Speed of each successful operation that moved bytes, in MiB/s:
   * bytes / (end - start). Not a throughput: operations overlap.
   */
  speedMibps: Percentiles;
  /**
   * Service time of each part of the successful multipart uploads (n is
   * the number of parts); the whole objects are in the other figures.
   */
  partMs: Percentiles;
  /**
   * How late operations started: start - due of each logical operation's
   * first attempt, failed ones included. Near 0 in the closed model; in
   * the open model it grows when the client cannot keep up (queueing in
   * s3flood, throttles), apart from the server's service time.
   */
  startLagMs: Percentiles;
  /** The histograms behind the percentile sets. */
  histograms: HistogramSet;
}

/** One leaf: the figures of one op × group × endpoint × client. */
export interface SliceStats {
  op: OpType;
  group: string;
  endpoint: string;
  client: string;
  stats: OpStats;
}

/** Breakdown of one op by a label (group, endpoint or client name). */
export type LabelStats = Record<string, OpStats>;

/** Figures for one phase (`write`, `read`, `mixed`, ...). */
export interface PhaseStats {
  name: string;
  /** Start on the run's monotonic clock, in ms. */
  startMs: number;
  /** End on the run's monotonic clock, in ms. */
  endMs: number;
  /** Wall-clock start (ISO 8601), filled in by the caller when known. */
  startedAt?: string;
  /** Wall-clock end (ISO 8601), filled in by the caller when known. */
  endedAt?: string;
  /** (endMs - startMs) / 1000: the divisor of every rate. */
  wallSeconds: number;
  /** True when the phase was never ended; endMs is then the last record's. */
  open: boolean;
  /**
   * Open model: arrivals dropped because max_in_flight operations were
   * running (set by the caller; absent in the closed model).
   */
  dropped?: number;
  /** The whole phase. */
  totals: OpStats;
  /** Per op type. */
  byOp: Partial<Record<OpType, OpStats>>;
  /** Per op type and dataset group. */
  byOpGroup: Partial<Record<OpType, LabelStats>>;
  /** Per op type and endpoint. */
  byOpEndpoint: Partial<Record<OpType, LabelStats>>;
  /** Per op type and client. */
  byOpClient: Partial<Record<OpType, LabelStats>>;
  /**
   * Every op × group × endpoint × client seen; each breakdown above is a
   * merge of these leaves, so all of them sum to the totals.
   */
  slices: SliceStats[];
}

/** Cheap cumulative totals of the current phase, for a progress line. */
export interface LiveTotals {
  /** The phase most recently started, or null before any. */
  phase: string | null;
  /** Logical operations finished. */
  ops: number;
  /** Logical operations that succeeded. */
  okOps: number;
  /** Logical operations that failed. */
  errors: number;
  /** Attempts retried. */
  retries: number;
  /** Bytes of successful operations. */
  bytes: number;
  /** Milliseconds since the phase started (to its end once ended). */
  elapsedMs: number;
}
