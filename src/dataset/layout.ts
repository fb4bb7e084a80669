/**
 * Where dataset files live: `<root>/<group>/<group>-<00000 index>.bin`,
 * with `<root>/manifest.json` beside the group folders. Paths inside the
 * manifest are always '/'-separated; {@link entryPath} turns them into
 * paths of the host OS.
 *
 * @module
 */
import { join } from "node:path";

/** The manifest's file name inside the dataset root. */
export const MANIFEST_FILE = "manifest.json";

/**
 * The manifest-relative path of file `index` in `group`, e.g.
 * `small/small-00042.bin`.
 */
export function entryRelPath(group: string, index: number): string {
  const n = String(index).padStart(5, "0");
  return `${group}/${group}-${n}.bin`;
}

const REL_PATH = /(?:^|\/)([a-z0-9][a-z0-9_-]*)\/\1-(\d{5,})\.bin$/;

/**
 * The group and index named by the end of a path or object key, the
 * inverse of {@link entryRelPath}: `run/p1/small/small-00042.bin` gives
 * `{ group: "small", index: 42 }`. Undefined when the key does not end in
 * a dataset path.
 *
 * @example
 * ```ts
 * import { entryOfKey } from "./layout.ts";
 * console.assert(entryOfKey("pfx/small/small-00042.bin")?.index === 42);
 * ```
 */
export function entryOfKey(
  key: string,
): { group: string; index: number } | undefined {
  const m = REL_PATH.exec(key);
  if (!m) return undefined;
  const index = Number(m[2]);
  return Number.isSafeInteger(index) ? { group: m[1], index } : undefined;
}

/**
 * The OS path of an entry under `root`, joined with the host's separator.
 *
 * @example
 * ```ts
 * import { entryPath } from "./layout.ts";
 * const p = entryPath("data", { path: "small/small-00000.bin" });
 * console.assert(p.endsWith("small-00000.bin"));
 * ```
 */
export function entryPath(root: string, entry: { path: string }): string {
  return join(root, ...entry.path.split("/"));
}

/**
 * Opens an entry for reading; each call returns a fresh stream that closes
 * its file when read to the end or cancelled.
 */
export async function openEntry(
  root: string,
  entry: { path: string },
): Promise<ReadableStream<Uint8Array>> {
  const file = await Deno.open(entryPath(root, entry), { read: true });
  return file.readable;
}
