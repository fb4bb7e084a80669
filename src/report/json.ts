/**
 * Writes `report.json` atomically: readers see the old file or the whole
 * new one, never half of it, even when the run is killed while writing.
 *
 * @module
 */
import { join } from "node:path";
import type { Report } from "./types.ts";

/** The report's file name inside a run's directory. */
export const REPORT_FILE = "report.json";

/**
 * Writes `report` to `<dir>/report.json` (creating `dir` if needed) via a
 * temporary file and a rename, and returns the path written.
 */
export async function writeReportJson(
  dir: string,
  report: Report,
): Promise<string> {
  await Deno.mkdir(dir, { recursive: true });
  const path = join(dir, REPORT_FILE);
  const tmp = `${path}.${crypto.randomUUID()}.tmp`;
  try {
    await Deno.writeTextFile(tmp, JSON.stringify(report, null, 2) + "\n");
    await Deno.rename(tmp, path);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw new Error(`write report ${path}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  return path;
}
