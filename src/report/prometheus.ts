/**
 * The Prometheus text exposition of a run's figures, built with a
 * prom-client registry from the metrics snapshot, so the file, the live
 * endpoint and the Pushgateway all carry the same numbers as report.json.
 *
 * Labels are bounded: phase, op, status (`ok` or an error class), group,
 * endpoint, client; never a key. Counters and the latency histogram are
 * per op × group × endpoint × client and can be summed with `sum by`;
 * summaries (quantiles cannot be summed) are per phase and op and equal
 * the report's `byOp` percentiles (nearest rank on HDR histograms).
 *
 * @module
 */
import { Registry } from "prom-client";
import { LatencyHistogram } from "../metrics/histogram.ts";
import type {
  OpStats,
  Percentiles,
  PhaseStats,
  SliceStats,
} from "../metrics/types.ts";

/** Content type of the text exposition format. */
export const PROM_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

/** Upper bounds (seconds) of the latency histogram's buckets. */
export const LATENCY_BUCKETS_S: readonly number[] = [
  0.0005,
  0.001,
  0.0025,
  0.005,
  0.01,
  0.025,
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2.5,
  5,
  10,
  30,
  60,
  120,
  300,
];

/** Quantiles of the summaries and the report fields they come from. */
const QUANTILES: [string, keyof Percentiles][] = [
  ["0.5", "p50"],
  ["0.9", "p90"],
  ["0.95", "p95"],
  ["0.99", "p99"],
  ["0.999", "p999"],
];

const MIB = 2 ** 20;

type Labels = Record<string, string | number>;
interface Value {
  labels: Labels;
  value: number;
  metricName?: string;
}
type MetricType = "counter" | "gauge" | "summary" | "histogram";

/** What the exposition is made from. */
export interface PromInput {
  runId: string;
  version: string;
  phases: PhaseStats[];
}

function sliceLabels(p: PhaseStats, s: SliceStats): Labels {
  const { op, group, endpoint, client } = s;
  return { phase: p.name, op, group, endpoint, client };
}

function perSlice(
  phases: PhaseStats[],
  f: (s: OpStats, labels: Labels) => Value[],
): Value[] {
  return phases.flatMap((p) =>
    p.slices.flatMap((s) => f(s.stats, sliceLabels(p, s)))
  );
}

function perOp(
  phases: PhaseStats[],
  f: (s: OpStats, labels: Labels) => Value[],
): Value[] {
  return phases.flatMap((p) =>
    Object.entries(p.byOp).flatMap(([op, s]) => f(s, { phase: p.name, op }))
  );
}

function operations(s: OpStats, labels: Labels): Value[] {
  const out = [{ labels: { ...labels, status: "ok" }, value: s.ok }];
  for (const [cls, n] of Object.entries(s.errorsByClass)) {
    out.push({ labels: { ...labels, status: cls }, value: n });
  }
  return out;
}

const seconds = (ms: number) => Math.round(ms * 1000) / 1e6;
const bytesPerSec = (mibps: number) => mibps * MIB;

/** Summary series from one percentile set, converted to base units. */
function summary(name: string, unit: (v: number) => number) {
  return (p: Percentiles, labels: Labels): Value[] => {
    if (p.n === 0) return [];
    const q = QUANTILES.map(([quantile, k]) => ({
      labels: { ...labels, quantile },
      value: unit(p[k] as number),
    }));
    return [
      ...q,
      { metricName: `${name}_sum`, labels, value: unit(p.mean! * p.n) },
      { metricName: `${name}_count`, labels, value: p.n },
    ];
  };
}

/** Cumulative histogram series from an encoded HDR latency histogram. */
function histogram(name: string, s: OpStats, labels: Labels): Value[] {
  if (s.latencyMs.n === 0) return [];
  const buckets = LatencyHistogram.decode(s.histograms.latency).buckets();
  let i = 0;
  let seen = 0;
  const out: Value[] = [];
  for (const le of LATENCY_BUCKETS_S) {
    for (; i < buckets.length && buckets[i][0] / 1000 <= le; i++) {
      seen += buckets[i][1];
    }
    out.push(bucket(name, labels, String(le), seen));
  }
  out.push(bucket(name, labels, "+Inf", s.latencyMs.n));
  const sum = seconds(s.latencyMs.mean! * s.latencyMs.n);
  out.push({ metricName: `${name}_sum`, labels, value: sum });
  out.push({ metricName: `${name}_count`, labels, value: s.latencyMs.n });
  return out;
}

function bucket(name: string, labels: Labels, le: string, n: number): Value {
  return { metricName: `${name}_bucket`, labels: { ...labels, le }, value: n };
}

interface Family {
  name: string;
  help: string;
  type: MetricType;
  values: (phases: PhaseStats[]) => Value[];
}

const LAT = "s3flood_latency_seconds";
const HIST = "s3flood_latency_buckets_seconds";
const TTFB = "s3flood_ttfb_seconds";
const PART = "s3flood_part_latency_seconds";
const SPEED = "s3flood_operation_speed_bytes_per_second";

const FAMILIES: Family[] = [
  {
    name: "s3flood_operations_total",
    help: "Logical operations finished, by status (ok or error class).",
    type: "counter",
    values: (ps) => perSlice(ps, operations),
  },
  {
    name: "s3flood_retries_total",
    help: "Attempts that were retried.",
    type: "counter",
    values: (ps) => perSlice(ps, (s, l) => [{ labels: l, value: s.retries }]),
  },
  {
    name: "s3flood_bytes_total",
    help: "Body bytes of successful operations.",
    type: "counter",
    values: (ps) => perSlice(ps, (s, l) => [{ labels: l, value: s.bytes }]),
  },
  {
    name: "s3flood_failed_bytes_total",
    help: "Body bytes of failed attempts (not in any throughput).",
    type: "counter",
    values: (ps) =>
      perSlice(ps, (s, l) => [{ labels: l, value: s.failedBytes }]),
  },
  {
    name: LAT,
    help: "Latency (end - due) of successful operations; nearest rank.",
    type: "summary",
    values: (ps) => perOp(ps, (s, l) => summary(LAT, seconds)(s.latencyMs, l)),
  },
  {
    name: HIST,
    help: "Latency (end - due) of successful operations.",
    type: "histogram",
    values: (ps) => perSlice(ps, (s, l) => histogram(HIST, s, l)),
  },
  {
    name: TTFB,
    help: "Time to first byte (first byte - start) of successful operations.",
    type: "summary",
    values: (ps) => perOp(ps, (s, l) => summary(TTFB, seconds)(s.ttfbMs, l)),
  },
  {
    name: PART,
    help: "Service time of each part of multipart uploads.",
    type: "summary",
    values: (ps) => perOp(ps, (s, l) => summary(PART, seconds)(s.partMs, l)),
  },
  {
    name: SPEED,
    help: "Speed of each operation: bytes / (end - start).",
    type: "summary",
    values: (ps) =>
      perOp(ps, (s, l) => summary(SPEED, bytesPerSec)(s.speedMibps, l)),
  },
  {
    name: "s3flood_throughput_bytes_per_second",
    help: "Successful bytes per second of the phase's wall time.",
    type: "gauge",
    values: (ps) =>
      perOp(ps, (s, l) => [{ labels: l, value: s.bytesPerSec ?? 0 }]),
  },
  {
    name: "s3flood_operations_per_second",
    help: "Logical operations per second of the phase's wall time.",
    type: "gauge",
    values: (ps) =>
      perOp(ps, (s, l) => [{ labels: l, value: s.opsPerSec ?? 0 }]),
  },
  {
    name: "s3flood_phase_wall_seconds",
    help: "Wall time of the phase so far: the divisor of every rate.",
    type: "gauge",
    values: (ps) =>
      ps.map((p) => ({ labels: { phase: p.name }, value: p.wallSeconds })),
  },
];

/** A registry holding the families of `input`, read when collected. */
export function promRegistry(input: () => PromInput): Registry {
  const reg = new Registry();
  const info = {
    name: "s3flood_run_info",
    help: "The run this exposition describes.",
    type: "gauge" as const,
    values: () => {
      const i = input();
      return [{ labels: { run_id: i.runId, version: i.version }, value: 1 }];
    },
  };
  for (const f of [info, ...FAMILIES]) {
    const metric = {
      name: f.name,
      help: f.help,
      type: f.type,
      get: () => {
        const values = f.values(input().phases);
        return { name: f.name, help: f.help, type: f.type, values };
      },
    };
    reg.registerMetric(
      metric as unknown as Parameters<
        Registry["registerMetric"]
      >[0],
    );
  }
  return reg;
}

/** The text exposition of a finished run. */
export async function prometheusText(input: PromInput): Promise<string> {
  return await promRegistry(() => input).metrics();
}

/** The metrics file's name inside a run's directory. */
export const METRICS_FILE = "metrics.prom";
