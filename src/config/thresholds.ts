/**
 * The grammar of `thresholds:` entries, parsed once while the config is
 * loaded:
 *
 *     METRIC[{LABEL=VALUE,...}] (< | <= | > | >=) NUMBER
 *
 * for example `p99_ms{op=get} < 50`, `error_rate < 0.01` or
 * `throughput_mibps{op=put,phase=write} > 100`. Labels narrow the figures
 * to an op, phase, group, endpoint or client; without `phase` every phase
 * counts.
 *
 * @module
 */

/** The figures a threshold can test, with their units in the name. */
export const THRESHOLD_METRICS = [
  "p50_ms",
  "p90_ms",
  "p95_ms",
  "p99_ms",
  "p999_ms",
  "max_ms",
  "mean_ms",
  "ttfb_p99_ms",
  "error_rate",
  "errors",
  "ops",
  "ops_per_sec",
  "throughput_mibps",
] as const;

/** One of {@link THRESHOLD_METRICS}. */
export type ThresholdMetric = typeof THRESHOLD_METRICS[number];

/** The labels a threshold may filter on. */
export const THRESHOLD_LABELS = [
  "op",
  "phase",
  "group",
  "endpoint",
  "client",
] as const;

/** One of {@link THRESHOLD_LABELS}. */
export type ThresholdLabel = typeof THRESHOLD_LABELS[number];

/** A comparison; the threshold passes when `actual CMP value` holds. */
export type Comparator = "<" | "<=" | ">" | ">=";

/** A parsed threshold. */
export interface Threshold {
  /** The expression as written. */
  expression: string;
  metric: ThresholdMetric;
  labels: Partial<Record<ThresholdLabel, string>>;
  comparator: Comparator;
  value: number;
}

const SHAPE =
  /^\s*([a-z0-9_]+)\s*(?:\{([^}]*)\})?\s*(<=|>=|<|>)\s*([-+0-9.eE]+)\s*$/;

/**
 * Parses one threshold; returns the problem as a string when it is not
 * valid, naming what is allowed.
 */
export function parseThreshold(text: string): Threshold | string {
  const m = SHAPE.exec(text);
  if (m === null) {
    return `'${text}' is not a threshold; write METRIC{LABEL=VALUE} < NUMBER, e.g. p99_ms{op=get} < 50`;
  }
  const [, metric, rawLabels, comparator, num] = m;
  if (!(THRESHOLD_METRICS as readonly string[]).includes(metric)) {
    return `unknown threshold metric '${metric}' (allowed: ${
      THRESHOLD_METRICS.join(", ")
    })`;
  }
  const value = Number(num);
  if (!Number.isFinite(value)) return `'${num}' in '${text}' is not a number`;
  const labels = parseLabels(rawLabels ?? "");
  if (typeof labels === "string") return `${labels} in '${text}'`;
  return {
    expression: text.trim(),
    metric: metric as ThresholdMetric,
    labels,
    comparator: comparator as Comparator,
    value,
  };
}

function parseLabels(
  text: string,
): Partial<Record<ThresholdLabel, string>> | string {
  const out: Partial<Record<ThresholdLabel, string>> = {};
  for (const part of text.split(",").map((p) => p.trim())) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1");
    if (eq < 1 || value === "") return `label '${part}' needs NAME=VALUE`;
    if (!(THRESHOLD_LABELS as readonly string[]).includes(name)) {
      return `unknown label '${name}' (allowed: ${
        THRESHOLD_LABELS.join(", ")
      })`;
    }
    out[name as ThresholdLabel] = value;
  }
  return out;
}
