/**
 * Cleanup deletes exactly the keys a run logged as written, in batches, and
 * lists the run's own prefix afterwards to prove nothing is left. It never
 * deletes by prefix, so a neighbour such as `run-10/` beside `run-1/`, or
 * anything outside the run, is never touched.
 *
 * @module
 */
import type { Runner } from "../runners/runner.ts";
import { readKeyLog } from "./key_log.ts";

/** Inputs to {@link cleanupRun}. */
export interface CleanupOptions {
  runner: Runner;
  /** The run's results directory, holding keys.jsonl. */
  runDir: string;
  /** The run's own prefix, `PREFIX/RUN_ID/`; only used to list afterwards. */
  runPrefix: string;
  endpoint: string;
  /** Count only; delete nothing. */
  dryRun?: boolean;
}

/** What cleanup did. */
export interface CleanupResult {
  /** Keys in the run's key log. */
  planned: number;
  deleted: number;
  failed: { key: string; code: string }[];
  /** Keys still listed under the run prefix afterwards (-1 when unknown). */
  remaining: number;
}

const BATCH = 1000;

/** Deletes the run's logged keys; see the module doc. */
export async function cleanupRun(o: CleanupOptions): Promise<CleanupResult> {
  if (!o.runPrefix.endsWith("/") || o.runPrefix === "/") {
    throw new Error(
      `cleanup: refusing run prefix '${o.runPrefix}' (must be PREFIX/RUN_ID/)`,
    );
  }
  const result: CleanupResult = {
    planned: 0,
    deleted: 0,
    failed: [],
    remaining: -1,
  };
  let batch: string[] = [];
  const flush = async () => {
    if (o.dryRun || batch.length === 0) return;
    const r = await o.runner.deleteKeys(batch, o.endpoint);
    result.deleted += r.deleted;
    result.failed.push(...r.failed.slice(0, 100 - result.failed.length));
    batch = [];
  };
  for await (const e of readKeyLog(o.runDir)) {
    if (!e.key.startsWith(o.runPrefix)) continue;
    result.planned++;
    batch.push(e.key);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  await o.runner.abortOpenUploads();
  const listed = await o.runner.list(o.runPrefix, o.endpoint);
  if (!listed.error) result.remaining = listed.keys.length;
  return result;
}
