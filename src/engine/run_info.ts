/**
 * `run.json`, written when a run starts: what a later command needs to
 * find the run's objects (cleanup, a read run) even when the run never
 * got to write its report.
 *
 * @module
 */
import { join } from "node:path";

/** File name of the run descriptor in a run directory. */
export const RUN_INFO_FILE = "run.json";

/** The run descriptor. */
export interface RunInfo {
  runId: string;
  bucket: string;
  /** The run's own prefix, `PREFIX/RUN_ID/`. */
  runPrefix: string;
  endpoints: string[];
  /** The config as written (secrets masked), valid as a config itself. */
  config: Record<string, unknown>;
  startedAt: string;
}

/** Writes `run.json` into `runDir`. */
export async function writeRunInfo(
  runDir: string,
  info: RunInfo,
): Promise<void> {
  await Deno.writeTextFile(
    join(runDir, RUN_INFO_FILE),
    JSON.stringify(info, null, 2) + "\n",
  );
}

/** Reads `run.json` from `runDir`; throws with the path when unreadable. */
export async function readRunInfo(runDir: string): Promise<RunInfo> {
  const path = join(runDir, RUN_INFO_FILE);
  let v: RunInfo;
  try {
    v = JSON.parse(await Deno.readTextFile(path));
  } catch (err) {
    throw new Error(`cannot read ${path}: ${(err as Error).message}`);
  }
  if (typeof v.runPrefix !== "string" || typeof v.bucket !== "string") {
    throw new Error(`${path} is not a run descriptor`);
  }
  return v;
}
