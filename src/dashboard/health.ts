/**
 * Colour by health. With `thresholds:` in the config, a live figure that
 * breaks one of them is bad and one within 10% of it is a warning. Without
 * thresholds the run is its own yardstick: a latency percentile of the last
 * N operations against the same percentile over the run (bad past 3x, warn
 * past 1.5x), ops/s now against the median second of the last minute (bad
 * below a quarter, warn below half), and the error rate of the last N
 * operations against `max_error_rate` (warn above 0, bad at the limit).
 *
 * @module
 */

/** Green, yellow or red. */
export type Health = "ok" | "warn" | "bad";

/**
 * A threshold as the config gives it, e.g. `p99_ms{op=get} < 50`. The
 * dashboard judges the live figures it has: p50_ms, p90_ms, p99_ms,
 * error_rate, ops_per_sec and throughput_mibps, labelled by op or phase.
 */
export interface HealthLimit {
  metric: string;
  labels: Readonly<Record<string, string | undefined>>;
  comparator: "<" | "<=" | ">" | ">=";
  value: number;
}

/** The live figures of one op, and their yardsticks from the run. */
export interface OpFigures {
  op: string;
  phase: string;
  opsPerSec: number;
  mibPerSec: number;
  /** Latency of the last N operations, ms. */
  p50: number | null;
  p90: number | null;
  p99: number | null;
  /** The same percentiles over the run. */
  runP50: number | null;
  runP90: number | null;
  runP99: number | null;
  errorRate: number;
  /** Median ops/s of the last minute's busy seconds. */
  medianOpsPerSec: number;
}

/** The figures a colour can be asked for. */
export type Figure = "p50" | "p90" | "p99" | "opsPerSec" | "errorRate";

const METRIC: Record<string, keyof OpFigures> = {
  p50_ms: "p50",
  p90_ms: "p90",
  p99_ms: "p99",
  error_rate: "errorRate",
  ops_per_sec: "opsPerSec",
  throughput_mibps: "mibPerSec",
};

const RANK: Record<Health, number> = { ok: 0, warn: 1, bad: 2 };

/** The worse of two healths. */
export function worst(a: Health, b: Health): Health {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Judges the figures against thresholds and the run's yardsticks. */
export class HealthJudge {
  readonly #limits: readonly HealthLimit[];
  readonly #maxErrorRate: number;

  /** Limits from the config; `maxErrorRate` as in the settings. */
  constructor(limits: readonly HealthLimit[], maxErrorRate: number) {
    this.#limits = limits.filter((l) => METRIC[l.metric] !== undefined);
    this.#maxErrorRate = maxErrorRate;
  }

  /** The health of one figure of `f`. */
  judge(f: OpFigures, figure: Figure): Health {
    const limits = this.#limits.filter((l) =>
      METRIC[l.metric] === figure && applies(l, f)
    );
    if (limits.length > 0) return byLimits(f, limits);
    return this.#byRun(f, figure);
  }

  /** The worst health of every figure of `f`. */
  overall(f: OpFigures): Health {
    const figures: Figure[] = ["p50", "p90", "p99", "opsPerSec", "errorRate"];
    let h: Health = "ok";
    for (const fig of figures) h = worst(h, this.judge(f, fig));
    for (const l of this.#limits) {
      if (METRIC[l.metric] === "mibPerSec" && applies(l, f)) {
        h = worst(h, byLimits(f, [l]));
      }
    }
    return h;
  }

  #byRun(f: OpFigures, figure: Figure): Health {
    if (figure === "errorRate") {
      if (f.errorRate === 0) return "ok";
      return f.errorRate >= this.#maxErrorRate ? "bad" : "warn";
    }
    if (figure === "opsPerSec") {
      const base = f.medianOpsPerSec;
      if (base <= 0) return "ok";
      const r = f.opsPerSec / base;
      return r < 0.25 ? "bad" : r < 0.5 ? "warn" : "ok";
    }
    const now = f[figure];
    const run = f[RUN[figure]];
    if (now === null || run === null || run <= 0) return "ok";
    const r = now / run;
    return r > 3 ? "bad" : r > 1.5 ? "warn" : "ok";
  }
}

const RUN = { p50: "runP50", p90: "runP90", p99: "runP99" } as const;

function applies(l: HealthLimit, f: OpFigures): boolean {
  for (const [k, v] of Object.entries(l.labels)) {
    if (v === undefined) continue;
    if (k === "op" && v !== f.op) return false;
    if (k === "phase" && v !== f.phase) return false;
    if (k !== "op" && k !== "phase") return false;
  }
  return true;
}

function byLimits(f: OpFigures, limits: readonly HealthLimit[]): Health {
  let h: Health = "ok";
  for (const l of limits) {
    const v = f[METRIC[l.metric]];
    if (typeof v !== "number") continue;
    if (!holds(v, l.comparator, l.value)) return "bad";
    const near = l.comparator.startsWith("<") ? l.value * 0.9 : l.value * 1.1;
    if (!holds(v, l.comparator, near)) h = "warn";
  }
  return h;
}

function holds(v: number, cmp: HealthLimit["comparator"], x: number) {
  switch (cmp) {
    case "<":
      return v < x;
    case "<=":
      return v <= x;
    case ">":
      return v > x;
    case ">=":
      return v >= x;
  }
}
