/**
 * Key popularity for random reads: which of the n readable keys the next
 * read goes to. Uniform is the OpSource's own pick; these choosers skew it.
 *
 * - zipf: the key of rank k is read with weight 1 / k^s.
 * - hot: `hotWeight` of the reads go to `hotFraction` of the keys, the rest
 *   to the others, uniformly within each set.
 *
 * Ranks are spread over the pool by a fixed permutation (multiplication by
 * a prime modulo n), so the hot keys are not simply the first ones written
 * (which would all be from the first size group). For a fixed pool, as in
 * a read profile, the hot set stays the same for the whole phase; when
 * writes grow the pool, the permutation follows its size.
 *
 * @module
 */
import type { PopularitySettings } from "../config/settings.ts";
import { type UniformFn, ZipfSampler } from "../dataset/zipf.ts";

/** Picks the pool index of the next read. */
export interface KeyChooser {
  /** An index in `[0, n)`; `uniform` gives floats in `[0, 1)`. */
  pick(n: number, uniform: UniformFn): number;
}

/** The chooser for `p`, or undefined for uniform popularity. */
export function keyChooser(
  p: PopularitySettings | undefined,
): KeyChooser | undefined {
  if (p === undefined || p.model === "uniform") return undefined;
  if (p.model === "zipf") return new ZipfChooser(p.zipfS);
  return new HotChooser(p.hotFraction, p.hotWeight);
}

/** Primes below 2^21, so rank * prime stays exact for n up to 2^32. */
const PRIMES = [1_000_003, 999_983];

/**
 * Rank `r` (0-based) of `n` to a pool index, by a bijection that scatters
 * neighbouring ranks across the pool.
 *
 * @example
 * ```ts
 * import { scatter } from "./popularity.ts";
 * const seen = new Set(Array.from({ length: 10 }, (_, r) => scatter(r, 10)));
 * console.assert(seen.size === 10);
 * ```
 */
export function scatter(r: number, n: number): number {
  const p = n % PRIMES[0] === 0 ? PRIMES[1] : PRIMES[0];
  return (r * p) % n;
}

/** Zipf over the pool's ranks; the sampler is rebuilt when n changes. */
class ZipfChooser implements KeyChooser {
  readonly #s: number;
  #sampler: ZipfSampler | undefined;

  constructor(s: number) {
    this.#s = s;
  }

  pick(n: number, uniform: UniformFn): number {
    if (this.#sampler?.n !== n) this.#sampler = new ZipfSampler(n, this.#s);
    return scatter(this.#sampler.sample(uniform) - 1, n);
  }
}

/** A hot set of ranks `[0, hot)` taking a fixed share of the reads. */
class HotChooser implements KeyChooser {
  readonly #fraction: number;
  readonly #weight: number;

  constructor(fraction: number, weight: number) {
    this.#fraction = fraction;
    this.#weight = weight;
  }

  pick(n: number, uniform: UniformFn): number {
    const hot = Math.min(n, Math.max(1, Math.round(this.#fraction * n)));
    const inHot = hot === n || uniform() < this.#weight;
    const r = inHot
      ? Math.floor(uniform() * hot)
      : hot + Math.floor(uniform() * (n - hot));
    return scatter(r, n);
  }
}
