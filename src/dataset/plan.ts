/**
 * What a dataset spec produces before any byte is written: its groups as
 * the manifest records them and one planned entry per file.
 *
 * @module
 */
import type { GroupSpec } from "../config/settings.ts";
import { entryRelPath } from "./layout.ts";
import { drawSizes, sizeRng } from "./sizes.ts";
import type { Distribution } from "./sizes.ts";

/** Identifies the byte generator; bumped whenever the bytes change. */
export const GENERATOR = "s3flood-dataset/1";

/** Where a dataset lives and what it holds. */
export interface DatasetSpec {
  /** Directory of the dataset; created when missing. */
  root: string;
  /** Seed of sizes and bytes: a safe integer >= 0. */
  seed: number;
  /** Size groups; names use a-z, 0-9, '_' and '-'. */
  groups: GroupSpec[];
}

/** A group as recorded in the manifest. */
export interface ManifestGroup {
  name: string;
  count: number;
  minSize: number;
  maxSize: number;
  distribution: Distribution;
}

/** One file the spec produces, before its hash is known. */
export interface PlannedEntry {
  /** Manifest-relative, '/'-separated path. */
  path: string;
  size: number;
  group: string;
  /** Index of the file within its group. */
  index: number;
}

const GROUP_NAME = /^[a-z0-9][a-z0-9_-]*$/;

/** The groups of `spec` as the manifest records them, in spec order. */
export function manifestGroups(spec: DatasetSpec): ManifestGroup[] {
  return spec.groups.map((g) => ({
    name: g.name,
    count: g.count,
    minSize: g.minSize,
    maxSize: g.maxSize,
    distribution: "uniform",
  }));
}

/** Every file of `spec`, group by group, in index order. */
export function planEntries(spec: DatasetSpec): PlannedEntry[] {
  return spec.groups.flatMap((g) =>
    drawSizes(g, sizeRng(spec.seed, g.name)).map((size, index) => ({
      path: entryRelPath(g.name, index),
      size,
      group: g.name,
      index,
    }))
  );
}

/**
 * Throws a RangeError when `spec` is malformed. The config layer already
 * refuses such specs, so reaching this is a bug in the caller.
 */
export function assertValidSpec(spec: DatasetSpec): void {
  const problems = specProblems(spec);
  if (problems.length > 0) {
    throw new RangeError(`invalid dataset spec: ${problems.join("; ")}`);
  }
}

function specProblems(spec: DatasetSpec): string[] {
  const out: string[] = [];
  if (!isWhole(spec.seed)) out.push(`seed ${spec.seed} is not an integer >= 0`);
  const seen = new Set<string>();
  for (const g of spec.groups) {
    if (!GROUP_NAME.test(g.name)) out.push(`group name '${g.name}'`);
    if (seen.has(g.name)) out.push(`group '${g.name}' appears twice`);
    seen.add(g.name);
    if (![g.count, g.minSize, g.maxSize].every(isWhole)) {
      out.push(`group '${g.name}': count and sizes must be integers >= 0`);
    } else if (g.minSize > g.maxSize) {
      out.push(`group '${g.name}': minSize exceeds maxSize`);
    }
  }
  return out;
}

function isWhole(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}
