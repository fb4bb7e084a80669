/**
 * Comparisons that decide whether an existing dataset can be reused: the
 * manifest against the spec, and the files against the manifest. Each
 * returns a list of differences, one readable line each; empty means equal.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { forEachLimit } from "./_pool.ts";
import { entryPath, openEntry } from "./layout.ts";
import { DatasetView } from "./view.ts";
import type { Manifest, ManifestEntry } from "./manifest.ts";
import {
  type DatasetSpec,
  GENERATOR,
  type ManifestGroup,
  manifestGroups,
  planEntries,
} from "./plan.ts";

/** Files checked at once; stats and hashes overlap their I/O. */
const CHECK_CONCURRENCY = 8;

const GROUP_FIELDS = ["count", "minSize", "maxSize", "distribution"] as const;

/** How the manifest differs from what `spec` would generate. */
export function specDifferences(m: Manifest, spec: DatasetSpec): string[] {
  const out: string[] = [];
  if (m.generator !== GENERATOR) {
    out.push(`generator: ${m.generator} in the manifest, ${GENERATOR} here`);
  }
  if (m.seed !== spec.seed) {
    out.push(`seed: ${m.seed} in the manifest, ${spec.seed} in the config`);
  }
  out.push(...sourceDifferences(m, spec));
  out.push(...groupDifferences(m.groups, manifestGroups(spec)));
  if (out.length > 0) return out;
  if (spec.source === "synthetic") return totalDifferences(m, spec);
  return entryDifferences(m.entries, spec);
}

/** A synthetic manifest lists no entries; its total must still agree. */
function totalDifferences(m: Manifest, spec: DatasetSpec): string[] {
  const total = DatasetView.fromSpec(spec).totalBytes;
  if (m.totalBytes === total) return [];
  return [`totalBytes: ${m.totalBytes} in the manifest, ${total} expected`];
}

function sourceDifferences(m: Manifest, spec: DatasetSpec): string[] {
  const out: string[] = [];
  const [had, want] = [m.source ?? "files", spec.source ?? "files"];
  if (had !== want) out.push(`source: ${had} in the manifest, ${want} here`);
  const [c0, c1] = [m.compressibility ?? 0, spec.compressibility ?? 0];
  if (c0 !== c1) {
    out.push(`compressibility: ${c0} in the manifest, ${c1} in the config`);
  }
  return out;
}

function groupDifferences(
  recorded: ManifestGroup[],
  wanted: ManifestGroup[],
): string[] {
  const had = new Map(recorded.map((g) => [g.name, g]));
  const want = new Set(wanted.map((g) => g.name));
  const out = recorded.filter((g) => !want.has(g.name))
    .map((g) => `group '${g.name}': only in the manifest`);
  for (const w of wanted) {
    const h = had.get(w.name);
    if (h) out.push(...fieldDifferences(h, w));
    else out.push(`group '${w.name}': only in the config`);
  }
  return out;
}

function fieldDifferences(had: ManifestGroup, want: ManifestGroup): string[] {
  const out = GROUP_FIELDS.filter((f) => had[f] !== want[f]).map((f) =>
    `group '${want.name}': ${f} ${had[f]} in the manifest, ` +
    `${want[f]} in the config`
  );
  const [p0, p1] = [canonical(had.params), canonical(want.params)];
  if (out.length === 0 && p0 !== p1) {
    out.push(
      `group '${want.name}': params ${p0 ?? "none"} in the manifest, ` +
        `${p1 ?? "none"} in the config`,
    );
  }
  return out;
}

/** JSON with object keys sorted, so equal params compare equal. */
function canonical(v: unknown): string | undefined {
  return JSON.stringify(
    v,
    (_k, x) =>
      x && typeof x === "object" && !Array.isArray(x)
        ? Object.fromEntries(Object.entries(x).sort())
        : x,
  );
}

/** Entries that differ from the plan: a hand-edited manifest. */
function entryDifferences(
  entries: ManifestEntry[],
  spec: DatasetSpec,
): string[] {
  const recorded = new Map(entries.map((e) => [e.path, e]));
  const plan = planEntries(spec);
  const out = plan.flatMap((p) => {
    const size = recorded.get(p.path)?.size;
    if (size === undefined) return [`entry ${p.path}: not in the manifest`];
    if (size === p.size) return [];
    return [
      `entry ${p.path}: size ${size} in the manifest, ${p.size} expected`,
    ];
  });
  if (plan.length !== entries.length) {
    out.push(
      `entries: ${entries.length} in the manifest, ` +
        `${plan.length} expected`,
    );
  }
  return out;
}

/**
 * Files that are missing or whose size (and with `verify`, SHA-256)
 * differs from the manifest. `onChecked` is called after each file with
 * its size.
 */
export async function fileDifferences(
  root: string,
  m: Manifest,
  verify: boolean,
  onChecked: (bytes: number) => void,
): Promise<string[]> {
  const found: (string | undefined)[] = new Array(m.entries.length);
  await forEachLimit(m.entries, CHECK_CONCURRENCY, async (e, i) => {
    found[i] = await checkFile(root, e, verify);
    onChecked(e.size);
  });
  return found.filter((d): d is string => d !== undefined);
}

async function checkFile(
  root: string,
  e: ManifestEntry,
  verify: boolean,
): Promise<string | undefined> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(entryPath(root, e));
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return `${e.path}: missing`;
    throw err;
  }
  if (!info.isFile) return `${e.path}: not a regular file`;
  if (info.size !== e.size) {
    return `${e.path}: ${info.size} bytes on disk, ${e.size} in the manifest`;
  }
  if (verify && await hashEntry(root, e) !== e.sha256) {
    return `${e.path}: SHA-256 differs from the manifest`;
  }
}

async function hashEntry(root: string, e: ManifestEntry): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of await openEntry(root, e)) hash.update(chunk);
  return hash.digest("hex");
}
