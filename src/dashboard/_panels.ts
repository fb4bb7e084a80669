/**
 * The dashboard's panels, each a few lines fitted to the frame's width:
 * header, ops (rates, sparklines, latency), groups and endpoints, large
 * objects in flight, recent operations, help and footer.
 *
 * @module
 */
import type { Ansis } from "ansis";
import type { FrameInput } from "./frame.ts";
import type { LabelRow, OpLive, RecentOp } from "./live.ts";
import { type Figure, type Health, type OpFigures, worst } from "./health.ts";
import { median } from "./_series.ts";
import { type Col, row, titles, widthOf } from "./_table.ts";
import {
  bar,
  clip,
  clipStart,
  clock,
  mibps,
  ms,
  padEnd,
  rate,
  size,
  sparkline,
} from "./_text.ts";

const memo = new WeakMap<FrameInput, Map<string, OpFigures>>();

/** Whether `live` belongs to the phase under way (else it is history). */
function active(f: FrameInput, live: OpLive): boolean {
  return !f.phase || live.phase.startsWith(f.phase.name);
}

/** The live figures of the ops of the phase under way, once per frame. */
function figures(f: FrameInput): Map<string, OpFigures> {
  let m = memo.get(f);
  if (m) return m;
  m = new Map();
  for (const live of f.live.byOp.values()) {
    if (active(f, live)) m.set(live.op, figuresOf(f, live));
  }
  memo.set(f, m);
  return m;
}

function figuresOf(f: FrameInput, live: OpLive): OpFigures {
  const [p50, p90, p99] = live.window.percentiles([50, 90, 99]);
  const busy = live.series.ops(f.now).filter((v) => v > 0);
  return {
    op: live.op,
    phase: f.phase?.name ?? "",
    opsPerSec: live.series.ops(f.now, 1)[0],
    mibPerSec: live.series.bytes(f.now, 1)[0] / 2 ** 20,
    p50,
    p90,
    p99,
    runP50: live.run.percentile(50),
    runP90: live.run.percentile(90),
    runP99: live.run.percentile(99),
    errorRate: live.window.errorRate(),
    medianOpsPerSec: median(busy),
  };
}

function paint(c: Ansis, h: Health, text: string): string {
  return h === "ok"
    ? c.green(text)
    : h === "warn"
    ? c.yellow(text)
    : c.red(text);
}

function state(f: FrameInput): string {
  if (f.view.paused) return "PAUSED view (load goes on)";
  if (f.draining) return "draining";
  if (!f.phase) return "starting";
  return f.phase.label.endsWith("-warmup") ? "warm-up" : "running";
}

/** Overall progress of the phase: a bar, a percentage and an ETA. */
function progress(f: FrameInput): string {
  const p = f.phase;
  if (!p) return "";
  const elapsed = f.now - p.start;
  let frac: number | undefined;
  let eta: number | undefined;
  if (p.plannedOps) {
    frac = p.doneOps / p.plannedOps;
    const per = p.doneOps > 0 ? elapsed / p.doneOps : undefined;
    if (per !== undefined) eta = (p.plannedOps - p.doneOps) * per;
  } else if (p.durationMs) {
    frac = elapsed / p.durationMs;
    eta = p.durationMs - elapsed;
  }
  if (frac === undefined) return "";
  const pct = `${Math.min(100, Math.floor(frac * 100))}%`;
  const left = eta === undefined ? "" : `  ETA ${clock(eta)}`;
  return `${bar(frac, 16)} ${pct}${left}`;
}

/** The run's header: who, where, which phase, how far, how healthy. */
export function header(f: FrameInput): string[] {
  const c = f.color;
  const h = f.header;
  const one = `run ${h.runId}  profile ${h.profile}  client ${h.client}  ` +
    `endpoint ${h.endpoints.join(", ") || "AWS"}`;
  const p = f.phase;
  const idx = p ? `${h.phases.indexOf(p.name) + 1}/${h.phases.length}` : "";
  const total = p?.durationMs ? ` / ${clock(p.durationMs)}` : "";
  const two = [
    state(f).padEnd(8),
    p ? `phase ${p.label} (${idx})` : "",
    `elapsed ${clock(f.now - f.runStart)}`,
    p ? `phase ${clock(f.now - p.start)}${total}` : "",
    progress(f),
  ].filter((s) => s !== "").join("  ");
  let health: Health = "ok";
  for (const fig of figures(f).values()) {
    health = worst(health, f.judge.overall(fig));
  }
  const tag = `health ${health}`;
  const room = f.width - tag.length - 2;
  return [
    c.bold("s3flood ") + clip(one, f.width - 8),
    `${padEnd(two, Math.max(0, room))}  ${paint(c, health, tag)}`,
  ];
}

const OP_COLS: Col[] = [
  { title: "op", width: 6 },
  { title: "ops/s", width: 8, right: true },
  { title: "MiB/s", width: 8, right: true },
];
const LAT_COLS: Col[] = ["p50", "p90", "p99"].map((t) => ({
  title: t,
  width: 7,
  right: true,
}));

/** Rates now, the last minute, latency now and over the run, errors. */
export function opsPanel(f: FrameInput): string[] {
  const withRun = f.width >= widthOf([...OP_COLS, ...LAT_COLS]) + 40;
  const lat = withRun ? [...LAT_COLS, ...LAT_COLS] : LAT_COLS;
  const fixed = widthOf([...OP_COLS, ...lat]) + 1;
  const spark = Math.max(0, Math.min(60, f.width - fixed - 1));
  const cols = [...OP_COLS, { title: "last 60 s", width: spark }, ...lat];
  const n = f.live.byOp.size > 0 ? [...f.live.byOp.values()][0].window.size : 0;
  const over = padEnd("", widthOf(cols.slice(0, 4))) +
    padEnd(` last ${n} ops`, 24) + (withRun ? " over the run" : "");
  const lines = [f.color.dim(clip(over, f.width)), titles(cols)];
  for (const live of f.live.byOp.values()) {
    lines.push(opRow(f, live, cols, withRun));
  }
  if (f.live.byOp.size === 0) lines.push(f.color.dim("waiting for operations"));
  lines.push(errorLine(f));
  return lines;
}

function opRow(f: FrameInput, live: OpLive, cols: Col[], withRun: boolean) {
  const fig = figures(f).get(live.op) ?? figuresOf(f, live);
  const judge = figures(f).has(live.op);
  const spark = sparkline(live.series.ops(f.now, cols[3].width));
  const cells = [
    live.op,
    rate(fig.opsPerSec),
    rate(fig.mibPerSec),
    spark,
    ms(fig.p50),
    ms(fig.p90),
    ms(fig.p99),
  ];
  if (withRun) cells.push(ms(fig.runP50), ms(fig.runP90), ms(fig.runP99));
  const judged: (Figure | undefined)[] = [
    undefined,
    "opsPerSec",
    undefined,
    undefined,
    "p50",
    "p90",
    "p99",
  ];
  return row(cols, cells, (text, i) => {
    const figure = judge ? judged[i] : undefined;
    if (figure) return paint(f.color, f.judge.judge(fig, figure), text);
    return i >= 7 || !judge ? f.color.dim(text) : text;
  });
}

function errorLine(f: FrameInput): string {
  const l = f.live;
  const classes = Object.entries(l.errorsByClass)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`).join(", ");
  let h: Health = "ok";
  for (const fig of figures(f).values()) {
    h = worst(h, f.judge.judge(fig, "errorRate"));
  }
  const errs = `errors ${l.errors}${classes ? ` (${classes})` : ""}`;
  const rest = `  retries ${l.retries}  throttled ${l.throttled}  ops ${l.ops}`;
  return paint(f.color, h, clip(errs, f.width - rest.length)) +
    clip(rest, f.width);
}

const TABLE_COLS: Col[] = [
  { title: "op", width: 4 },
  { title: "ops", width: 8, right: true },
  { title: "MiB/s", width: 8, right: true },
  { title: "p50", width: 7, right: true },
  { title: "p99", width: 7, right: true },
];

function labelTable(
  f: FrameInput,
  title: string,
  width: number,
  rows: Iterable<LabelRow>,
  max: number,
): string[] {
  const cols = [{ title, width }, ...TABLE_COLS];
  const sorted = [...rows].sort((a, b) =>
    a.op.localeCompare(b.op) || a.label.localeCompare(b.label)
  ).slice(0, max);
  const lines = [f.color.dim(titles(cols))];
  for (const r of sorted) {
    lines.push(row(cols, [
      clipStart(r.label, width),
      r.op,
      String(r.ops),
      rate(mibps(r.bytes, f.now - r.firstMs)),
      ms(r.latency.percentile(50)),
      ms(r.latency.percentile(99)),
    ]));
  }
  return lines;
}

/** Per size group and per endpoint: ops, MiB/s, p50/p99 over the run. */
export function tablesPanel(f: FrameInput, max: number): string[] {
  const { groups, endpoints } = f.live;
  if (groups.rows.size === 0) return [];
  const gw = widthOf([{ title: "", width: 10 }, ...TABLE_COLS]);
  const side = f.width >= gw * 2 + 3 + 14;
  const ew = side
    ? Math.min(40, f.width - gw - 3 - widthOf(TABLE_COLS) - 1)
    : 24;
  const g = labelTable(f, "group", 10, groups.rows.values(), max);
  const e = labelTable(f, "endpoint", ew, endpoints.rows.values(), max);
  if (!side) return [...g, "", ...e];
  const lines: string[] = [];
  for (let i = 0; i < Math.max(g.length, e.length); i++) {
    lines.push(`${g[i] ?? " ".repeat(gw)}   ${e[i] ?? ""}`);
  }
  return lines;
}

/** Progress bars of the large objects in flight, with their ETA. */
export function inflightPanel(f: FrameInput, max: number): string[] {
  const list = f.live.inflight.list();
  if (list.length === 0 || max < 2) return [];
  const lines = [f.color.dim(`in flight (large objects): ${list.length}`)];
  const keyW = Math.max(8, Math.min(40, f.width - 62));
  for (const t of list.slice(0, max - 1)) {
    const took = f.now - t.start;
    const speed = mibps(t.bytes, took);
    const left = speed > 0 ? ((t.size - t.bytes) / 2 ** 20 / speed) * 1000 : 0;
    const frac = t.size > 0 ? t.bytes / t.size : 1;
    const line = `${padEnd(t.op, 4)} ${padEnd(clipStart(t.key, keyW), keyW)} ` +
      `${bar(frac, 16)} ${String(Math.floor(frac * 100)).padStart(3)}%  ` +
      `${size(t.bytes)}/${size(t.size)}  ${rate(speed)} MiB/s` +
      (speed > 0 ? `  ETA ${clock(left)}` : "");
    lines.push(clip(line, f.width));
  }
  return lines;
}

const RECENT_COLS: Col[] = [
  { title: "status", width: 14 },
  { title: "op", width: 4 },
  { title: "key", width: 20 },
  { title: "size", width: 10, right: true },
  { title: "latency", width: 9, right: true },
  { title: "MiB/s", width: 8, right: true },
];

const ORDER: Record<string, (a: RecentOp, b: RecentOp) => number> = {
  recent: (a, b) => b.end - a.end,
  speed: (a, b) => b.speed - a.speed,
  size: (a, b) => b.size - a.size,
};

/** Recent operations: failures first, sorted and filtered as asked. */
export function recentPanel(f: FrameInput, max: number): string[] {
  const v = f.view;
  const keyW = Math.max(8, f.width - widthOf(RECENT_COLS) + 20);
  const cols = RECENT_COLS.map((c) =>
    c.title === "key" ? { ...c, width: keyW } : c
  );
  const pick = f.live.recent()
    .filter((r) => v.filter === "all" || r.op === v.filter)
    .sort((a, b) => Number(a.ok) - Number(b.ok) || ORDER[v.sort](a, b));
  const title = `recent operations  sort: ${v.sort}  filter: ${v.filter}` +
    "  (failed first)";
  const lines = [f.color.dim(clip(title, f.width)), titles(cols)];
  for (const r of pick.slice(0, Math.max(0, max - 2))) {
    lines.push(row(cols, [
      r.status,
      r.op,
      clipStart(r.key, keyW),
      size(r.size),
      ms(r.latencyMs),
      r.ok && r.bytes > 0 ? rate(r.speed) : "-",
    ], (t, i) => i === 0 ? (r.ok ? f.color.green(t) : f.color.red(t)) : t));
  }
  if (pick.length === 0) lines.push(f.color.dim("none yet"));
  return lines;
}

const HELP: [string, string][] = [
  ["p", "pause or resume the view (the load goes on)"],
  ["s", "sort recent operations: recent, speed, size"],
  ["f", "filter recent operations by op type"],
  ["e", "write a snapshot of the current metrics to the run's directory"],
  ["q", "stop the run as Ctrl-C does: drain, then report (twice: at once)"],
  ["?", "show or hide this help"],
];

/** The keys and what they do. */
export function helpPanel(f: FrameInput): string[] {
  const lines = ["", f.color.bold("keys")];
  for (const [k, what] of HELP) lines.push(clip(`  ${k}  ${what}`, f.width));
  return lines;
}

/** The latest notice and the keys. */
export function footer(f: FrameInput): string[] {
  const msg = f.view.messages.at(-1) ?? "";
  const keys = "p pause  s sort  f filter  e snapshot  q stop  ? help";
  return [clip(msg, f.width), f.color.dim(clip(keys, f.width))];
}
