/**
 * Zipf ranks: rank k of 1..n drawn with probability proportional to
 * 1 / k^s, by rejection-inversion (Hörmann and Derflinger, 1996). It needs
 * no table, so n can be a billion as cheaply as ten, and it uses on
 * average little more than one uniform draw per rank.
 *
 * Shared by size drawing (ranks of sizes) and read popularity (ranks of
 * keys).
 *
 * @module
 */

/** A source of uniform floats in `[0, 1)`. */
export type UniformFn = () => number;

/**
 * Draws Zipf ranks in `[1, n]` with exponent `s > 0`.
 *
 * @example
 * ```ts
 * import { ZipfSampler } from "./zipf.ts";
 * const zipf = new ZipfSampler(1000, 1.1);
 * const k = zipf.sample(Math.random);
 * console.assert(k >= 1 && k <= 1000);
 * ```
 */
export class ZipfSampler {
  readonly n: number;
  readonly s: number;
  readonly #hX1: number;
  readonly #hN: number;
  readonly #shortcut: number;

  constructor(n: number, s: number) {
    if (!Number.isSafeInteger(n) || n < 1 || !(s > 0)) {
      throw new RangeError(`zipf needs n >= 1 and s > 0: n=${n}, s=${s}`);
    }
    this.n = n;
    this.s = s;
    this.#hX1 = this.#hIntegral(1.5) - 1;
    this.#hN = this.#hIntegral(n + 0.5);
    this.#shortcut = 2 -
      this.#hIntegralInverse(this.#hIntegral(2.5) - this.#h(2));
  }

  /** One rank in `[1, n]`; rank 1 is the most likely. */
  sample(uniform: UniformFn): number {
    while (true) {
      const u = this.#hN + uniform() * (this.#hX1 - this.#hN);
      const x = this.#hIntegralInverse(u);
      const k = Math.min(this.n, Math.max(1, Math.round(x)));
      if (k - x <= this.#shortcut) return k;
      if (u >= this.#hIntegral(k + 0.5) - this.#h(k)) return k;
    }
  }

  /** The density's continuous stand-in: x^-s. */
  #h(x: number): number {
    return Math.exp(-this.s * Math.log(x));
  }

  /** An antiderivative of {@link #h}, stable near s = 1. */
  #hIntegral(x: number): number {
    const logX = Math.log(x);
    return expm1OverX((1 - this.s) * logX) * logX;
  }

  #hIntegralInverse(x: number): number {
    const t = Math.max(-1, x * (1 - this.s));
    return Math.exp(log1pOverX(t) * x);
  }
}

/** log1p(x) / x, continued to 1 at x = 0. */
function log1pOverX(x: number): number {
  if (Math.abs(x) > 1e-8) return Math.log1p(x) / x;
  return 1 - x * (0.5 - x * (1 / 3 - 0.25 * x));
}

/** expm1(x) / x, continued to 1 at x = 0. */
function expm1OverX(x: number): number {
  if (Math.abs(x) > 1e-8) return Math.expm1(x) / x;
  return 1 + x * 0.5 * (1 + x / 3 * (1 + 0.25 * x));
}

/**
 * The exact probability of each rank 1..n, for tests and small n. Sums in
 * O(n).
 */
export function zipfProbabilities(n: number, s: number): Float64Array {
  const p = new Float64Array(n);
  let sum = 0;
  for (let k = 1; k <= n; k++) sum += p[k - 1] = k ** -s;
  for (let i = 0; i < n; i++) p[i] /= sum;
  return p;
}
