/**
 * The standard normal distribution's CDF and its inverse, for lognormal
 * sizes. Both are closed-form approximations built from `Math.exp`,
 * `Math.log` and `Math.sqrt`, which V8 computes the same way on every OS.
 *
 * @module
 */

/**
 * Φ(x), the standard normal CDF, via the complementary error function of
 * Numerical Recipes (relative error below 1.2e-7 everywhere).
 */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 +
            t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 +
                        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 +
                                    t * 0.17087277))))))));
  const r = t * Math.exp(-z * z + poly);
  return x >= 0 ? r : 2 - r;
}

const A = [
  -3.969683028665376e+01,
  2.209460984245205e+02,
  -2.759285104469687e+02,
  1.383577518672690e+02,
  -3.066479806614716e+01,
  2.506628277459239e+00,
];
const B = [
  -5.447609879822406e+01,
  1.615858368580409e+02,
  -1.556989798598866e+02,
  6.680131188771972e+01,
  -1.328068155288572e+01,
];
const C = [
  -7.784894002430293e-03,
  -3.223964580411365e-01,
  -2.400758277161838e+00,
  -2.549732539343734e+00,
  4.374664141464968e+00,
  2.938163982698783e+00,
];
const D = [
  7.784695709041462e-03,
  3.224671290700398e-01,
  2.445134137142996e+00,
  3.754408661907416e+00,
];
const P_LOW = 0.02425;

/**
 * Φ⁻¹(p), the standard normal quantile, by Acklam's rational approximation
 * (relative error below 1.2e-9). Infinite at p = 0 and p = 1.
 *
 * @example
 * ```ts
 * import { normalQuantile } from "./normal.ts";
 * console.assert(Math.abs(normalQuantile(0.975) - 1.959964) < 1e-6);
 * ```
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (p < P_LOW) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - P_LOW) return -tail(Math.sqrt(-2 * Math.log1p(-p)));
  const q = p - 0.5;
  const r = q * q;
  return horner(A, r) * q / (horner(B, r) * r + 1);
}

function tail(q: number): number {
  return horner(C, q) / (horner(D, q) * q + 1);
}

/** Evaluates a polynomial with coefficients from the highest power down. */
function horner(coef: readonly number[], x: number): number {
  let y = 0;
  for (const c of coef) y = y * x + c;
  return y;
}
