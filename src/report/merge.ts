/**
 * Merges reports, e.g. of runs that loaded one cluster at the same time
 * from several machines. Counts and bytes are summed and histograms merged
 * exactly, so merged percentiles are those of one histogram over every
 * sample. Phases of the same name become one phase spanning, on the wall
 * clock, from the earliest start to the latest end; its rates divide by
 * that span (the aggregate rate of concurrent runs). Time series are
 * summed second by second on wall-clock time.
 *
 * @module
 */
import { mergePhases } from "../metrics/merge.ts";
import { mergeTimeSeries } from "../metrics/timeseries.ts";
import type { PhaseStats } from "../metrics/types.ts";
import {
  type Report,
  REPORT_SCHEMA_VERSION,
  type RunStatus,
  runTotals,
  type ToolInfo,
} from "./types.ts";

/** Who merges, for the merged report's header. */
export interface MergeContext {
  tool: ToolInfo;
  /** The merge command line, secrets masked. */
  command: string[];
}

const wall = (iso: string | undefined) =>
  iso === undefined ? undefined : Date.parse(iso);

function status(reports: Report[]): RunStatus {
  const all = reports.map((r) => r.status);
  if (all.includes("failed")) return "failed";
  return all.includes("interrupted") ? "interrupted" : "completed";
}

/** One phase name's phases merged over their joint wall-clock span. */
function mergeNamed(name: string, phases: PhaseStats[], origin: number) {
  const starts = phases.map((p) => wall(p.startedAt) ?? p.startMs + origin);
  const ends = phases.map((p) => wall(p.endedAt) ?? p.endMs + origin);
  const start = Math.min(...starts);
  const end = Math.max(...ends);
  const meta = {
    name,
    startMs: start - origin,
    endMs: end - origin,
    open: phases.some((p) => p.open),
  };
  return {
    ...mergePhases(meta, phases),
    startedAt: new Date(start).toISOString(),
    endedAt: new Date(end).toISOString(),
  };
}

function mergeAllPhases(reports: Report[], origin: number): PhaseStats[] {
  const byName = new Map<string, PhaseStats[]>();
  for (const p of reports.flatMap((r) => r.phases)) {
    byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  }
  return [...byName].map(([name, ps]) => mergeNamed(name, ps, origin));
}

/** Merges `reports` (at least one) into a new report. */
export function mergeReports(reports: Report[], ctx: MergeContext): Report {
  const origin = Math.min(...reports.map((r) => Date.parse(r.startedAt)));
  const end = Math.max(...reports.map((r) => Date.parse(r.endedAt)));
  const phases = mergeAllPhases(reports, origin);
  const ids = reports.map((r) => r.runId);
  const series = reports.flatMap((r) => r.timeseries ?? []);
  const settings = Object.fromEntries(
    reports.map((r) => [r.runId, r.settings]),
  );
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: ctx.tool,
    runId: `merged-${ids[0]}-${ids.length}`,
    status: status(reports),
    command: ctx.command,
    startedAt: new Date(origin).toISOString(),
    endedAt: new Date(end).toISOString(),
    settings: { mergedFrom: settings },
    clients: Object.assign({}, ...reports.map((r) => r.clients)),
    notes: [
      `merged from ${ids.length} reports: ${ids.join(", ")}`,
      ...new Set(reports.flatMap((r) => r.notes)),
    ],
    phases,
    totals: runTotals(phases),
    ...(series.length > 0 ? { timeseries: mergeTimeSeries(series) } : {}),
    mergedFrom: ids,
    exitCode: Math.max(...reports.map((r) => r.exitCode)),
  };
}
