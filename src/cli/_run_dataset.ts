/**
 * The dataset as a run uses it: its manifest, its entries by index, where
 * upload bytes come from (files on disk, or generated on the fly for a
 * synthetic dataset) and, with `verify`, what each download should hold.
 *
 * @module
 */
import type { ProcessIO } from "../core/io.ts";
import { formatBytes } from "../config/units.ts";
import type { Settings } from "../config/settings.ts";
import {
  contentStream,
  type DatasetSpec,
  DatasetView,
  describeDataset,
  entryPath,
  type Manifest,
  openEntry,
  verifierForKey,
} from "../dataset/mod.ts";
import type { SourceEntry } from "../engine/plan.ts";
import type { VerifierFor } from "../engine/verify.ts";
import { datasetSpec, prepareDataset } from "./dataset.ts";

/** What a run needs of its dataset. */
export interface RunDataset {
  manifest: Manifest;
  entries: DatasetView;
  /** The largest object, in bytes. */
  largest: number;
  /** Opens an entry's bytes afresh. */
  openEntry(e: SourceEntry): Promise<ReadableStream<Uint8Array>>;
  /** The entry's file, for clients that read files; none when synthetic. */
  entryPath?(e: SourceEntry): string;
  /** With `verify`: a checker of each downloaded body. */
  verifierFor?: VerifierFor;
}

/**
 * Makes the run's dataset ready: files are generated or reused on disk;
 * a synthetic dataset is described in memory, touching no disk at all.
 */
export async function prepareRunDataset(
  io: ProcessIO,
  s: Settings,
): Promise<RunDataset> {
  const spec = datasetSpec(s);
  const view = DatasetView.fromSpec(spec);
  const synthetic = spec.source === "synthetic";
  const manifest = synthetic
    ? describeDataset(spec, { view })
    // With verify, the files on disk are hashed before the run: a file
    // changed in place must fail here, not be blamed on the server later.
    : (await prepareDataset(io, s, s.verify)).manifest;
  if (synthetic) {
    io.stderr.write(
      `dataset: synthetic, ${view.count} objects, ` +
        `${formatBytes(view.totalBytes)}, generated while uploading\n`,
    );
  }
  return {
    manifest,
    entries: view,
    largest: view.maxSize,
    openEntry: synthetic
      ? (e) => Promise.resolve(generated(spec, e))
      : (e) => openEntry(spec.root, e),
    entryPath: synthetic ? undefined : (e) => entryPath(spec.root, e),
    verifierFor: s.verify ? verifier(spec, view) : undefined,
  };
}

function generated(
  spec: DatasetSpec,
  e: SourceEntry,
): ReadableStream<Uint8Array> {
  if (e.index === undefined) {
    throw new RangeError(`entry ${e.path} has no index to generate from`);
  }
  const c = spec.compressibility;
  return contentStream(spec.seed, e.group, e.index, e.size, c);
}

function verifier(spec: DatasetSpec, view: DatasetView): VerifierFor {
  const c = spec.compressibility;
  const forKey = verifierForKey({ view, seed: spec.seed, compressibility: c });
  return (ref) => forKey(ref.key);
}
