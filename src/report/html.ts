/**
 * `report.html`: one self-contained page per run, built from report.json
 * alone. Tables are rendered here; the charts (throughput, ops, latency
 * percentiles and errors over time, latency histograms per op and group)
 * are drawn in the browser by the embedded Chart.js from data embedded in
 * the page. Nothing is fetched from the network.
 *
 * @module
 */
import { join } from "node:path";
import type { OpType } from "../core/record.ts";
import { LatencyHistogram } from "../metrics/histogram.ts";
import type { TimeOpStats } from "../metrics/timeseries.ts";
import type {
  LabelStats,
  OpStats,
  Percentiles,
  PhaseStats,
} from "../metrics/types.ts";
import { CHARTJS_SOURCE } from "./_chartjs.ts";
import { ERROR_GUARD, PAGE_CSS, PAGE_SCRIPT } from "./_html_page.ts";
import { formatMs, formatP999 } from "./summary.ts";
import type { Report } from "./types.ts";

/** The page's file name inside a run's directory. */
export const HTML_FILE = "report.html";

const MIB = 2 ** 20;

/** Escapes text for HTML element content and attribute values. */
export function esc(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

/** Makes text safe inside a <script> element. */
function scriptSafe(text: string): string {
  return text.replaceAll("</script", "<\\/script").replaceAll(
    "<!--",
    "<\\!--",
  );
}

function rate(v: number | null): string {
  return v === null ? "n/a" : v.toFixed(2);
}

type Cell = string | { text: string; cls: string };

function table(head: string[], rows: Cell[][]): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join("");
  const tr = rows.map((r) =>
    "<tr>" + r.map((c) => {
      const { text, cls } = typeof c === "string" ? { text: c, cls: "" } : c;
      return `<td${cls ? ` class="${cls}"` : ""}>${esc(text)}</td>`;
    }).join("") + "</tr>"
  ).join("\n");
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table>`;
}

const num = (text: string): Cell => ({ text, cls: "n" });

const FIGURES = [
  "ops",
  "errors",
  "ops/s",
  "MiB/s",
  "MB/s",
  "p50 ms",
  "p90 ms",
  "p95 ms",
  "p99 ms",
  "p99.9 ms",
  "max ms",
  "n",
];

function figures(s: OpStats): Cell[] {
  const l = s.latencyMs;
  const errors = s.errors > 0
    ? { text: String(s.errors), cls: "n bad" }
    : num("0");
  return [
    num(String(s.count)),
    errors,
    num(rate(s.opsPerSec)),
    num(rate(s.mibPerSec)),
    num(rate(s.mbPerSec)),
    ...[l.p50, l.p90, l.p95, l.p99].map((v) => num(formatMs(v))),
    num(formatP999(l)),
    num(formatMs(l.max)),
    num(String(l.n)),
  ];
}

function percentileCells(p: Percentiles, fmt = formatMs): Cell[] {
  const mark = p.n > 0 && p.p999LowN ? "*" : "";
  return [
    ...[p.p50, p.p90, p.p95, p.p99].map((v) => num(fmt(v))),
    num(fmt(p.p999) + mark),
    num(fmt(p.max)),
    num(String(p.n)),
  ];
}

const speedFmt = (v: number | null) => v === null ? "n/a" : v.toFixed(2);

/** Latency, TTFB, service, part and speed percentiles per op. */
function detailTable(p: PhaseStats): string {
  const head = ["op", "figure", "p50", "p90", "p95", "p99", "p99.9", "max"];
  const rows: Cell[][] = [];
  for (const [op, s] of Object.entries(p.byOp)) {
    const add = (name: string, x: Percentiles, fmt = formatMs) => {
      if (x.n > 0) rows.push([op, name, ...percentileCells(x, fmt)]);
    };
    add("latency ms (end - due)", s.latencyMs);
    add("service ms (end - start)", s.serviceMs);
    add("time to first byte ms", s.ttfbMs);
    add("multipart part ms", s.partMs);
    add("speed MiB/s per op", s.speedMibps, speedFmt);
  }
  return table([...head, "n"], rows);
}

function byLabel(p: PhaseStats, key: keyof PhaseStats, label: string) {
  const byOp = p[key] as Partial<Record<OpType, LabelStats>>;
  const rows = Object.entries(byOp).flatMap(([op, m]) =>
    Object.entries(m).map(([l, s]) => [op, l, ...figures(s)])
  );
  return `<h3>${esc(p.name)} by ${label}</h3>` +
    table(["op", label, ...FIGURES], rows);
}

function errorsTable(p: PhaseStats): string {
  const rows: Cell[][] = [];
  for (const [op, s] of Object.entries(p.byOp)) {
    for (const [cls, n] of Object.entries(s.errorsByClass)) {
      rows.push([op, cls, num(String(n))]);
    }
  }
  if (rows.length === 0) return `<p class="note">no errors</p>`;
  const t = p.totals;
  const codes = Object.entries(t.errorsByCode).map(([c, n]) => `${c} ${n}`);
  return table(["op", "error class", "count"], rows) +
    `<p class="note">codes: ${esc(codes.join(", "))}; retries ${t.retries}` +
    `, throttled ${t.throttled}, failed bytes ${t.failedBytes}</p>`;
}

function phaseSection(p: PhaseStats): string {
  const ops = Object.entries(p.byOp) as [OpType, OpStats][];
  const rows = ops.map(([op, s]) => [op, ...figures(s)]);
  if (ops.length !== 1) rows.push(["all", ...figures(p.totals)]);
  const when = p.startedAt ? ` from ${p.startedAt}` : "";
  return [
    `<h2>phase ${esc(p.name)}</h2>`,
    `<p class="meta">wall ${p.wallSeconds.toFixed(3)} s${esc(when)}` +
    `${p.open ? ", not ended" : ""}</p>`,
    table(["op", ...FIGURES], rows),
    `<h3>percentiles per op</h3>`,
    detailTable(p),
    byLabel(p, "byOpGroup", "group"),
    byLabel(p, "byOpEndpoint", "endpoint"),
    byLabel(p, "byOpClient", "client"),
    `<h3>${esc(p.name)} errors by class</h3>`,
    errorsTable(p),
  ].join("\n");
}

/** Data the page script draws from. */
interface PageData {
  timeLabels: string[];
  ops: OpType[];
  series: Record<string, Record<string, (number | null)[]>>;
  histograms: { title: string; labels: string[]; datasets: unknown[] }[];
}

function timeData(r: Report): Omit<PageData, "histograms"> {
  const points = r.timeseries?.points ?? [];
  const t0 = Date.parse(r.startedAt);
  const ops = [...new Set(points.flatMap((p) => Object.keys(p.ops)))];
  const series: PageData["series"] = {};
  for (const op of ops) {
    const get = (
      f: (s: TimeOpStats, secs: number) => number | null,
      empty: number | null = 0,
    ) =>
      points.map((p) => {
        const s = p.ops[op as OpType];
        return s === undefined ? empty : f(s, p.seconds);
      });
    series[op] = {
      mibps: get((s, n) => Math.round(s.bytes / MIB / n * 1000) / 1000),
      opsps: get((s, n) => s.ops / n),
      errors: get((s, n) => s.errors / n),
      p50: get((s) => s.latencyP50Ms, null),
      p99: get((s) => s.latencyP99Ms, null),
    };
  }
  const timeLabels = points.map((p) => `${Math.round((p.t - t0) / 1000)}s`);
  return { timeLabels, ops: ops as OpType[], series };
}

/** Log-spaced bins, 10 per decade, covering [lo, hi] ms. */
function binEdges(lo: number, hi: number): number[] {
  const step = 0.1;
  let e = Math.floor(Math.log10(Math.max(lo, 0.001)) / step) * step;
  const edges: number[] = [];
  while (edges.length < 200) {
    edges.push(10 ** e);
    if (10 ** e > hi) break;
    e += step;
  }
  return edges;
}

function binned(buckets: [number, number][], edges: number[]): number[] {
  const out = new Array(edges.length - 1).fill(0);
  let j = 0;
  for (const [v, n] of buckets) {
    while (j < out.length - 1 && v >= edges[j + 1]) j++;
    out[j] += n;
  }
  return out;
}

function label3(v: number): string {
  return v < 10 ? v.toPrecision(2) : String(Math.round(v));
}

/** One bar chart per phase × op, one dataset per group. */
function histogramData(r: Report): PageData["histograms"] {
  const out: PageData["histograms"] = [];
  for (const p of r.phases) {
    for (const [op, groups] of Object.entries(p.byOpGroup)) {
      const hs = Object.entries(groups).filter(([, s]) => s.latencyMs.n > 0)
        .map(([g, s]) => [g, LatencyHistogram.decode(s.histograms.latency)]);
      if (hs.length === 0) continue;
      const all = hs.map(([, h]) => h as LatencyHistogram);
      const lo = Math.min(...all.map((h) => h.min!));
      const hi = Math.max(...all.map((h) => h.max!));
      const edges = binEdges(lo, hi);
      const datasets = hs.map(([g, h]) => ({
        label: g as string,
        data: binned((h as LatencyHistogram).buckets(), edges),
      }));
      const labels = edges.slice(0, -1).map(label3);
      out.push({ title: `${p.name}: ${op} latency`, labels, datasets });
    }
  }
  return out;
}

function chartBox(id: string, title: string): string {
  return `<div class="chart"><h3>${esc(title)}</h3>` +
    `<canvas id="${id}" width="560" height="260"></canvas></div>`;
}

function chartsSection(d: PageData): string {
  const boxes = d.timeLabels.length === 0 ? [] : [
    chartBox("c-mibps", "throughput over time (MiB/s, successful bytes)"),
    chartBox("c-opsps", "operations over time (ops/s)"),
    chartBox("c-latency", "latency p50 / p99 over time (ms)"),
    chartBox("c-errors", "errors over time (per s)"),
  ];
  d.histograms.forEach((h, i) => boxes.push(chartBox(`c-hist-${i}`, h.title)));
  const note = d.timeLabels.length === 0
    ? `<p class="note">no time series in this report</p>`
    : "";
  return `<h2>charts</h2>${note}<div class="charts">\n${
    boxes.join("\n")
  }\n</div>`;
}

function thresholdsSection(r: Report): string {
  if (!r.thresholds || r.thresholds.length === 0) return "";
  const rows = r.thresholds.map((t) => [
    t.pass ? { text: "pass", cls: "good" } : { text: "FAIL", cls: "bad" },
    t.expression,
    num(t.actual === null ? "n/a" : String(t.actual)),
    num(String(t.n)),
  ]);
  return `<h2>thresholds</h2>` +
    table(["result", "threshold", "actual", "n"], rows);
}

function header(r: Report): string {
  const t = r.tool;
  return `<h1>s3flood run ${esc(r.runId)}: ${esc(r.status)}</h1>
<p class="meta">${esc(r.startedAt)} to ${esc(r.endedAt)}; exit ${r.exitCode};
${esc(`${t.name} ${t.version}`)} (commit ${esc(t.commit ?? "unknown")},
deno ${esc(t.deno)}); clients: ${esc(Object.keys(r.clients).join(", "))}</p>`;
}

const METHOD_NOTE = `<p class="note">Percentiles are nearest rank over HDR
histograms (3 significant digits, values within 0.1%), of successful
operations; latency runs from when an operation was due to its last byte.
p99.9 marked * rests on fewer than 1000 samples. MiB = 2^20 bytes,
MB = 10^6 bytes; rates divide by the phase's wall time. Time series points
count operations in the second they ended; their p50/p99 come from 1%
histograms.</p>`;

/** The whole page for `report`. */
export function renderHtml(report: Report): string {
  const data: PageData = {
    ...timeData(report),
    histograms: histogramData(report),
  };
  const json = JSON.stringify(data).replaceAll("<", "\\u003c");
  const notes = report.notes.map((n) => `<li>${esc(n)}</li>`).join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>s3flood report ${esc(report.runId)}</title>
<style>${PAGE_CSS}</style>
<script>${ERROR_GUARD}</script>
</head><body>
${header(report)}
${METHOD_NOTE}
${thresholdsSection(report)}
${report.phases.map(phaseSection).join("\n")}
${chartsSection(data)}
<h2>notes</h2><ul>${notes}</ul>
<h2>settings</h2>
<pre>${esc(JSON.stringify(report.settings, null, 2))}</pre>
<div id="s3flood-status" data-done="0"></div>
<script id="s3flood-data" type="application/json">${json}</script>
<script>${scriptSafe(CHARTJS_SOURCE)}</script>
<script>${PAGE_SCRIPT}</script>
</body></html>
`;
}

/** Writes `<dir>/report.html` and returns its path. */
export async function writeReportHtml(
  dir: string,
  report: Report,
): Promise<string> {
  const path = join(dir, HTML_FILE);
  await Deno.writeTextFile(path, renderHtml(report));
  return path;
}
