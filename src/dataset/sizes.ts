/**
 * File sizes for a group, drawn from a seeded stream. Each distribution is
 * one function in {@link DRAWERS}; adding pareto, zipf or lognormal means
 * adding one entry there and one name to {@link Distribution}.
 *
 * @module
 */
import type { GroupSpec } from "../config/settings.ts";
import { Rng } from "./prng.ts";

/** The size distributions known to the generator. */
export type Distribution = "uniform";

/** A group as the size drawing sees it; `distribution` defaults to uniform. */
export interface SizedGroup extends GroupSpec {
  distribution?: Distribution;
}

/** Draws one size in `[group.minSize, group.maxSize]`. */
export type SizeDrawer = (group: SizedGroup, rng: Rng) => number;

/** One drawer per distribution. */
export const DRAWERS: Readonly<Record<Distribution, SizeDrawer>> = {
  uniform: (g, rng) => rng.nextInt(g.minSize, g.maxSize),
};

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
  const draw = DRAWERS[group.distribution ?? "uniform"];
  return Array.from({ length: group.count }, () => draw(group, rng));
}
