/**
 * Resolves the dataset's size groups: each group's own size fields over
 * the dataset-level ones, the distribution chosen or implied, the fields it
 * needs checked and turned into {@link GroupSpec} bounds and parameters.
 * A field that a group sets but its distribution does not use is an error;
 * an inherited one is ignored, so a dataset-wide default never gets in the
 * way of a group that draws otherwise.
 *
 * @module
 */
import type {
  SizeBucket,
  SizeDistribution,
  SizeParams,
} from "./dataset_settings.ts";
import type { ConfigFile } from "./schema.ts";
import type { GroupSpec } from "./settings.ts";
import { parseSize } from "./units.ts";

type DatasetFile = ConfigFile["dataset"];
type SizeFields = Omit<NonNullable<DatasetFile["groups"]>[string], "count">;
type Field = keyof SizeFields;
type Bad = (path: PropertyKey[], msg: string) => void;

/** The name of the one group made from `dataset.count`. */
export const WHOLE_DATASET_GROUP = "all";

/** The default Pareto shape: 80% of the bytes in 20% of the objects. */
export const DEFAULT_PARETO_ALPHA = 1.16;

/** The default distance between sizes of a Zipf range. */
export const DEFAULT_ZIPF_STEP = 4096;

/** The fields each distribution reads, besides `distribution`. */
const USES: Readonly<Record<SizeDistribution, readonly Field[]>> = {
  uniform: ["min_size", "max_size"],
  fixed: ["size"],
  pareto: ["min_size", "max_size", "pareto_alpha"],
  lognormal: ["min_size", "max_size", "mu", "sigma"],
  zipf: ["min_size", "max_size", "size_step", "sizes", "zipf_s"],
  buckets: ["buckets"],
};

/** A group's fields with where each came from. */
interface Merged {
  name: string;
  count: number;
  fields: SizeFields;
  /** Path of a field (the group's own or the dataset's), or the group. */
  at(field?: Field): PropertyKey[];
  /** True when the group set the field itself. */
  own(field: Field): boolean;
}

/**
 * The groups of the config's dataset. Problems go to `bad`; a group with
 * problems is left out of the result.
 */
export function resolveGroups(ds: DatasetFile, bad: Bad): GroupSpec[] {
  if (ds.groups !== undefined && ds.count !== undefined) {
    bad(
      ["dataset", "count"],
      "give either dataset.count (one group named " +
        `'${WHOLE_DATASET_GROUP}') or dataset.groups, not both`,
    );
  }
  return mergedGroups(ds, bad).flatMap((m) => {
    const g = resolveGroup(m, bad);
    return g ? [g] : [];
  });
}

function mergedGroups(ds: DatasetFile, bad: Bad): Merged[] {
  const base = definedOnly(ds);
  if (ds.groups === undefined) {
    if (ds.count !== undefined) return [wholeDataset(ds.count, base)];
    bad(
      ["dataset", "groups"],
      "the dataset has no objects: give dataset.groups, or dataset.count " +
        "with the size fields",
    );
    return [];
  }
  return Object.entries(ds.groups).map(([name, g]) => {
    const own = definedOnly(g);
    const isOwn = (f: Field) => f in own;
    return {
      name,
      count: g.count,
      fields: { ...base, ...own },
      own: isOwn,
      at: (f) =>
        f === undefined
          ? ["dataset", "groups", name]
          : isOwn(f)
          ? ["dataset", "groups", name, f]
          : ["dataset", f],
    };
  });
}

function wholeDataset(count: number, fields: SizeFields): Merged {
  return {
    name: WHOLE_DATASET_GROUP,
    count,
    fields,
    own: () => true,
    at: (f) => f === undefined ? ["dataset"] : ["dataset", f],
  };
}

/** The size fields of `o` that are set. */
function definedOnly(o: SizeFields): SizeFields {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v !== undefined && k !== "count" && k in USES_ANY) out[k] = v;
  }
  return out as SizeFields;
}

const USES_ANY: Readonly<Record<string, true>> = Object.fromEntries(
  [...Object.values(USES).flat(), "distribution"].map((f) => [f, true]),
);

/**
 * The distribution asked for or implied (by `buckets`, `size` or `sizes`),
 * the group's own fields first, then the inherited ones.
 */
function distributionOf(m: Merged): SizeDistribution {
  const own = (f: Field) => m.own(f) && m.fields[f] !== undefined;
  const inherited = (f: Field) => !m.own(f) && m.fields[f] !== undefined;
  for (const has of [own, inherited]) {
    if (has("distribution")) return m.fields.distribution!;
    if (has("buckets")) return "buckets";
    if (has("size")) return "fixed";
    if (has("sizes")) return "zipf";
  }
  return "uniform";
}

function resolveGroup(m: Merged, bad: Bad): GroupSpec | undefined {
  const dist = distributionOf(m);
  let ok = true;
  const fail = (field: Field | undefined, msg: string) => {
    bad(m.at(field), msg);
    ok = false;
  };
  for (const f of Object.keys(m.fields) as Field[]) {
    if (f === "distribution" || !m.own(f) || USES[dist].includes(f)) continue;
    fail(
      f,
      `${f} does not apply to distribution ${dist} (it uses: ${
        USES[dist].join(", ")
      })`,
    );
  }
  const spec = RESOLVERS[dist](m, fail);
  if (!ok || spec === undefined) return undefined;
  const group: GroupSpec = { name: m.name, count: m.count, ...spec };
  if (dist !== "uniform") group.distribution = dist;
  return group;
}

type Fail = (field: Field | undefined, msg: string) => void;
type Bounds = { minSize: number; maxSize: number; params?: SizeParams };
type Resolver = (m: Merged, fail: Fail) => Bounds | undefined;

const RESOLVERS: Readonly<Record<SizeDistribution, Resolver>> = {
  uniform: (m, fail) => bounds(m, "uniform", fail),
  fixed: (m, fail) => {
    const size = m.fields.size;
    if (size === undefined) return need(fail, "fixed", "size");
    return { minSize: size, maxSize: size };
  },
  pareto: (m, fail) => {
    const b = bounds(m, "pareto", fail);
    if (b && b.minSize === 0) {
      fail("min_size", "pareto needs min_size > 0 (its scale)");
      return undefined;
    }
    const alpha = m.fields.pareto_alpha ?? DEFAULT_PARETO_ALPHA;
    return b && { ...b, params: { alpha } };
  },
  lognormal: (m, fail) => {
    const { mu, sigma } = m.fields;
    if (mu === undefined) return need(fail, "lognormal", "mu");
    if (sigma === undefined) return need(fail, "lognormal", "sigma");
    const b = bounds(m, "lognormal", fail);
    return b && { ...b, params: { mu, sigma } };
  },
  zipf: resolveZipf,
  buckets: (m, fail) => {
    const text = m.fields.buckets;
    if (text === undefined) return need(fail, "buckets", "buckets");
    const parsed = parseBuckets(text);
    if (typeof parsed === "string") {
      fail("buckets", parsed);
      return undefined;
    }
    const sizes = parsed.map((b) => b.size);
    const [minSize, maxSize] = [Math.min(...sizes), Math.max(...sizes)];
    return { minSize, maxSize, params: { buckets: parsed } };
  },
};

function resolveZipf(m: Merged, fail: Fail): Bounds | undefined {
  const s = m.fields.zipf_s ?? 1;
  const values = m.fields.sizes;
  if (values !== undefined) {
    const minSize = Math.min(...values);
    return { minSize, maxSize: Math.max(...values), params: { s, values } };
  }
  const b = bounds(m, "zipf", fail);
  const step = m.fields.size_step ?? DEFAULT_ZIPF_STEP;
  if (step === 0) {
    fail("size_step", "size_step must be > 0");
    return undefined;
  }
  return b && { ...b, params: { s, step } };
}

function bounds(
  m: Merged,
  dist: SizeDistribution,
  fail: Fail,
): Bounds | undefined {
  const { min_size: lo, max_size: hi } = m.fields;
  if (lo === undefined) return need(fail, dist, "min_size");
  if (hi === undefined) return need(fail, dist, "max_size");
  if (lo > hi) {
    fail("min_size", `min_size (${lo} B) must not exceed max_size (${hi} B)`);
    return undefined;
  }
  return { minSize: lo, maxSize: hi };
}

function need(
  fail: Fail,
  dist: SizeDistribution,
  field: Field,
): undefined {
  const what = dist === "zipf" && field === "min_size"
    ? "min_size and max_size (a range), or sizes (a list)"
    : field;
  fail(undefined, `distribution ${dist} needs ${what}`);
  return undefined;
}

/**
 * Parses a weighted bucket list such as `4KiB:70,1MiB:25,64MiB:5`: sizes in
 * the units of {@link parseSize}, weights any numbers > 0 (they need not
 * sum to 100). Returns the buckets or an error message.
 *
 * @example
 * ```ts
 * import { parseBuckets } from "./dataset_sizes.ts";
 * const b = parseBuckets("4KiB:70,1MiB:30");
 * console.assert(Array.isArray(b) && b[1].size === 1048576);
 * ```
 */
export function parseBuckets(text: string): SizeBucket[] | string {
  const out: SizeBucket[] = [];
  for (const part of text.split(",")) {
    const m = /^\s*([^:]+?)\s*:\s*([0-9.eE+-]+)\s*$/.exec(part);
    if (!m) {
      return `expected SIZE:WEIGHT items such as 4KiB:70,1MiB:30, ` +
        `found '${part.trim()}'`;
    }
    const size = parseSize(m[1]);
    if (typeof size === "string") return size;
    const weight = Number(m[2]);
    if (!Number.isFinite(weight) || weight <= 0) {
      return `bucket weight must be a number > 0, found '${m[2]}'`;
    }
    out.push({ size, weight });
  }
  return out;
}
