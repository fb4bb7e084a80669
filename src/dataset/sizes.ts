/**
 * File sizes for a group, drawn from a seeded stream. Each distribution is
 * one entry in {@link DRAWERS}: given the group, it makes a drawer that
 * turns the stream into sizes within `[minSize, maxSize]`.
 *
 * The bounded distributions (pareto, lognormal) are truncated, not
 * clamped: they are drawn by inverting the CDF restricted to the bounds,
 * so no size piles up at either bound. Sizes are rounded down and kept
 * within the bounds, so a group with `minSize > 0` never yields 0.
 *
 * @module
 */
import type { GroupSpec, SizeDistribution } from "../config/settings.ts";
import { normalCdf, normalQuantile } from "./normal.ts";
import { Rng } from "./prng.ts";
import { ZipfSampler } from "./zipf.ts";

/** The size distributions known to the generator. */
export type Distribution = SizeDistribution;

/** A group as the size drawing sees it; `distribution` defaults to uniform. */
export type SizedGroup = GroupSpec;

/** Draws the next size from `rng`. */
export type SizeDrawer = (rng: Rng) => number;

/** One drawer factory per distribution. */
export const DRAWERS: Readonly<
  Record<Distribution, (g: SizedGroup) => SizeDrawer>
> = {
  uniform: (g) => (rng) => rng.nextInt(g.minSize, g.maxSize),
  fixed: (g) => () => g.minSize,
  pareto: paretoDrawer,
  lognormal: lognormalDrawer,
  zipf: zipfDrawer,
  buckets: bucketDrawer,
};

/** The drawer of `group`; throws a RangeError when a parameter is missing. */
export function sizeDrawer(group: SizedGroup): SizeDrawer {
  const draw = DRAWERS[group.distribution ?? "uniform"];
  if (draw === undefined) {
    throw new RangeError(`unknown size distribution '${group.distribution}'`);
  }
  return draw(group);
}

/**
 * The stream that sizes of `group` in a dataset with `seed` come from. One
 * stream per group, so adding a group changes no other group's sizes.
 */
export function sizeRng(seed: number, group: string): Rng {
  return Rng.fromKey(["sizes/1", seed, group]);
}

/**
 * Draws `group.count` sizes. The i-th size depends only on the stream and
 * i, so a larger count keeps the earlier sizes.
 *
 * @example
 * ```ts
 * import { drawSizes, sizeRng } from "./sizes.ts";
 * const g = { name: "small", count: 3, minSize: 10, maxSize: 20 };
 * const sizes = drawSizes(g, sizeRng(1, g.name));
 * console.assert(sizes.every((s) => s >= 10 && s <= 20));
 * ```
 */
export function drawSizes(group: SizedGroup, rng: Rng): number[] {
  return Array.from(fillSizes(group, rng, new Float64Array(group.count)));
}

/** Fills `out` with the group's first `out.length` sizes; returns `out`. */
export function fillSizes(
  group: SizedGroup,
  rng: Rng,
  out: Float64Array,
): Float64Array {
  const draw = sizeDrawer(group);
  for (let i = 0; i < out.length; i++) out[i] = draw(rng);
  return out;
}

/** Rounds down and keeps within the group's bounds. */
function bounded(g: SizedGroup, x: number): number {
  return Math.min(g.maxSize, Math.max(g.minSize, Math.floor(x)));
}

function param(g: SizedGroup, name: "alpha" | "mu" | "sigma"): number {
  const v = g.params?.[name];
  if (typeof v !== "number" || !Number.isFinite(v)) {
    const d = g.distribution;
    throw new RangeError(`group '${g.name}': ${d} needs params.${name}`);
  }
  return v;
}

/**
 * Pareto with shape alpha on `[minSize, maxSize]`, by inverting the
 * truncated CDF F(x) = (1 - (L/x)^a) / (1 - (L/H)^a).
 */
function paretoDrawer(g: SizedGroup): SizeDrawer {
  const alpha = param(g, "alpha");
  const L = g.minSize;
  const tailMass = 1 - (L / g.maxSize) ** alpha;
  return (rng) => {
    const u = rng.nextFloat();
    return bounded(g, L * (1 - u * tailMass) ** (-1 / alpha));
  };
}

/**
 * Lognormal with ln(size) ~ N(mu, sigma²), truncated to the bounds by
 * drawing its quantile between Φ(a) and Φ(b).
 */
function lognormalDrawer(g: SizedGroup): SizeDrawer {
  const mu = param(g, "mu");
  const sigma = param(g, "sigma");
  const z = (x: number) => (Math.log(x) - mu) / sigma;
  const lo = g.minSize > 0 ? normalCdf(z(g.minSize)) : 0;
  const hi = normalCdf(z(g.maxSize + 1));
  return (rng) => {
    const p = lo + rng.nextFloat() * (hi - lo);
    return bounded(g, Math.exp(mu + sigma * normalQuantile(p)));
  };
}

/**
 * Zipf over ranked sizes: rank k has weight 1/k^s. The ranks are the
 * listed `values`, or `minSize, minSize + step, ...` up to `maxSize`.
 */
function zipfDrawer(g: SizedGroup): SizeDrawer {
  const s = g.params?.s ?? 1;
  const values = g.params?.values;
  if (values !== undefined) {
    const zipf = new ZipfSampler(values.length, s);
    return (rng) => values[zipf.sample(() => rng.nextFloat()) - 1];
  }
  const step = g.params?.step ?? 1;
  const n = Math.floor((g.maxSize - g.minSize) / step) + 1;
  const zipf = new ZipfSampler(n, s);
  return (rng) => g.minSize + (zipf.sample(() => rng.nextFloat()) - 1) * step;
}

/** Exact sizes chosen by weight. */
function bucketDrawer(g: SizedGroup): SizeDrawer {
  const buckets = g.params?.buckets ?? [];
  if (buckets.length === 0) {
    throw new RangeError(`group '${g.name}': buckets needs params.buckets`);
  }
  const cumulative: number[] = [];
  let total = 0;
  for (const b of buckets) cumulative.push(total += b.weight);
  return (rng) => {
    const x = rng.nextFloat() * total;
    const i = cumulative.findIndex((c) => x < c);
    return buckets[i === -1 ? buckets.length - 1 : i].size;
  };
}
