/**
 * The side-by-side client comparison of `s3flood compare`: the same
 * profile run once per client, reduced to one row per client and phase
 * (ops/s, MiB/s, p50/p99 latency, errors) plus each run's CPU time, and
 * written as `compare.json` and `compare.csv`. Built from the runs'
 * reports alone, plus the CPU times the caller measured around each run.
 *
 * @module
 */
import { join } from "node:path";
import type { PhaseStats } from "../metrics/types.ts";
import { type Column, renderTable } from "./_table.ts";
import { csvField } from "./ops_csv.ts";
import { formatMs } from "./summary.ts";
import type { Report } from "./types.ts";

/** CPU seconds spent during one run. */
export interface RunCpu {
  /** s3flood's own process (the SDK runs inside it). */
  selfSeconds: number;
  /** Child processes that ended during the run (the subprocess clients). */
  childrenSeconds: number | null;
}

/** One client's run, as the caller saw it. */
export interface ClientRun {
  client: string;
  exitCode: number;
  /** The run's report; absent when the run stopped before one was written. */
  report?: Report;
  runDir?: string;
  /** Why the run stopped early, when it did. */
  error?: string;
  cpu?: RunCpu;
}

/** One row of the comparison: one client in one phase. */
export interface CompareRow {
  client: string;
  phase: string;
  ops: number;
  errors: number;
  opsPerSec: number | null;
  mibPerSec: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
  /** CPU seconds of the client over the whole run (see {@link clientCpu}). */
  clientCpuSeconds: number | null;
  /** CPU seconds of s3flood itself over the whole run. */
  s3floodCpuSeconds: number | null;
  /** `request` (per request) or `process`/`batch` (whole process). */
  timing: string;
  runId: string;
}

/** `compare.json`. */
export interface Comparison {
  /** The config compared, as given on the command line. */
  config: string;
  profile: string;
  rows: CompareRow[];
  runs: {
    client: string;
    exitCode: number;
    status: string;
    runId?: string;
    runDir?: string;
    version?: string;
    error?: string;
    cpu?: RunCpu;
    notes: string[];
  }[];
  /** How to read the figures. */
  notes: string[];
}

/**
 * A client's CPU time: for the SDK, which runs inside s3flood, the
 * process's own; for a subprocess client, its children's.
 */
export function clientCpu(client: string, cpu?: RunCpu): number | null {
  if (!cpu) return null;
  return client === "sdk" ? cpu.selfSeconds : cpu.childrenSeconds;
}

/** Builds the comparison of `runs`. */
export function compareClients(
  config: string,
  profile: string,
  runs: ClientRun[],
): Comparison {
  return {
    config,
    profile,
    rows: runs.flatMap((r) => rowsOf(r)),
    runs: runs.map((r) => ({
      client: r.client,
      exitCode: r.exitCode,
      status: r.report?.status ?? "failed",
      runId: r.report?.runId,
      runDir: r.runDir,
      version: r.report?.clients[r.client]?.version,
      error: r.error,
      cpu: r.cpu,
      notes: r.report?.notes ?? [],
    })),
    notes: COMPARE_NOTES,
  };
}

const COMPARE_NOTES = [
  "latency is from when an operation was due to its end, successful " +
  "operations only; for subprocess clients (timing process or batch) it " +
  "includes starting the client's process",
  "client CPU: the sdk's is s3flood's own process (it runs in process); " +
  "a subprocess client's is that of its child processes",
];

function rowsOf(r: ClientRun): CompareRow[] {
  if (!r.report) return [];
  const info = r.report.clients[r.client];
  const timing = String(info?.settings.timing ?? "request");
  return r.report.phases.map((p) => row(r, p, timing));
}

function row(r: ClientRun, p: PhaseStats, timing: string): CompareRow {
  const t = p.totals;
  return {
    client: r.client,
    phase: p.name,
    ops: t.count,
    errors: t.errors,
    opsPerSec: t.opsPerSec,
    mibPerSec: t.mibPerSec,
    p50Ms: t.latencyMs.p50,
    p99Ms: t.latencyMs.p99,
    clientCpuSeconds: round(clientCpu(r.client, r.cpu)),
    s3floodCpuSeconds: round(r.cpu?.selfSeconds ?? null),
    timing,
    runId: r.report!.runId,
  };
}

function round(v: number | null): number | null {
  return v === null ? null : Math.round(v * 1000) / 1000;
}

const CSV_COLUMNS: (keyof CompareRow)[] = [
  "client",
  "phase",
  "ops",
  "errors",
  "opsPerSec",
  "mibPerSec",
  "p50Ms",
  "p99Ms",
  "clientCpuSeconds",
  "s3floodCpuSeconds",
  "timing",
  "runId",
];

/** The header of `compare.csv`; units are in the names. */
export const COMPARE_CSV_HEADER =
  "client,phase,ops,errors,ops_per_s,mib_per_s,p50_ms,p99_ms," +
  "client_cpu_s,s3flood_cpu_s,timing,run_id";

/** `compare.csv`: one line per row; empty cells for n/a. */
export function compareCsv(c: Comparison): string {
  const lines = c.rows.map((r) =>
    CSV_COLUMNS.map((k) => {
      const v = r[k];
      return v === null ? "" : csvField(String(v));
    }).join(",")
  );
  return [COMPARE_CSV_HEADER, ...lines].join("\n") + "\n";
}

/** Writes `compare.json` and `compare.csv` into `dir`; returns their paths. */
export async function writeComparison(
  dir: string,
  c: Comparison,
): Promise<{ json: string; csv: string }> {
  await Deno.mkdir(dir, { recursive: true });
  const json = join(dir, "compare.json");
  const csv = join(dir, "compare.csv");
  await Deno.writeTextFile(json, JSON.stringify(c, null, 2) + "\n");
  await Deno.writeTextFile(csv, compareCsv(c));
  return { json, csv };
}

const TABLE_COLUMNS: Column[] = [
  { title: "client", align: "left", dropRank: 0 },
  { title: "ops/s", align: "right", dropRank: 0 },
  { title: "MiB/s", align: "right", dropRank: 0 },
  { title: "p50 ms", align: "right", dropRank: 0 },
  { title: "p99 ms", align: "right", dropRank: 0 },
  { title: "errors", align: "right", dropRank: 0 },
  { title: "client cpu s", align: "right", dropRank: 1 },
  { title: "s3flood cpu s", align: "right", dropRank: 2 },
  { title: "timing", align: "left", dropRank: 3 },
];

/** The printed comparison: one table per phase, then failed runs. */
export function renderComparison(c: Comparison, width?: number): string {
  const phases = [...new Set(c.rows.map((r) => r.phase))];
  const parts = phases.map((phase) => {
    const rows = c.rows.filter((r) => r.phase === phase).map(cells);
    const table = renderTable(TABLE_COLUMNS, rows, { width, paint: (t) => t });
    return `phase ${phase}\n${table}`;
  });
  for (const r of c.runs.filter((r) => r.status !== "completed")) {
    const why = r.error ?? `exit code ${r.exitCode}`;
    parts.push(`${r.client}: ${r.status}: ${why}`);
  }
  return parts.join("\n\n") + "\n";
}

function cells(r: CompareRow): string[] {
  const num = (v: number | null, d: number) =>
    v === null ? "n/a" : v.toFixed(d);
  return [
    r.client,
    num(r.opsPerSec, 2),
    num(r.mibPerSec, 2),
    formatMs(r.p50Ms),
    formatMs(r.p99Ms),
    `${r.errors}/${r.ops}`,
    num(r.clientCpuSeconds, 2),
    num(r.s3floodCpuSeconds, 2),
    r.timing,
  ];
}
