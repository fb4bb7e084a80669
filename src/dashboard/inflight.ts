/**
 * Large objects in flight: the engine's attempt observer hands out a watch
 * for each attempt on an object at least `largeBytes` long; the watch
 * counts its bytes. Smaller attempts get no watch, so they cost nothing.
 *
 * @module
 */
import type { AttemptStart, AttemptWatch } from "../core/progress.ts";

/** One large object being moved. */
export interface Transfer {
  op: string;
  key: string;
  size: number;
  /** Bytes moved so far. */
  bytes: number;
  /** Run-clock start of the attempt. */
  start: number;
}

/** Transfers of large objects under way. */
export class Inflight {
  readonly largeBytes: number;
  readonly #open = new Set<Transfer>();

  /** Follows objects of at least `largeBytes`. */
  constructor(largeBytes: number) {
    this.largeBytes = largeBytes;
  }

  /** The engine's attempt observer. */
  observe = (a: AttemptStart): AttemptWatch | undefined => {
    if (a.size < this.largeBytes) return undefined;
    const t: Transfer = {
      op: a.op,
      key: a.key,
      size: a.size,
      bytes: 0,
      start: a.start,
    };
    this.#open.add(t);
    return {
      progress: (n) => (t.bytes += n),
      done: () => this.#open.delete(t),
    };
  };

  /** The transfers under way, oldest first. */
  list(): Transfer[] {
    return [...this.#open];
  }

  /** How many transfers are under way. */
  get size(): number {
    return this.#open.size;
  }
}
