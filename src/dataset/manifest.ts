/**
 * The manifest: a JSON file at the dataset root recording how the dataset
 * was made (generator, seed, groups with their distributions and
 * parameters), a summary of its sizes and, for files on disk, each file's
 * path, size, group and SHA-256. A synthetic dataset lists no entries:
 * they follow from the groups and the seed.
 *
 * Version 2 added `source`, `compressibility`, `summary` and group
 * `params`; version 1 manifests are still read.
 *
 * @module
 */
import { join } from "node:path";
import { z } from "zod";
import {
  type DataSource,
  SIZE_DISTRIBUTIONS,
} from "../config/dataset_settings.ts";
import { DatasetError } from "../core/errors.ts";
import { MANIFEST_FILE } from "./layout.ts";
import type { ManifestGroup } from "./plan.ts";
import type { SizeSummary } from "./summary.ts";

/** One file of the dataset. */
export interface ManifestEntry {
  /** Relative to the root, '/'-separated; never '\\' or a drive letter. */
  path: string;
  size: number;
  group: string;
  /** Lower-case hex SHA-256 of the file's bytes. */
  sha256: string;
}

/** The whole manifest, as written to `manifest.json`. */
export interface Manifest {
  /** 2 for manifests written now; 1 for older ones. */
  version: 1 | 2;
  /** Which byte generator wrote the files, e.g. `s3flood-dataset/1`. */
  generator: string;
  seed: number;
  /** `files` under the root or `synthetic`; absent (files) in version 1. */
  source?: DataSource;
  /** Fraction of each 4 KiB block that is zeros; absent means 0. */
  compressibility?: number;
  groups: ManifestGroup[];
  /** Number of entries. */
  count: number;
  /** Sum of entry sizes. */
  totalBytes: number;
  /** Size quantiles of the whole dataset; absent in version 1. */
  summary?: SizeSummary;
  /** ISO 8601 time the dataset was completed. */
  createdAt: string;
  /** One per file; empty for a synthetic dataset. */
  entries: ManifestEntry[];
}

/** Per-group figures of {@link ManifestSummary}. */
export interface GroupSummary {
  name: string;
  count: number;
  bytes: number;
  /** Smallest file size; 0 for an empty group. */
  minSize: number;
  /** Largest file size; 0 for an empty group. */
  maxSize: number;
}

/** Totals of a manifest, for messages and reports. */
export interface ManifestSummary {
  count: number;
  totalBytes: number;
  groups: GroupSummary[];
}

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;
const whole = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const entrySchema = z.object({
  path: z.string().refine((p) => p.split("/").every((s) => SEGMENT.test(s)), {
    error: "must be a relative '/'-separated path without '.' or '..'",
  }),
  size: whole,
  group: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

const paramsSchema = z.strictObject({
  alpha: z.number().positive().optional(),
  mu: z.number().optional(),
  sigma: z.number().positive().optional(),
  s: z.number().positive().optional(),
  values: z.array(whole).min(1).optional(),
  step: whole.min(1).optional(),
  buckets: z.array(z.strictObject({
    size: whole,
    weight: z.number().positive(),
  })).min(1).optional(),
});

const groupSchema = z.object({
  name: z.string(),
  count: whole,
  minSize: whole,
  maxSize: whole,
  distribution: z.enum(SIZE_DISTRIBUTIONS),
  params: paramsSchema.optional(),
});

const summarySchema = z.strictObject({
  count: whole,
  totalBytes: whole,
  minSize: whole,
  p50: whole,
  p90: whole,
  p99: whole,
  maxSize: whole,
});

const manifestSchema = z.object({
  version: z.union([z.literal(1), z.literal(2)]),
  generator: z.string(),
  seed: whole,
  source: z.enum(["files", "synthetic"]).optional(),
  compressibility: z.number().min(0).max(0.9).optional(),
  groups: z.array(groupSchema),
  count: whole,
  totalBytes: whole,
  summary: summarySchema.optional(),
  createdAt: z.string(),
  entries: z.array(entrySchema),
}).refine((m) => m.source === "synthetic" || m.count === m.entries.length, {
  error: "count differs from the number of entries",
}).refine(
  (m) => m.source === "synthetic" || m.totalBytes === sumSizes(m.entries),
  { error: "totalBytes differs from the sum of entry sizes" },
).refine((m) => m.source !== "synthetic" || m.entries.length === 0, {
  error: "a synthetic dataset lists no entries",
}).refine((m) => m.count === m.groups.reduce((n, g) => n + g.count, 0), {
  error: "count differs from the sum of the groups' counts",
});

function sumSizes(entries: readonly { size: number }[]): number {
  return entries.reduce((sum, e) => sum + e.size, 0);
}

/**
 * Reads and checks `<root>/manifest.json`. Throws a DatasetError when it is
 * missing, not JSON, or not a manifest.
 */
export async function readManifest(root: string): Promise<Manifest> {
  const m = await loadManifest(root);
  if (m) return m;
  throw new DatasetError(
    `cannot read dataset at ${root}: ${MANIFEST_FILE} not found`,
    "Generate the dataset first, or point dataset.root at one.",
  );
}

/**
 * Like {@link readManifest}, but resolves to undefined when there is no
 * manifest file (or `root` is not a directory).
 */
export async function loadManifest(
  root: string,
): Promise<Manifest | undefined> {
  const file = join(root, MANIFEST_FILE);
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    if (e instanceof Deno.errors.NotADirectory) return undefined;
    throw unreadable(file, e instanceof Error ? e.message : String(e), e);
  }
  return parseManifest(file, text);
}

function parseManifest(file: string, text: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw unreadable(file, "not valid JSON", e);
  }
  const r = manifestSchema.safeParse(json);
  if (r.success) return r.data;
  const issues = r.error.issues.slice(0, 3)
    .map((i) => `${i.path.join(".") || "(top level)"}: ${i.message}`);
  throw unreadable(file, issues.join("; "));
}

function unreadable(file: string, why: string, cause?: unknown): DatasetError {
  const err = new DatasetError(
    `cannot read dataset manifest ${file}: ${why}`,
    "Use another dataset.root, or delete that directory yourself so it " +
      "can be generated again.",
  );
  if (cause !== undefined) err.cause = cause;
  return err;
}

/**
 * Writes the manifest atomically: to a temporary file first, then renamed
 * over `manifest.json`, so a reader never sees half a manifest.
 */
export async function writeManifest(root: string, m: Manifest): Promise<void> {
  const file = join(root, MANIFEST_FILE);
  const tmp = `${file}.tmp`;
  await Deno.writeTextFile(tmp, manifestText(m));
  await Deno.rename(tmp, file);
}

/** Pretty JSON with one line per entry, so the file reads and diffs well. */
function manifestText(m: Manifest): string {
  const { entries, ...head } = m;
  const top = JSON.stringify(head, null, 2).slice(0, -2);
  const lines = entries.map((e) => `    ${JSON.stringify(e)}`).join(",\n");
  const list = lines ? `[\n${lines}\n  ]` : "[]";
  return `${top},\n  "entries": ${list}\n}\n`;
}

/**
 * Counts and bytes of a manifest, in total and per group (in the order of
 * `m.groups`).
 */
export function manifestSummary(m: Manifest): ManifestSummary {
  const groups = m.groups.map((g) => summarise(g.name, m.entries));
  return { count: m.count, totalBytes: m.totalBytes, groups };
}

function summarise(name: string, entries: ManifestEntry[]): GroupSummary {
  const sizes = entries.filter((e) => e.group === name).map((e) => e.size);
  return {
    name,
    count: sizes.length,
    bytes: sizes.reduce((a, b) => a + b, 0),
    minSize: sizes.length ? sizes.reduce((a, b) => Math.min(a, b)) : 0,
    maxSize: sizes.length ? sizes.reduce((a, b) => Math.max(a, b)) : 0,
  };
}
