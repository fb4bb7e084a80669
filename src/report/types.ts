/**
 * The shape of `report.json`: everything a run leaves that later commands
 * (summary, merge, compare, thresholds) need, with no other input.
 * `schema.ts` holds the same shape as a JSON Schema; a test keeps the two in
 * step.
 *
 * @module
 */
import type { PhaseStats } from "../metrics/types.ts";
import type { TimeSeriesData } from "../metrics/timeseries.ts";

/** The version of the report's shape that this code writes and reads. */
export const REPORT_SCHEMA_VERSION = 2;

/** How a run ended. */
export type RunStatus = "completed" | "interrupted" | "failed";

/** The tool that wrote the report. */
export interface ToolInfo {
  /** Always `s3flood`. */
  name: string;
  /** The tool's version (semver). */
  version: string;
  /** Git commit the binary was built from, or null when unknown. */
  commit: string | null;
  /** The Deno version it ran on (`Deno.version.deno`). */
  deno: string;
}

/** One S3 client used by the run. */
export interface ClientInfo {
  /** The client's own version string, when it reports one. */
  version?: string;
  /** The client's effective settings (secrets masked). */
  settings: Record<string, unknown>;
}

/** Sums over every phase; rates are left to the phases. */
export interface RunTotals {
  /** Number of phases summed. */
  phases: number;
  /** Logical operations finished. */
  count: number;
  /** Operations that succeeded. */
  ok: number;
  /** Operations that failed after their last attempt. */
  errors: number;
  /** Attempts the server throttled. */
  throttled: number;
  /** Attempts that were retried. */
  retries: number;
  /** Body bytes of successful operations. */
  bytes: number;
  /** Body bytes of failed attempts. */
  failedBytes: number;
  /** Sum of the phases' wall times, in seconds. */
  wallSeconds: number;
}

/** The outcome of one `thresholds:` entry. */
export interface ThresholdResult {
  /** The threshold as written in the config. */
  expression: string;
  /** The figure measured, in the metric's unit; null when nothing matched. */
  actual: number | null;
  /** Samples (or operations) the figure comes from. */
  n: number;
  /** True when `actual` satisfies the comparison. */
  pass: boolean;
}

/** The whole `report.json`. */
export interface Report {
  /** Bumped on any incompatible change of this shape. */
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: ToolInfo;
  /** The run's id, also the name of its results directory. */
  runId: string;
  status: RunStatus;
  /** The command line as given, secrets already masked by the caller. */
  command: string[];
  /** Wall-clock start of the run, ISO 8601 with offset. */
  startedAt: string;
  /** Wall-clock end of the run, ISO 8601 with offset. */
  endedAt: string;
  /** The resolved config, secrets masked. */
  settings: Record<string, unknown>;
  /** The clients used, by name (`sdk`, `awscli`, ...). */
  clients: Record<string, ClientInfo>;
  /** Things a reader should know: warnings, caveats, interruptions. */
  notes: string[];
  /** Figures per phase, in the order the phases ran. */
  phases: PhaseStats[];
  /** Sums over all phases (see {@link runTotals}). */
  totals?: RunTotals;
  /** Per-second figures on wall-clock time (downsampled when long). */
  timeseries?: TimeSeriesData;
  /** The config's thresholds and how they came out. */
  thresholds?: ThresholdResult[];
  /** For a merged report: the run ids it was merged from. */
  mergedFrom?: string[];
  /** The exit code the command ended with. */
  exitCode: number;
}

/** Sums the counters of every phase into {@link RunTotals}. */
export function runTotals(phases: readonly PhaseStats[]): RunTotals {
  const t: RunTotals = {
    phases: phases.length,
    count: 0,
    ok: 0,
    errors: 0,
    throttled: 0,
    retries: 0,
    bytes: 0,
    failedBytes: 0,
    wallSeconds: 0,
  };
  for (const p of phases) addPhase(t, p);
  t.wallSeconds = Math.round(t.wallSeconds * 1000) / 1000;
  return t;
}

function addPhase(t: RunTotals, p: PhaseStats): void {
  const s = p.totals;
  t.count += s.count;
  t.ok += s.ok;
  t.errors += s.errors;
  t.throttled += s.throttled;
  t.retries += s.retries;
  t.bytes += s.bytes;
  t.failedBytes += s.failedBytes;
  t.wallSeconds += p.wallSeconds;
}
