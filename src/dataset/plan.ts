/**
 * What a dataset spec produces before any byte is written: its groups as
 * the manifest records them and one planned entry per file.
 *
 * @module
 */
import type { DataSource, GroupSpec, SizeParams } from "../config/settings.ts";
import { MAX_COMPRESSIBILITY } from "./content.ts";
import { sizeDrawer } from "./sizes.ts";
import type { Distribution } from "./sizes.ts";
import { type DatasetEntry, DatasetView } from "./view.ts";

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
  /** `files` (default) on disk, or `synthetic`: generated, never stored. */
  source?: DataSource;
  /** Fraction of each 4 KiB block that is zeros; default 0. */
  compressibility?: number;
}

/** A group as recorded in the manifest. */
export interface ManifestGroup {
  name: string;
  count: number;
  minSize: number;
  maxSize: number;
  distribution: Distribution;
  /** The distribution's parameters; absent for uniform and fixed. */
  params?: SizeParams;
}

/** One file the spec produces, before its hash is known. */
export type PlannedEntry = DatasetEntry;

const GROUP_NAME = /^[a-z0-9][a-z0-9_-]*$/;

/** The groups of `spec` as the manifest records them, in spec order. */
export function manifestGroups(spec: DatasetSpec): ManifestGroup[] {
  return spec.groups.map((g) => {
    const out: ManifestGroup = {
      name: g.name,
      count: g.count,
      minSize: g.minSize,
      maxSize: g.maxSize,
      distribution: g.distribution ?? "uniform",
    };
    if (g.params !== undefined) out.params = g.params;
    return out;
  });
}

/**
 * Every file of `spec`, group by group, in index order. Holds one object
 * per file: for files on disk. {@link DatasetView} describes a dataset of
 * any size without them.
 */
export function planEntries(spec: DatasetSpec): PlannedEntry[] {
  const view = DatasetView.fromSpec(spec);
  return Array.from({ length: view.count }, (_, i) => view.entry(i));
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
  const c = spec.compressibility ?? 0;
  if (!(c >= 0 && c <= MAX_COMPRESSIBILITY)) {
    out.push(`compressibility ${c} is not in [0, ${MAX_COMPRESSIBILITY}]`);
  }
  const seen = new Set<string>();
  for (const g of spec.groups) {
    if (!GROUP_NAME.test(g.name)) out.push(`group name '${g.name}'`);
    if (seen.has(g.name)) out.push(`group '${g.name}' appears twice`);
    seen.add(g.name);
    if (![g.count, g.minSize, g.maxSize].every(isWhole)) {
      out.push(`group '${g.name}': count and sizes must be integers >= 0`);
    } else if (g.minSize > g.maxSize) {
      out.push(`group '${g.name}': minSize exceeds maxSize`);
    } else {
      out.push(...drawerProblems(g));
    }
  }
  return out;
}

function drawerProblems(g: GroupSpec): string[] {
  try {
    sizeDrawer(g);
    return [];
  } catch (e) {
    return [(e as Error).message];
  }
}

function isWhole(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}
