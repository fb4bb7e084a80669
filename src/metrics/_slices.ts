/**
 * The leaves of a phase: one accumulator per op × group × endpoint ×
 * client. Every other breakdown is merged from these leaves when a snapshot
 * is taken, so a record costs one accumulator update however many
 * breakdowns the report shows. Internal to the metrics layer.
 *
 * @module
 */
import { OP_TYPES, type OpRecord, type OpType } from "../core/record.ts";
import { OpAcc, OTHER } from "./_op_acc.ts";

/** The bounds that keep a phase's memory independent of the run's length. */
export interface Bounds {
  /** Distinct labels kept per level of the tree; later ones fold to `other`. */
  maxLabels: number;
  /** Leaves kept per phase; later combinations fold to other/other/other. */
  maxSlices: number;
  /** Distinct error codes kept per slice; later ones fold to `other`. */
  maxCodes: number;
}

/** One leaf with its labels. */
export interface Leaf {
  op: OpType;
  group: string;
  endpoint: string;
  client: string;
  acc: OpAcc;
}

type ByClient = Map<string, OpAcc>;
type ByEndpoint = Map<string, ByClient>;
type ByGroup = Map<string, ByEndpoint>;

/** Returns `m`'s entry for `key`, creating it within `max` entries. */
function level<V>(m: Map<string, V>, key: string, max: number, make: () => V) {
  const known = m.get(key);
  if (known !== undefined) return known;
  const k = m.size < max ? key : OTHER;
  let v = m.get(k);
  if (v === undefined) {
    v = make();
    m.set(k, v);
  }
  return v;
}

/** The op × group × endpoint × client tree of one phase. */
export class Slices {
  readonly #tree = new Map<OpType, ByGroup>();
  readonly #b: Bounds;
  #leaves = 0;

  constructor(bounds: Bounds) {
    this.#b = bounds;
  }

  /** Counts one attempt in its leaf: four map lookups, then the leaf. */
  add(r: OpRecord): void {
    const acc = this.#tree.get(r.op)?.get(r.group)?.get(r.endpoint)
      ?.get(r.client) ?? this.#create(r);
    acc.add(r);
  }

  /** Finds or makes the leaf of a record whose path is not complete yet. */
  #create(r: OpRecord): OpAcc {
    const full = this.#leaves >= this.#b.maxSlices;
    const pick = (label: string) => (full ? OTHER : label);
    const max = this.#b.maxLabels;
    const byGroup = level(this.#tree, r.op, Infinity, () => new Map());
    const byEp = level(byGroup, pick(r.group), max, () => new Map());
    const byClient = level(byEp, pick(r.endpoint), max, () => new Map());
    return level(byClient, pick(r.client), max, () => {
      this.#leaves++;
      return new OpAcc(this.#b.maxCodes);
    });
  }

  /** Every leaf, ops in report order, labels in first-seen order. */
  leaves(): Leaf[] {
    const out: Leaf[] = [];
    for (const op of OP_TYPES) {
      for (const [group, byEp] of this.#tree.get(op) ?? []) {
        for (const [endpoint, byClient] of byEp) {
          for (const [client, acc] of byClient) {
            out.push({ op, group, endpoint, client, acc });
          }
        }
      }
    }
    return out;
  }
}
