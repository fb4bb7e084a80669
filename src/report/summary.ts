/**
 * The human summary printed at the end of a run: one compact table per
 * phase, plus per-group, per-endpoint and per-client tables when a phase has
 * more than one of them. Rendered from the report alone.
 *
 * @module
 */
import { Ansis } from "ansis";
import type { OpType } from "../core/record.ts";
import type {
  LabelStats,
  OpStats,
  Percentiles,
  PhaseStats,
} from "../metrics/types.ts";
import { type Column, type Paint, renderTable } from "./_table.ts";
import type { Report } from "./types.ts";

/** Options of {@link renderSummary}. */
export interface SummaryOptions {
  /** Style with ANSI colours; the caller decides (NO_COLOR, TTY, flags). */
  color: boolean;
  /** Terminal columns; less essential columns are dropped to fit. */
  width?: number;
}

const FIGURE_COLUMNS: Column[] = [
  { title: "ops", align: "right", dropRank: 0 },
  { title: "errors", align: "right", dropRank: 0 },
  { title: "ops/s", align: "right", dropRank: 0 },
  { title: "MiB/s", align: "right", dropRank: 0 },
  { title: "MB/s", align: "right", dropRank: 4 },
  { title: "p50 ms", align: "right", dropRank: 2 },
  { title: "p90 ms", align: "right", dropRank: 3 },
  { title: "p95 ms", align: "right", dropRank: 6 },
  { title: "p99 ms", align: "right", dropRank: 0 },
  { title: "p99.9 ms", align: "right", dropRank: 7 },
  { title: "max ms", align: "right", dropRank: 1 },
  { title: "n", align: "right", dropRank: 5 },
];

const ERRORS_COL = 1;

/** Formats a rate with 2 decimals, or `n/a`. */
function rate(v: number | null): string {
  return v === null ? "n/a" : v.toFixed(2);
}

/**
 * Formats milliseconds to about three significant digits, the resolution of
 * the histograms (`0.250`, `4.20`, `29.0`, `500`), or `n/a` for null.
 */
export function formatMs(v: number | null): string {
  if (v === null) return "n/a";
  if (v < 1) return v.toFixed(3);
  if (v < 10) return v.toFixed(2);
  return v < 100 ? v.toFixed(1) : v.toFixed(0);
}

/** The mark after a p99.9 taken from fewer than 1000 samples. */
export const LOW_N_MARK = "*";

/** p99.9 in ms, marked when it rests on fewer than 1000 samples. */
export function formatP999(l: Percentiles): string {
  const mark = l.n > 0 && l.p999LowN ? LOW_N_MARK : "";
  return formatMs(l.p999) + mark;
}

function figures(s: OpStats): string[] {
  const l = s.latencyMs;
  return [
    String(s.count),
    String(s.errors),
    rate(s.opsPerSec),
    rate(s.mibPerSec),
    rate(s.mbPerSec),
    formatMs(l.p50),
    formatMs(l.p90),
    formatMs(l.p95),
    formatMs(l.p99),
    formatP999(l),
    formatMs(l.max),
    String(l.n),
  ];
}

/**
 * Renders a report's summary as text ending in a newline. Latency columns
 * are of successful operations; `n` is how many of them. A p99.9 from
 * fewer than 1000 samples carries a `*` and a footnote.
 *
 * @example
 * ```ts
 * import { renderSummary } from "./summary.ts";
 * const text = renderSummary({
 *   schemaVersion: 2, runId: "r1", status: "completed", exitCode: 0,
 *   tool: { name: "s3flood", version: "0.1.0", commit: null, deno: "2" },
 *   command: [], startedAt: "", endedAt: "", settings: {}, clients: {},
 *   notes: [], phases: [],
 * }, { color: false });
 * console.assert(text.startsWith("s3flood run r1: completed"));
 * ```
 */
export function renderSummary(report: Report, opts: SummaryOptions): string {
  const a = new Ansis(opts.color ? 1 : 0);
  const status = report.status === "completed" ? a.green : a.yellow;
  const head = `s3flood run ${report.runId}: ` +
    status(report.status) + ` (exit ${report.exitCode})`;
  const parts = [a.bold(head)];
  for (const p of report.phases) parts.push(renderPhase(p, a, opts.width));
  if (report.phases.some(hasLowN)) {
    parts.push(a.dim(`${LOW_N_MARK} p99.9 from fewer than 1000 samples`));
  }
  if (report.notes.length > 0) parts.push(renderNotes(report.notes, a));
  return parts.join("\n\n") + "\n";
}

function renderPhase(p: PhaseStats, a: Ansis, width?: number): string {
  const wall = `wall ${p.wallSeconds.toFixed(3)} s`;
  const title = a.bold(`phase ${p.name}`) + ` (${wall}` +
    (p.open ? ", not ended" : "") + openModel(p) + ")";
  const ops = Object.entries(p.byOp) as [OpType, OpStats][];
  const rows = ops.map(([op, s]) => [op, ...figures(s)]);
  if (ops.length !== 1) rows.push(["all", ...figures(p.totals)]);
  const cols = [{ title: "op", align: "left", dropRank: 0 } as const];
  const out = [title, table([...cols, ...FIGURE_COLUMNS], rows, a, width)];
  const extra = extraLine(p.totals);
  if (extra !== "") out.push(extra);
  for (const b of BREAKDOWNS) out.push(...breakdown(p, b, a, width));
  return out.join("\n");
}

/** Open model: drops and how late operations started. */
function openModel(p: PhaseStats): string {
  if (p.dropped === undefined) return "";
  const lag = p.totals.startLagMs;
  return `, open model: ${p.dropped} dropped, start lag p50 ` +
    `${formatMs(lag.p50)} / p99 ${formatMs(lag.p99)} ms`;
}

type Breakdown = {
  key: "byOpGroup" | "byOpEndpoint" | "byOpClient";
  label: string;
};

const BREAKDOWNS: Breakdown[] = [
  { key: "byOpGroup", label: "group" },
  { key: "byOpEndpoint", label: "endpoint" },
  { key: "byOpClient", label: "client" },
];

function breakdown(p: PhaseStats, b: Breakdown, a: Ansis, width?: number) {
  const byOp = p[b.key] as Partial<Record<OpType, LabelStats>>;
  const labels = new Set(Object.values(byOp).flatMap((m) => Object.keys(m)));
  if (labels.size < 2) return [];
  const rows = Object.entries(byOp).flatMap(([op, m]) =>
    Object.entries(m).map(([label, s]) => [op, label, ...figures(s)])
  );
  const cols: Column[] = [
    { title: "op", align: "left", dropRank: 0 },
    { title: b.label, align: "left", dropRank: 0 },
    ...FIGURE_COLUMNS,
  ];
  return ["", a.bold(`${p.name} by ${b.label}`), table(cols, rows, a, width)];
}

function table(cols: Column[], rows: string[][], a: Ansis, width?: number) {
  const errorsCol = cols.length - FIGURE_COLUMNS.length + ERRORS_COL;
  const paint: Paint = (text, row, col) => {
    if (row < 0) return a.dim(text);
    if (col === errorsCol && rows[row][col] !== "0") return a.red(text);
    return text;
  };
  return renderTable(cols, rows, { width, paint });
}

function mib(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(2);
}

/** Retries, throttling, failed bytes and error classes, when any. */
function extraLine(s: OpStats): string {
  const bits: string[] = [];
  if (s.retries > 0) bits.push(`retries ${s.retries}`);
  if (s.throttled > 0) bits.push(`throttled ${s.throttled}`);
  if (s.failedBytes > 0) bits.push(`failed ${mib(s.failedBytes)} MiB`);
  const classes = Object.entries(s.errorsByClass)
    .map(([k, n]) => `${k} ${n}`).join(", ");
  if (classes !== "") bits.push(`errors: ${classes}`);
  return bits.join("; ");
}

/** True when some figure of the phase shows a marked p99.9. */
function hasLowN(p: PhaseStats): boolean {
  const low = (s: OpStats) => s.latencyMs.n > 0 && s.latencyMs.p999LowN;
  const labelled = [p.byOpGroup, p.byOpEndpoint, p.byOpClient]
    .flatMap((d) => Object.values(d).flatMap((m) => Object.values(m)));
  return [p.totals, ...Object.values(p.byOp), ...labelled].some(low);
}

function renderNotes(notes: string[], a: Ansis): string {
  return [a.bold("notes"), ...notes.map((n) => `- ${n}`)].join("\n");
}
