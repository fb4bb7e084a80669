/**
 * Compares two reports per phase and op: ops/s, MiB/s, p50 and p99
 * latency, each with the new value, the base value, the difference and the
 * difference in percent of the base. Phases and ops are matched by name;
 * one present on a side only is listed with the other side empty.
 *
 * @module
 */
import { Ansis } from "ansis";
import { OP_TYPES, type OpType } from "../core/record.ts";
import type { OpStats } from "../metrics/types.ts";
import { type Column, renderTable } from "./_table.ts";
import type { Report } from "./types.ts";

/** The figures compared. */
export const COMPARED = ["opsPerSec", "mibPerSec", "p50Ms", "p99Ms"] as const;

/** One of {@link COMPARED}. */
export type Compared = typeof COMPARED[number];

/** One figure on both sides. */
export interface Delta {
  base: number | null;
  new: number | null;
  /** new - base, or null when either is missing. */
  diff: number | null;
  /** 100 × diff / base, or null when base is 0 or missing. */
  pct: number | null;
}

/** One phase × op row. */
export interface OpComparison {
  phase: string;
  op: OpType;
  /** Samples behind the latencies: successful operations on each side. */
  n: { base: number; new: number };
  figures: Record<Compared, Delta>;
}

/** The whole comparison. */
export interface Comparison {
  base: string;
  new: string;
  rows: OpComparison[];
}

function pick(s: OpStats | undefined): Record<Compared, number | null> {
  return {
    opsPerSec: s?.opsPerSec ?? null,
    mibPerSec: s?.mibPerSec ?? null,
    p50Ms: s?.latencyMs.p50 ?? null,
    p99Ms: s?.latencyMs.p99 ?? null,
  };
}

const r3 = (v: number) => Math.round(v * 1000) / 1000;

function delta(base: number | null, next: number | null): Delta {
  const diff = base === null || next === null ? null : r3(next - base);
  const pct = diff === null || base === 0 || base === null
    ? null
    : Math.round(diff / base * 1000) / 10;
  return { base, new: next, diff, pct };
}

function row(phase: string, op: OpType, a?: OpStats, b?: OpStats) {
  const x = pick(a);
  const y = pick(b);
  const figures = Object.fromEntries(
    COMPARED.map((k) => [k, delta(x[k], y[k])]),
  ) as Record<Compared, Delta>;
  const n = { base: a?.ok ?? 0, new: b?.ok ?? 0 };
  return { phase, op, n, figures };
}

/** Compares `next` against `base`. */
export function compareReports(base: Report, next: Report): Comparison {
  const names = [
    ...new Set([...base.phases, ...next.phases].map((p) => p.name)),
  ];
  const rows: OpComparison[] = [];
  for (const name of names) {
    const a = base.phases.find((p) => p.name === name)?.byOp ?? {};
    const b = next.phases.find((p) => p.name === name)?.byOp ?? {};
    for (const op of OP_TYPES) {
      if (a[op] === undefined && b[op] === undefined) continue;
      rows.push(row(name, op, a[op], b[op]));
    }
  }
  return { base: base.runId, new: next.runId, rows };
}

const TITLES: Record<Compared, string> = {
  opsPerSec: "ops/s",
  mibPerSec: "MiB/s",
  p50Ms: "p50 ms",
  p99Ms: "p99 ms",
};

/** Higher is better for rates, lower for latencies. */
const BETTER_UP: Record<Compared, boolean> = {
  opsPerSec: true,
  mibPerSec: true,
  p50Ms: false,
  p99Ms: false,
};

function num(v: number | null): string {
  return v === null ? "n/a" : String(v);
}

function pct(d: Delta): string {
  if (d.pct === null) return "n/a";
  return `${d.pct > 0 ? "+" : ""}${d.pct.toFixed(1)}%`;
}

/** The comparison as a table, one row per phase × op × figure. */
export function renderComparison(c: Comparison, color: boolean): string {
  const a = new Ansis(color ? 1 : 0);
  const cols: Column[] = [
    { title: "phase", align: "left", dropRank: 0 },
    { title: "op", align: "left", dropRank: 0 },
    { title: "figure", align: "left", dropRank: 0 },
    { title: "base", align: "right", dropRank: 0 },
    { title: "new", align: "right", dropRank: 0 },
    { title: "diff", align: "right", dropRank: 1 },
    { title: "change", align: "right", dropRank: 0 },
  ];
  const rows = c.rows.flatMap((r) =>
    COMPARED.map((k) => {
      const d = r.figures[k];
      return [r.phase, r.op, TITLES[k], num(d.base), num(d.new), num(d.diff)]
        .concat(pct(d));
    })
  );
  const paint = (text: string, i: number, col: number) => {
    if (i < 0) return a.dim(text);
    const d = c.rows[Math.floor(i / COMPARED.length)];
    const k = COMPARED[i % COMPARED.length];
    const p = d.figures[k].pct;
    if (col !== 6 || p === null || p === 0) return text;
    return (p > 0) === BETTER_UP[k] ? a.green(text) : a.red(text);
  };
  const head = a.bold(`compare: base ${c.base} -> new ${c.new}`);
  return `${head}\n${renderTable(cols, rows, { paint })}\n`;
}
