/**
 * How reads spread over keys: what share of the reads went to the most
 * read 1% and 10% of the keys. Fed with operation records like any sink.
 *
 * Memory is bounded by a cap on the keys counted, not by the pool. Each
 * key is hashed (two mixed 32-bit FNV-1a hashes, 52 bits kept, so distinct
 * keys practically never merge). Up to `cap` distinct keys, every key has its
 * own exact counter. Past the cap, the counter keeps only keys whose hash
 * has its lowest `level` bits zero, raising `level` (halving the sample)
 * each time the cap is reached again: adaptive sampling, as in Wegman's
 * distinct counting. The hash makes the sampled keys a uniform random
 * sample of the keys, read counts included, so the top p% of the sampled
 * keys stand for the top p% of all keys and their share of the sampled
 * reads estimates the share of all reads. A count-min sketch was not used:
 * it estimates the count of a key you name, but cannot say which keys are
 * the top ones.
 *
 * @module
 */
import type { OpRecord } from "../core/record.ts";

/**
 * Keys counted exactly before sampling starts: 131072, about 12 MB of
 * map at most (a million keys took 119 MB), and a sample large enough
 * that the top-1% share is off by well under a point.
 */
export const DEFAULT_KEY_CAP = 1 << 17;

/** The spread of reads over keys. */
export interface KeySpreadSummary {
  /** Successful reads counted. */
  reads: number;
  /** Distinct keys read (estimated when sampled). */
  keysRead: number;
  /** Keys that could have been read, the base of the top shares. */
  poolKeys: number;
  /** Share of reads on the most read 1% of the pool's keys, 0..1. */
  top1: number;
  /** Share of reads on the most read 10% of the pool's keys, 0..1. */
  top10: number;
  /** Fraction of keys counted: 1 (exact), 1/2, 1/4, ... */
  sampled: number;
}

/** Counts successful final reads per key in bounded memory. */
export class KeySpread {
  readonly #cap: number;
  #counts = new Map<number, number>();
  #level = 0;
  #reads = 0;
  #sampledReads = 0;

  constructor(cap = DEFAULT_KEY_CAP) {
    this.#cap = cap;
  }

  /** Counts `r` when it is a successful final read. */
  write(r: OpRecord): void {
    if (r.op !== "get" || !r.final || !r.ok) return;
    this.#reads++;
    const [h1, h2] = hashKey(r.key);
    if (!this.#inSample(h1)) return;
    const id = (h1 >>> 0) * 2 ** 20 + (h2 & 0xfffff);
    this.#counts.set(id, (this.#counts.get(id) ?? 0) + 1);
    this.#sampledReads++;
    if (this.#counts.size > this.#cap) this.#halve();
  }

  /**
   * The spread, with the top shares taken over `poolKeys` keys (the keys
   * that could be read); defaults to the keys read.
   */
  summary(poolKeys?: number): KeySpreadSummary {
    const rate = 2 ** -this.#level;
    const keysRead = Math.round(this.#counts.size / rate);
    const pool = Math.max(poolKeys ?? keysRead, keysRead);
    const sorted = [...this.#counts.values()].sort((a, b) => b - a);
    const share = (p: number) => {
      if (this.#sampledReads === 0) return 0;
      const n = Math.ceil(p * pool * rate);
      const top = sorted.slice(0, n).reduce((a, b) => a + b, 0);
      return top / this.#sampledReads;
    };
    return {
      reads: this.#reads,
      keysRead,
      poolKeys: pool,
      top1: share(0.01),
      top10: share(0.1),
      sampled: rate,
    };
  }

  #inSample(h1: number): boolean {
    const mask = 2 ** this.#level - 1;
    return (h1 & mask) === 0;
  }

  #halve(): void {
    this.#level++;
    for (const [id, n] of this.#counts) {
      const h1 = Math.floor(id / 2 ** 20);
      if (this.#inSample(h1)) continue;
      this.#counts.delete(id);
      this.#sampledReads -= n;
    }
  }
}

/**
 * Two 32-bit FNV-1a hashes of a key's UTF-16 code units, from different
 * bases, each finished with murmur3's mixer so that every bit (the low
 * ones used for sampling included) depends on every character.
 */
function hashKey(key: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  }
  return [fmix32(a), fmix32(b ^ 0x9e3779b9)];
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** One line for the report, e.g. `reads over keys: ...`. */
export function describeSpread(s: KeySpreadSummary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const how = s.sampled === 1
    ? "exact"
    : `estimated from 1/${Math.round(1 / s.sampled)} of the keys`;
  return `reads over keys: ${s.reads} reads on ${s.keysRead} of ` +
    `${s.poolKeys} keys; the top 1% of keys took ${pct(s.top1)} of ` +
    `the reads, the top 10% took ${pct(s.top10)} (${how})`;
}
