/**
 * The resolved shapes of the dataset and read-popularity settings: how
 * sizes are drawn, where bytes come from, and how reads pick keys. Plain
 * types, re-exported by `settings.ts`.
 *
 * @module
 */
import type { GroupSpec } from "./settings.ts";

/** Every size distribution, in documentation order. */
export const SIZE_DISTRIBUTIONS = [
  "uniform",
  "fixed",
  "pareto",
  "lognormal",
  "zipf",
  "buckets",
] as const;

/** The size distributions a group can draw from. */
export type SizeDistribution = typeof SIZE_DISTRIBUTIONS[number];

/** One size of a weighted bucket list and its relative weight. */
export interface SizeBucket {
  size: number;
  weight: number;
}

/**
 * Parameters of a size distribution. Each distribution reads only its own;
 * the bounds are always the group's `minSize` and `maxSize`.
 */
export interface SizeParams {
  /** pareto: shape (> 0); 1.16 puts 80% of the bytes in 20% of objects. */
  alpha?: number;
  /** lognormal: mean of ln(size in bytes). */
  mu?: number;
  /** lognormal: standard deviation of ln(size in bytes), > 0. */
  sigma?: number;
  /** zipf: exponent (> 0); rank k is drawn with weight 1 / k^s. */
  s?: number;
  /** zipf: the sizes ranked from most to least frequent. */
  values?: number[];
  /** zipf over a range: rank k is `minSize + (k - 1) * step`. */
  step?: number;
  /** buckets: exact sizes with their weights. */
  buckets?: SizeBucket[];
}

/** Where the bytes of uploads come from. */
export type DataSource = "files" | "synthetic";

/** The dataset as resolved from the config. */
export interface DatasetSettings {
  /** Absolute directory of the files (and the manifest). */
  root: string;
  seed: number;
  groups: GroupSpec[];
  /**
   * `files` (default): generated to disk and read back for uploads.
   * `synthetic`: generated while uploading; nothing is written to disk.
   */
  source?: DataSource;
  /** Fraction of each 4 KiB block that is zeros, 0 to 0.9; default 0. */
  compressibility?: number;
}

/** Every read popularity model. */
export const POPULARITY_MODELS = ["uniform", "zipf", "hot"] as const;

/** How reads choose among the keys they may read. */
export type PopularityModel = typeof POPULARITY_MODELS[number];

/** Read popularity as resolved from the config. */
export interface PopularitySettings {
  model: PopularityModel;
  /** zipf: exponent (> 0). */
  zipfS: number;
  /** hot: the fraction of keys that are hot, in (0, 1). */
  hotFraction: number;
  /** hot: the fraction of reads that go to hot keys, in [0, 1]. */
  hotWeight: number;
}
