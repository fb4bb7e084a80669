/**
 * One phase's accumulators: live counters plus the op × group, op ×
 * endpoint and op × client leaves. Per-op and phase totals are derived from
 * the op × group leaves when a snapshot is taken, so every breakdown sums to
 * its total by construction. Internal to the metrics layer.
 *
 * @module
 */
import { OP_TYPES, type OpRecord, type OpType } from "../core/record.ts";
import { round3 } from "./histogram.ts";
import { OpAcc, OTHER } from "./_op_acc.ts";
import type { LabelStats, PhaseStats } from "./types.ts";

/** The bounds that keep a phase's memory independent of the run's length. */
export interface Bounds {
  /** Distinct labels kept per op and dimension; later ones fold to `other`. */
  maxLabels: number;
  /** Distinct error codes kept per slice; later ones fold to `other`. */
  maxCodes: number;
}

type LabelField = "group" | "endpoint" | "client";
type Leaves = Map<OpType, Map<string, OpAcc>>;

/** Op × label accumulators for one label field of the record. */
class Dimension {
  readonly leaves: Leaves = new Map();
  readonly #field: LabelField;
  readonly #bounds: Bounds;

  constructor(field: LabelField, bounds: Bounds) {
    this.#field = field;
    this.#bounds = bounds;
  }

  add(r: OpRecord): void {
    let byLabel = this.leaves.get(r.op);
    if (byLabel === undefined) {
      byLabel = new Map();
      this.leaves.set(r.op, byLabel);
    }
    const label = r[this.#field];
    (byLabel.get(label) ?? this.#create(byLabel, label)).add(r);
  }

  #create(byLabel: Map<string, OpAcc>, label: string): OpAcc {
    const key = byLabel.size < this.#bounds.maxLabels ? label : OTHER;
    const existing = byLabel.get(key);
    if (existing !== undefined) return existing;
    const acc = new OpAcc(this.#bounds.maxCodes);
    byLabel.set(key, acc);
    return acc;
  }

  stats(wallSeconds: number): Partial<Record<OpType, LabelStats>> {
    const out: Partial<Record<OpType, LabelStats>> = {};
    for (const op of OP_TYPES) {
      const byLabel = this.leaves.get(op);
      if (byLabel === undefined) continue;
      const entries = [...byLabel].map(([k, a]) => [k, a.stats(wallSeconds)]);
      out[op] = Object.fromEntries(entries);
    }
    return out;
  }
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
  readonly #groups: Dimension;
  readonly #endpoints: Dimension;
  readonly #clients: Dimension;

  constructor(name: string, startMs: number, implicit: boolean, b: Bounds) {
    this.name = name;
    this.startMs = startMs;
    this.implicit = implicit;
    this.#bounds = b;
    this.#groups = new Dimension("group", b);
    this.#endpoints = new Dimension("endpoint", b);
    this.#clients = new Dimension("client", b);
  }

  /** Counts one attempt: hot path. */
  add(r: OpRecord): void {
    if (this.implicit && r.due < this.startMs) this.startMs = r.due;
    if (r.end > this.lastEndMs) this.lastEndMs = r.end;
    this.#countLive(r);
    this.#groups.add(r);
    this.#endpoints.add(r);
    this.#clients.add(r);
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
    const endMs = this.effectiveEndMs();
    const wall = (endMs - this.startMs) / 1000;
    const perOp = this.#perOp();
    const totals = new OpAcc(this.#bounds.maxCodes);
    for (const acc of perOp.values()) totals.merge(acc);
    const byOp: PhaseStats["byOp"] = {};
    for (const [op, acc] of perOp) byOp[op] = acc.stats(wall);
    return {
      name: this.name,
      startMs: round3(this.startMs),
      endMs: round3(endMs),
      wallSeconds: round3(wall),
      open: this.endMs === undefined,
      totals: totals.stats(wall),
      byOp,
      byOpGroup: this.#groups.stats(wall),
      byOpEndpoint: this.#endpoints.stats(wall),
      byOpClient: this.#clients.stats(wall),
    };
  }

  /** Per-op accumulators merged from the op × group leaves, in op order. */
  #perOp(): Map<OpType, OpAcc> {
    const out = new Map<OpType, OpAcc>();
    for (const op of OP_TYPES) {
      const byLabel = this.#groups.leaves.get(op);
      if (byLabel === undefined) continue;
      const acc = new OpAcc(this.#bounds.maxCodes);
      for (const leaf of byLabel.values()) acc.merge(leaf);
      out.set(op, acc);
    }
    return out;
  }
}
