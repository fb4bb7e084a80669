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
  /** Keys still listed under the run prefix afterwards (-1 when unknown). */
  remaining: number;
}

const BATCH = 1000;

/** Checks that `prefix` is a run's own prefix: `.../RUN_ID/`. */
export function assertRunPrefix(prefix: string): void {
  if (!prefix.endsWith("/") || prefix.replaceAll("/", "") === "") {
    throw new Error(
      `cleanup: refusing prefix '${prefix}': only a run's own PREFIX/RUN_ID/ is cleaned`,
    );
  }
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
    if (!e.key.startsWith(o.runPrefix)) continue;
    r.planned++;
    batch.push(e.key);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  if (o.dryRun) return r;
  r.abortedUploads = await o.client.abortUploadsUnder(o.runPrefix, o.endpoint);
  const listed = await o.client.list(o.runPrefix, o.endpoint);
  if (!listed.error) r.remaining = listed.keys.length;
  return r;
}
