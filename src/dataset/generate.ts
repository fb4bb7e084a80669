/**
 * Writes a dataset: every file streamed to disk chunk by chunk with its
 * SHA-256 computed on the way, then the manifest, atomically, last. While
 * it runs, a marker file records the spec, so an interrupted generation
 * can be finished later without touching anything it did not write.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { forEachLimit } from "./_pool.ts";
import { contentStream } from "./content.ts";
import { describeDataset } from "./describe.ts";
import { entryPath } from "./layout.ts";
import { type Manifest, writeManifest } from "./manifest.ts";
import {
  type DatasetSpec,
  GENERATOR,
  manifestGroups,
  planEntries,
  type PlannedEntry,
} from "./plan.ts";

/** Marker present while a generation is unfinished; holds the spec. */
export const PARTIAL_FILE = ".s3flood-partial.json";

/** Files written at once, so small-file latency overlaps. */
const WRITE_CONCURRENCY = 4;

/** Reports progress: files done, files in all, bytes so far. */
export type ProgressFn = (done: number, total: number, bytes: number) => void;

/** Options of {@link generateDataset}. */
export interface GenerateOptions {
  /** True to finish an interrupted generation (files may exist). */
  resume: boolean;
  onProgress?: ProgressFn;
  /** Wall clock for `createdAt`. */
  now: () => Date;
}

/** Counts files and bytes and passes them to a progress callback. */
export class Tally {
  #done = 0;
  #bytes = 0;

  constructor(readonly total: number, readonly report?: ProgressFn) {
    report?.(0, total, 0);
  }

  /** Adds bytes written or checked. */
  addBytes(n: number): void {
    this.#bytes += n;
    this.report?.(this.#done, this.total, this.#bytes);
  }

  /** Counts one finished file. */
  fileDone(): void {
    this.#done++;
    this.report?.(this.#done, this.total, this.#bytes);
  }
}

/** The marker's content for `spec`: what the generation is making. */
export function partialStamp(spec: DatasetSpec): string {
  const groups = manifestGroups(spec);
  const c = spec.compressibility ?? 0;
  const extra = c > 0 ? { compressibility: c } : {};
  return JSON.stringify({
    generator: GENERATOR,
    seed: spec.seed,
    groups,
    ...extra,
  });
}

/**
 * Generates the dataset of `spec` under `spec.root` and returns its
 * manifest. Without `resume`, refuses to replace any existing file.
 */
export async function generateDataset(
  spec: DatasetSpec,
  opts: GenerateOptions,
): Promise<Manifest> {
  const plan = planEntries(spec);
  await prepareRoot(spec, opts.resume);

  const tally = new Tally(plan.length, opts.onProgress);
  const sums: string[] = new Array(plan.length);
  await forEachLimit(plan, WRITE_CONCURRENCY, async (p, i) => {
    sums[i] = await writeEntry(spec, p, opts.resume, tally);
    tally.fileDone();
  });

  const manifest = buildManifest(spec, plan, sums, opts.now);
  await writeManifest(spec.root, manifest);
  await Deno.remove(join(spec.root, PARTIAL_FILE));
  return manifest;
}

async function prepareRoot(spec: DatasetSpec, resume: boolean) {
  await Deno.mkdir(spec.root, { recursive: true });
  if (!resume) {
    const marker = join(spec.root, PARTIAL_FILE);
    await Deno.writeTextFile(marker, partialStamp(spec), { createNew: true });
  }
  for (const g of spec.groups) {
    await Deno.mkdir(join(spec.root, g.name), { recursive: true });
  }
}

/** Streams one file to disk and returns its SHA-256 in hex. */
async function writeEntry(
  spec: DatasetSpec,
  p: PlannedEntry,
  resume: boolean,
  tally: Tally,
): Promise<string> {
  const file = await Deno.open(entryPath(spec.root, p), {
    write: true,
    createNew: !resume,
    create: resume,
    truncate: resume,
  });
  const hash = createHash("sha256");
  const tap = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      hash.update(chunk);
      controller.enqueue(chunk);
      tally.addBytes(chunk.length);
    },
  });
  const bytes = contentStream(
    spec.seed,
    p.group,
    p.index,
    p.size,
    spec.compressibility,
  );
  await bytes.pipeThrough(tap).pipeTo(file.writable);
  return hash.digest("hex");
}

function buildManifest(
  spec: DatasetSpec,
  plan: PlannedEntry[],
  sums: string[],
  now: () => Date,
): Manifest {
  const entries = plan.map((p, i) => ({
    path: p.path,
    size: p.size,
    group: p.group,
    sha256: sums[i],
  }));
  return describeDataset({ ...spec, source: "files" }, { entries, now });
}
