/**
 * Datasets: seeded file sizes and bytes, written to disk with a manifest,
 * reused when they match and refused, with reasons, when they do not.
 * Knows nothing of S3.
 *
 * @example
 * ```ts ignore
 * import { ensureDataset, manifestSummary } from "./mod.ts";
 * const { manifest, created } = await ensureDataset({
 *   root: "./data",
 *   seed: 1,
 *   groups: [{ name: "small", count: 10, minSize: 1024, maxSize: 4096 }],
 * });
 * console.log(created, manifestSummary(manifest).totalBytes);
 * ```
 *
 * @module
 */
export {
  CHUNK_SIZE,
  contentChunk,
  type ContentId,
  contentStream,
  MAX_COMPRESSIBILITY,
} from "./content.ts";
export { describeDataset, type DescribeOptions } from "./describe.ts";
export {
  ensureDataset,
  type EnsureOptions,
  type EnsureResult,
} from "./ensure.ts";
export type { ProgressFn } from "./generate.ts";
export {
  entryOfKey,
  entryPath,
  entryRelPath,
  MANIFEST_FILE,
  openEntry,
} from "./layout.ts";
export {
  type GroupSummary,
  loadManifest,
  type Manifest,
  type ManifestEntry,
  type ManifestSummary,
  manifestSummary,
  readManifest,
} from "./manifest.ts";
export {
  type DatasetSpec,
  GENERATOR,
  type ManifestGroup,
  planEntries,
  type PlannedEntry,
} from "./plan.ts";
export { Rng, type SeedKey } from "./prng.ts";
export {
  type Distribution,
  drawSizes,
  fillSizes,
  type SizedGroup,
  sizeDrawer,
  sizeRng,
} from "./sizes.ts";
export {
  type HistogramBin,
  sizeHistogram,
  type SizeSummary,
  summariseSizes,
} from "./summary.ts";
export {
  ContentVerifier,
  verifierForKey,
  type VerifySource,
} from "./verify.ts";
export { type DatasetEntry, DatasetView } from "./view.ts";
export { ZipfSampler } from "./zipf.ts";
