/**
 * Shared helpers for the dataset tests: temporary directories and hashes.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { DatasetSpec } from "../../../src/dataset/mod.ts";

/** Runs `fn` with a fresh temporary directory, removed afterwards. */
export async function withTempDir(
  fn: (dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "s3flood-dataset-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Hex SHA-256 of everything a stream yields. */
export async function sha256Of(
  stream: ReadableStream<Uint8Array>,
): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of stream) hash.update(chunk);
  return hash.digest("hex");
}

/** Hex SHA-256 of a file's bytes. */
export async function sha256File(path: string): Promise<string> {
  return sha256Of((await Deno.open(path)).readable);
}

/** A small three-group spec under `root`. */
export function smallSpec(root: string, seed = 7): DatasetSpec {
  return {
    root,
    seed,
    groups: [
      { name: "small", count: 5, minSize: 0, maxSize: 2_000 },
      { name: "medium", count: 3, minSize: 60_000, maxSize: 140_000 },
      { name: "empty", count: 0, minSize: 10, maxSize: 20 },
    ],
  };
}

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

/**
 * Heap plus external memory still reachable after a full collection, so
 * garbage waiting for the collector is not counted.
 */
export function liveBytes(): number {
  collectGarbage();
  const m = Deno.memoryUsage();
  return m.heapUsed + m.external;
}
