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
  out.push(...groupDifferences(m.groups, manifestGroups(spec)));
  return out.length > 0 ? out : entryDifferences(m.entries, spec);
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
  return GROUP_FIELDS.filter((f) => had[f] !== want[f]).map((f) =>
    `group '${want.name}': ${f} ${had[f]} in the manifest, ` +
    `${want[f]} in the config`
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
