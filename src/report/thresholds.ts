/**
 * Checks the config's thresholds against a report, from the report alone.
 *
 * A threshold's figure comes from the slices (op × group × endpoint ×
 * client) that match its labels, merged exactly across the phases that
 * match (every measured phase unless `phase=` is given: the `prepare`
 * upload and `*-warmup` phases are left out). Rates divide by the summed
 * wall time of the phases that had a matching slice. A threshold whose
 * figure does not exist (no matching operation, or no successful one for a
 * latency) fails: a gate that saw nothing has proven nothing.
 *
 * @module
 */
import { Ansis } from "ansis";
import type { Threshold, ThresholdMetric } from "../config/thresholds.ts";
import { mergeStats } from "../metrics/merge.ts";
import type { OpStats, PhaseStats, SliceStats } from "../metrics/types.ts";
import type { Report, ThresholdResult } from "./types.ts";

function matches(t: Threshold, s: SliceStats): boolean {
  const l = t.labels;
  return (l.op === undefined || l.op === s.op) &&
    (l.group === undefined || l.group === s.group) &&
    (l.endpoint === undefined || l.endpoint === s.endpoint) &&
    (l.client === undefined || l.client === s.client);
}

/** The merged figures a threshold looks at, or undefined when none. */
export function thresholdStats(
  phases: PhaseStats[],
  t: Threshold,
): OpStats | undefined {
  const picked = phases.filter((p) =>
    t.labels.phase === undefined
      ? isMeasured(p.name)
      : t.labels.phase === p.name
  );
  let wall = 0;
  const slices: OpStats[] = [];
  for (const p of picked) {
    const mine = p.slices.filter((s) => matches(t, s));
    if (mine.length > 0) wall += p.wallSeconds;
    slices.push(...mine.map((s) => s.stats));
  }
  return slices.length === 0 ? undefined : mergeStats(slices, wall);
}

const LATENCY: Partial<Record<ThresholdMetric, keyof OpStats["latencyMs"]>> = {
  p50_ms: "p50",
  p90_ms: "p90",
  p95_ms: "p95",
  p99_ms: "p99",
  p999_ms: "p999",
  max_ms: "max",
  mean_ms: "mean",
};

/** The figure and its sample count for one metric of merged stats. */
function figure(s: OpStats, m: ThresholdMetric): [number | null, number] {
  const lat = LATENCY[m];
  if (lat !== undefined) return [s.latencyMs[lat] as number | null, s.ok];
  switch (m) {
    case "ttfb_p99_ms":
      return [s.ttfbMs.p99, s.ttfbMs.n];
    case "error_rate":
      return [s.count > 0 ? s.errors / s.count : null, s.count];
    case "errors":
      return [s.errors, s.count];
    case "ops":
      return [s.count, s.count];
    case "ops_per_sec":
      return [s.opsPerSec, s.count];
    default:
      return [s.mibPerSec, s.ok];
  }
}

function holds(actual: number, t: Threshold): boolean {
  switch (t.comparator) {
    case "<":
      return actual < t.value;
    case "<=":
      return actual <= t.value;
    case ">":
      return actual > t.value;
    default:
      return actual >= t.value;
  }
}

/** Checks every threshold against `report`'s phases. */
export function evaluateThresholds(
  report: Pick<Report, "phases">,
  thresholds: readonly Threshold[],
): ThresholdResult[] {
  return thresholds.map((t) => {
    const s = thresholdStats(report.phases, t);
    const [actual, n] = s === undefined ? [null, 0] : figure(s, t.metric);
    const rounded = actual === null ? null : Math.round(actual * 1e6) / 1e6;
    const pass = actual !== null && holds(actual, t);
    return { expression: t.expression, actual: rounded, n, pass };
  });
}

/** Pass/fail lines for a terminal, ending in a newline. */
export function renderThresholds(
  results: readonly ThresholdResult[],
  color: boolean,
): string {
  const a = new Ansis(color ? 1 : 0);
  const lines = results.map((r) => {
    const mark = r.pass ? a.green("pass") : a.red("FAIL");
    const actual = r.actual === null ? "n/a (no data)" : String(r.actual);
    return `  ${mark}  ${r.expression}  (actual ${actual}, n ${r.n})`;
  });
  const failed = results.filter((r) => !r.pass).length;
  const head = failed === 0
    ? `thresholds: all ${results.length} passed`
    : `thresholds: ${failed} of ${results.length} failed`;
  return [a.bold(head), ...lines].join("\n") + "\n";
}

/** True for a phase whose figures count: not a prepare or warm-up phase. */
export function isMeasured(phase: string): boolean {
  return phase !== "prepare" && !phase.endsWith("-warmup");
}
