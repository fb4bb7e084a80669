/**
 * Builds a dataset's manifest from its spec: the groups as recorded, the
 * size summary, and (for files on disk) the entries with their hashes. A
 * synthetic dataset's manifest is built in memory alone, in about the time
 * it takes to draw its sizes.
 *
 * @module
 */
import type { Manifest, ManifestEntry } from "./manifest.ts";
import { type DatasetSpec, GENERATOR, manifestGroups } from "./plan.ts";
import { summariseSizes } from "./summary.ts";
import { DatasetView } from "./view.ts";

/** Options of {@link describeDataset}. */
export interface DescribeOptions {
  /** The spec's view, when the caller has drawn it already. */
  view?: DatasetView;
  /** One per file with its SHA-256, for a dataset on disk. */
  entries?: ManifestEntry[];
  /** Wall clock for `createdAt`; defaults to now. */
  now?: () => Date;
}

/**
 * The manifest of `spec`. Without `entries`, lists none (as for a
 * synthetic dataset).
 *
 * @example
 * ```ts
 * import { describeDataset } from "./describe.ts";
 * const m = describeDataset({
 *   root: "unused",
 *   seed: 1,
 *   source: "synthetic",
 *   groups: [{ name: "g", count: 1000, minSize: 1, maxSize: 10 }],
 * });
 * console.assert(m.count === 1000 && m.entries.length === 0);
 * ```
 */
export function describeDataset(
  spec: DatasetSpec,
  opts: DescribeOptions = {},
): Manifest {
  const view = opts.view ?? DatasetView.fromSpec(spec);
  const summary = summariseSizes(view.sizes());
  const m: Manifest = {
    version: 2,
    generator: GENERATOR,
    seed: spec.seed,
    source: spec.source ?? "files",
    compressibility: spec.compressibility ?? 0,
    groups: manifestGroups(spec),
    count: summary.count,
    totalBytes: summary.totalBytes,
    summary,
    createdAt: (opts.now?.() ?? new Date()).toISOString(),
    entries: opts.entries ?? [],
  };
  return m;
}
