/**
 * Reads a `report.json` back for merge, compare and `report html`,
 * refusing files that are not reports of this schema version.
 *
 * @module
 */
import { join } from "node:path";
import { UsageError } from "../core/errors.ts";
import { REPORT_FILE } from "./json.ts";
import { type Report, REPORT_SCHEMA_VERSION } from "./types.ts";

/**
 * Reads the report at `path`, or at `path/report.json` when `path` is a
 * run's directory. Throws a UsageError naming the file and the problem.
 */
export async function readReport(path: string): Promise<Report> {
  let file = path;
  const stat = await Deno.stat(path).catch(() => undefined);
  if (stat?.isDirectory) file = join(path, REPORT_FILE);
  let data: unknown;
  try {
    data = JSON.parse(await Deno.readTextFile(file));
  } catch (err) {
    const why = err instanceof Deno.errors.NotFound
      ? "no such file"
      : (err as Error).message;
    throw new UsageError(
      `read report '${file}': ${why}`,
      "pass a report.json written by s3flood run, or its run directory",
    );
  }
  return checked(file, data);
}

function checked(file: string, data: unknown): Report {
  const r = data as Partial<Report> | null;
  if (typeof r !== "object" || r === null || !Array.isArray(r.phases)) {
    throw new UsageError(
      `read report '${file}': not an s3flood report (no phases)`,
      "pass a report.json written by s3flood run",
    );
  }
  if (r.schemaVersion !== REPORT_SCHEMA_VERSION) {
    throw new UsageError(
      `read report '${file}': schema version ${r.schemaVersion}, ` +
        `this s3flood reads version ${REPORT_SCHEMA_VERSION}`,
      "re-run the benchmark with this version of s3flood",
    );
  }
  return r as Report;
}
