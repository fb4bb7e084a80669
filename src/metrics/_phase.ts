/**
 * One phase's accumulators: live counters plus the op × group × endpoint ×
 * client leaves. Per-op, per-label and phase totals are merged from the
 * leaves when a snapshot is taken, so every breakdown sums to its total by
 * construction. Internal to the metrics layer.
 *
 * @module
 */
import type { OpRecord, OpType } from "../core/record.ts";
import { round3 } from "./histogram.ts";
import { OpAcc } from "./_op_acc.ts";
import { type Bounds, type Leaf, Slices } from "./_slices.ts";
import type { LabelStats, OpStats, PhaseStats } from "./types.ts";

export type { Bounds } from "./_slices.ts";

type LabelField = "group" | "endpoint" | "client";

/** Merges leaves into one accumulator per key, in first-seen order. */
function mergeBy(
  leaves: Leaf[],
  key: (l: Leaf) => string,
  maxCodes: number,
): Map<string, OpAcc> {
  const out = new Map<string, OpAcc>();
  for (const l of leaves) {
    const k = key(l);
    let acc = out.get(k);
    if (acc === undefined) out.set(k, acc = new OpAcc(maxCodes));
    acc.merge(l.acc);
  }
  return out;
}

function statsOf(m: Map<string, OpAcc>, wall: number): Record<string, OpStats> {
  const out: Record<string, OpStats> = {};
  for (const [k, acc] of m) out[k] = acc.stats(wall);
  return out;
}

/** Accumulators and live counters of one phase. */
export class PhaseState {
  readonly name: string;
  startMs: number;
  endMs: number | undefined;
  /** True while the phase exists only because records named it. */
  implicit: boolean;
  lastEndMs = -Infinity;
  ops = 0;
  okOps = 0;
  errors = 0;
  retries = 0;
  bytes = 0;
  readonly #bounds: Bounds;
  readonly #slices: Slices;

  constructor(name: string, startMs: number, implicit: boolean, b: Bounds) {
    this.name = name;
    this.startMs = startMs;
    this.implicit = implicit;
    this.#bounds = b;
    this.#slices = new Slices(b);
  }

  /** Counts one attempt: hot path. */
  add(r: OpRecord): void {
    if (this.implicit && r.due < this.startMs) this.startMs = r.due;
    if (r.end > this.lastEndMs) this.lastEndMs = r.end;
    this.#countLive(r);
    this.#slices.add(r);
  }

  #countLive(r: OpRecord): void {
    if (!r.final) {
      this.retries++;
      return;
    }
    this.ops++;
    if (!r.ok) {
      this.errors++;
      return;
    }
    this.okOps++;
    this.bytes += r.bytes;
  }

  /** The end used for rates: the explicit end, else the last record's. */
  effectiveEndMs(): number {
    return this.endMs ?? Math.max(this.startMs, this.lastEndMs);
  }

  /** A plain snapshot of the phase. */
  stats(): PhaseStats {
    return snapshot(
      {
        name: this.name,
        startMs: this.startMs,
        endMs: this.effectiveEndMs(),
        open: this.endMs === undefined,
      },
      this.#slices.leaves(),
      this.#bounds.maxCodes,
    );
  }
}

/** What a phase snapshot needs besides its leaves. */
export interface PhaseMeta {
  name: string;
  startMs: number;
  endMs: number;
  open: boolean;
}

/** Builds a phase's figures from its leaves; rates use end - start. */
export function snapshot(
  meta: PhaseMeta,
  leaves: Leaf[],
  maxCodes: number,
): PhaseStats {
  const wall = (meta.endMs - meta.startMs) / 1000;
  const perOp = mergeBy(leaves, (l) => l.op, maxCodes);
  const totals = new OpAcc(maxCodes);
  for (const acc of perOp.values()) totals.merge(acc);
  const byLabel = (field: LabelField) =>
    labelStats(leaves, field, wall, maxCodes);
  return {
    name: meta.name,
    startMs: round3(meta.startMs),
    endMs: round3(meta.endMs),
    wallSeconds: round3(wall),
    open: meta.open,
    totals: totals.stats(wall),
    byOp: statsOf(perOp, wall),
    byOpGroup: byLabel("group"),
    byOpEndpoint: byLabel("endpoint"),
    byOpClient: byLabel("client"),
    slices: leaves.map(({ acc, ...labels }) => ({
      ...labels,
      stats: acc.stats(wall),
    })),
  };
}

/** Per op, the leaves merged by one label. */
function labelStats(
  leaves: Leaf[],
  field: LabelField,
  wall: number,
  maxCodes: number,
): Partial<Record<OpType, LabelStats>> {
  const out: Partial<Record<OpType, LabelStats>> = {};
  for (const op of new Set(leaves.map((l) => l.op))) {
    const mine = leaves.filter((l) => l.op === op);
    out[op] = statsOf(mergeBy(mine, (l) => l[field], maxCodes), wall);
  }
  return out;
}
