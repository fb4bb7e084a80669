/**
 * Cleanup deletes exactly the keys a run logged as written, in batches,
 * aborts the multipart uploads left open below the run's own prefix, and
 * lists that prefix afterwards to prove nothing is left. It never deletes
 * by prefix, so a neighbour such as `run-10/` beside `run-1/`, or anything
 * outside the run, is never touched.
 *
 * @module
 */
import { readKeyLog } from "./key_log.ts";
import { readUploadIntents } from "./upload_log.ts";

/** The S3 calls cleanup needs (the SDK runner has them). */
export interface CleanupClient {
  deleteKeys(
    keys: string[],
    endpoint: string,
  ): Promise<{ deleted: number; failed: { key: string; code: string }[] }>;
  list(
    prefix: string,
    endpoint: string,
  ): Promise<{ keys: { key: string }[]; error?: { errorCode?: string } }>;
  abortUploadsUnder(prefix: string, endpoint: string): Promise<number>;
}

/** Inputs to {@link cleanupRun}. */
export interface CleanupOptions {
  client: CleanupClient;
  /** The run's results directory, holding keys.jsonl. */
  runDir: string;
  /** The run's own prefix, `PREFIX/RUN_ID/`. */
  runPrefix: string;
  endpoint: string;
  /** Count only; delete nothing. */
  dryRun?: boolean;
}

/** What cleanup did (or, in a dry run, would do). */
export interface CleanupResult {
  /** Keys in the run's key log below its prefix. */
  planned: number;
  deleted: number;
  /** Per-key failures (the first 100). */
  failed: { key: string; code: string }[];
  failedCount: number;
  abortedUploads: number;
  /** Lines of the key log that are not the run's own keys; never deleted. */
  refused: number;
  /** Keys still listed under the run prefix afterwards (-1 when unknown). */
  remaining: number;
}

const BATCH = 1000;

const RUN_ID = /^\d{8}-\d{6}-[0-9a-f]{4}$/;

/**
 * Checks that `prefix` is a run's own prefix, `PREFIX/RUN_ID/`, whose last
 * segment is a run id and which has no `.` or `..` segment.
 */
export function assertRunPrefix(prefix: string): void {
  const segs = prefix.split("/");
  const ok = prefix.endsWith("/") && RUN_ID.test(segs.at(-2) ?? "") &&
    segs.slice(0, -1).every((x) => x !== "" && x !== "." && x !== "..");
  if (!ok) {
    throw new Error(
      `cleanup: refusing prefix '${prefix}': only a run's own PREFIX/RUN_ID/ is cleaned`,
    );
  }
}

/**
 * True for a key this cleanup may delete: below the run prefix, with no
 * empty, `.` or `..` segment (a server may resolve those to other keys).
 */
export function isRunKey(key: string, runPrefix: string): boolean {
  if (!key.startsWith(runPrefix) || key.length === runPrefix.length) {
    return false;
  }
  return key.slice(runPrefix.length).split("/").every((x) =>
    x !== "" && x !== "." && x !== ".."
  );
}

/** Deletes the run's logged keys; see the module doc. */
export async function cleanupRun(o: CleanupOptions): Promise<CleanupResult> {
  assertRunPrefix(o.runPrefix);
  const r: CleanupResult = {
    planned: 0,
    deleted: 0,
    failed: [],
    failedCount: 0,
    abortedUploads: 0,
    refused: 0,
    remaining: -1,
  };
  let batch: string[] = [];
  const flush = async () => {
    if (o.dryRun || batch.length === 0) return void (batch = []);
    const out = await o.client.deleteKeys(batch, o.endpoint);
    r.deleted += out.deleted;
    r.failedCount += out.failed.length;
    r.failed.push(...out.failed.slice(0, 100 - r.failed.length));
    batch = [];
  };
  for await (const e of readKeyLog(o.runDir)) {
    if (!isRunKey(e.key, o.runPrefix)) {
      r.refused++;
      continue;
    }
    r.planned++;
    batch.push(e.key);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  if (o.dryRun) return r;
  r.abortedUploads = await abortOpenUploads(o);
  const listed = await o.client.list(o.runPrefix, o.endpoint);
  if (!listed.error) r.remaining = listed.keys.length;
  return r;
}

/**
 * Aborts the run's open multipart uploads: those of every key the run
 * started a large upload for (uploads.jsonl; some servers, MinIO among
 * them, list uploads only by a key's exact name), then any other below
 * the run prefix.
 */
async function abortOpenUploads(o: CleanupOptions): Promise<number> {
  let n = 0;
  for (const key of await readUploadIntents(o.runDir)) {
    if (isRunKey(key, o.runPrefix)) {
      n += await o.client.abortUploadsUnder(key, o.endpoint);
    }
  }
  return n + await o.client.abortUploadsUnder(o.runPrefix, o.endpoint);
}
