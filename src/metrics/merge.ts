/**
 * Merging snapshots exactly: counters are summed and HDR histograms are
 * decoded and added, so merged percentiles are those of one histogram over
 * all the samples (at the histograms' 0.1% resolution). Used by report
 * merge, compare and thresholds, which work from reports alone.
 *
 * @module
 */
import { OP_TYPES } from "../core/record.ts";
import { OpAcc } from "./_op_acc.ts";
import { type PhaseMeta, snapshot } from "./_phase.ts";
import type { Leaf } from "./_slices.ts";
import type { OpStats, PhaseStats, SliceStats } from "./types.ts";

/** Merges figures of disjoint samples; rates divide by `wallSeconds`. */
export function mergeStats(all: OpStats[], wallSeconds: number): OpStats {
  const acc = new OpAcc(Infinity);
  for (const s of all) acc.merge(OpAcc.fromStats(s));
  return acc.stats(wallSeconds);
}

function sliceKey(s: SliceStats): string {
  return JSON.stringify([s.op, s.group, s.endpoint, s.client]);
}

/**
 * Merges the leaves of several phases (of one run or several) into one
 * phase over `meta`'s span: leaves with the same labels are added, and
 * every breakdown is rebuilt from the merged leaves.
 */
export function mergePhases(
  meta: PhaseMeta,
  phases: PhaseStats[],
): PhaseStats {
  const leaves = new Map<string, Leaf>();
  for (const s of phases.flatMap((p) => p.slices)) {
    const key = sliceKey(s);
    const known = leaves.get(key);
    const acc = OpAcc.fromStats(s.stats);
    if (known !== undefined) known.acc.merge(acc);
    else leaves.set(key, { ...s, acc });
  }
  const order = (l: Leaf) => OP_TYPES.indexOf(l.op);
  const sorted = [...leaves.values()].sort((a, b) => order(a) - order(b));
  return snapshot(meta, sorted, Infinity);
}
