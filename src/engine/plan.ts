/**
 * Turns settings into phases and, per phase, a source of operations: which
 * operation comes next, on which key, from which entry. Keys are derived
 * from indices, so a run keeps no string per operation in memory.
 *
 * @module
 */
import type { Mix, Settings } from "../config/settings.ts";
import { Rng } from "../dataset/prng.ts";
import type { ObjectRef } from "../runners/runner.ts";
import { writeKey } from "./keys.ts";
import { type KeyChooser, keyChooser } from "./popularity.ts";

/** A dataset file as the engine sees it. */
export interface SourceEntry {
  path: string;
  size: number;
  group: string;
  /** Index within its group, which names its generated content. */
  index?: number;
}

/**
 * The dataset's entries by number, made on demand, so a dataset of
 * millions of objects holds no object or string per entry.
 */
export interface EntrySource {
  readonly count: number;
  /** Entry `i` of `[0, count)`. */
  entry(i: number): SourceEntry;
}

/** An {@link EntrySource} over entries held in an array (tests, small sets). */
export function listEntries(entries: readonly SourceEntry[]): EntrySource {
  return { count: entries.length, entry: (i) => entries[i] };
}

/** One phase of a run. */
export interface PhasePlan {
  /** `prepare` for the upload before a read or mixed phase; else the profile. */
  name: string;
  mix: Mix;
  /** Stop after this many operations. */
  ops?: number;
  /** Stop scheduling after this long. */
  durationMs?: number;
  /** Read each key once, in order, instead of at random. */
  sequentialReads: boolean;
}

/**
 * The phases of a run. A profile that reads needs objects: without
 * `read_from` it starts with a `prepare` phase that uploads the dataset
 * once. With neither `ops` nor `duration`, the main phase does one pass:
 * as many operations as the dataset (or read pool) has entries.
 */
export function planPhases(
  s: Settings,
  datasetCount: number,
  readFromCount?: number,
): PhasePlan[] {
  const reads = s.profile.mix.read > 0;
  const stop = s.ops !== undefined || s.durationMs !== undefined;
  const readOnly = s.profile.mix.write === 0;
  const onePass = readOnly ? (readFromCount ?? datasetCount) : datasetCount;
  const main: PhasePlan = {
    name: s.profile.name,
    mix: s.profile.mix,
    ops: stop ? s.ops : onePass,
    durationMs: s.durationMs,
    sequentialReads: !stop && (s.readPopularity?.model ?? "uniform") ===
        "uniform",
  };
  const phases: PhasePlan[] = [];
  if (reads && s.readFrom === undefined) {
    phases.push({
      name: "prepare",
      mix: { read: 0, write: 1 },
      ops: datasetCount,
      sequentialReads: true,
    });
  }
  phases.push(main);
  return phases;
}

/** One operation to perform. */
export interface PlannedOp {
  op: "put" | "get";
  ref: ObjectRef;
  /** For puts: the run-wide write index (entry = index mod dataset size). */
  writeIndex?: number;
  /** For puts: the dataset entry to upload. */
  entry?: SourceEntry;
}

/** Objects available to read. */
export interface ReadPool {
  size(): number;
  get(i: number): ObjectRef;
}

/** Keys listed in an earlier run's key log. */
export class ListPool implements ReadPool {
  readonly #refs: ObjectRef[];
  constructor(refs: ObjectRef[]) {
    this.#refs = refs;
  }
  size(): number {
    return this.#refs.length;
  }
  get(i: number): ObjectRef {
    return this.#refs[i];
  }
}

/**
 * Keys this run wrote successfully, held as write indices (4 bytes each)
 * and turned back into keys on demand.
 */
export class WrittenPool implements ReadPool {
  #indices = new Uint32Array(1024);
  #writers = new Uint8Array(1024);
  #n = 0;
  readonly #entries: EntrySource;
  readonly #runPrefix: string;
  readonly #endpoints: readonly string[];

  /** `endpoints` names the writers by index (cluster mode's affinity). */
  constructor(
    entries: EntrySource,
    runPrefix: string,
    endpoints: readonly string[] = [],
  ) {
    this.#entries = entries;
    this.#runPrefix = runPrefix;
    this.#endpoints = endpoints;
  }

  /** Adds a successful write, and the endpoint that wrote it. */
  add(writeIndex: number, writer?: string): void {
    if (this.#n === this.#indices.length) {
      const bigger = new Uint32Array(this.#indices.length * 2);
      bigger.set(this.#indices);
      this.#indices = bigger;
      const writers = new Uint8Array(bigger.length);
      writers.set(this.#writers);
      this.#writers = writers;
    }
    const w = writer === undefined ? -1 : this.#endpoints.indexOf(writer);
    this.#writers[this.#n] = w < 0 ? 255 : w;
    this.#indices[this.#n++] = writeIndex;
  }

  size(): number {
    return this.#n;
  }

  get(i: number): ObjectRef {
    const ref = refForWrite(this.#entries, this.#runPrefix, this.#indices[i]);
    const w = this.#writers[i];
    return w === 255 ? ref : { ...ref, writer: this.#endpoints[w] };
  }
}

/** The object written by the `writeIndex`-th upload of a run. */
export function refForWrite(
  entries: EntrySource,
  runPrefix: string,
  writeIndex: number,
): ObjectRef {
  const e = entries.entry(writeIndex % entries.count);
  const pass = Math.floor(writeIndex / entries.count);
  return {
    key: writeKey(runPrefix, e.path, pass),
    size: e.size,
    group: e.group,
  };
}

/** Several pools read as one. */
export class JoinedPool implements ReadPool {
  readonly #pools: ReadPool[];
  constructor(pools: ReadPool[]) {
    this.#pools = pools;
  }
  size(): number {
    return this.#pools.reduce((n, p) => n + p.size(), 0);
  }
  get(i: number): ObjectRef {
    for (const p of this.#pools) {
      if (i < p.size()) return p.get(i);
      i -= p.size();
    }
    throw new RangeError(`read pool index ${i} out of range`);
  }
}

/** Inputs to {@link OpSource}. */
export interface OpSourceOptions {
  phase: PhasePlan;
  entries: EntrySource;
  runPrefix: string;
  pool: ReadPool;
  /** Shared across phases so every write gets a new key. */
  writeCounter: { next: number };
  seed: number;
  /** How random reads pick keys; uniform when absent. */
  popularity?: Settings["readPopularity"];
}

/** Hands out a phase's operations one at a time. */
export class OpSource {
  readonly #o: OpSourceOptions;
  readonly #rng: Rng;
  readonly #chooser: KeyChooser | undefined;
  #issued = 0;
  #readCursor = 0;

  constructor(o: OpSourceOptions) {
    this.#o = o;
    this.#rng = Rng.fromKey(["ops", o.seed, o.phase.name]);
    this.#chooser = keyChooser(o.popularity);
  }

  /** Operations handed out so far. */
  get issued(): number {
    return this.#issued;
  }

  /** The next operation, or undefined when the phase's count is reached. */
  next(): PlannedOp | undefined {
    const { phase } = this.#o;
    if (phase.ops !== undefined && this.#issued >= phase.ops) return undefined;
    this.#issued++;
    const total = phase.mix.read + phase.mix.write;
    const wantRead = this.#float() * total < phase.mix.read;
    if (wantRead && this.#o.pool.size() > 0) return this.#read();
    if (phase.mix.write === 0) return undefined;
    return this.#write();
  }

  #float(): number {
    return this.#rng.nextU32() / 2 ** 32;
  }

  #read(): PlannedOp {
    const n = this.#o.pool.size();
    const i = this.#o.phase.sequentialReads
      ? this.#readCursor++ % n
      : this.#chooser
      ? this.#chooser.pick(n, () => this.#rng.nextFloat())
      : Math.floor(this.#float() * n);
    return { op: "get", ref: this.#o.pool.get(i) };
  }

  #write(): PlannedOp {
    const w = this.#o.writeCounter.next++;
    const { entries, runPrefix } = this.#o;
    return {
      op: "put",
      ref: refForWrite(entries, runPrefix, w),
      writeIndex: w,
      entry: entries.entry(w % entries.count),
    };
  }
}
