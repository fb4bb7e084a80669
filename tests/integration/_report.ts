/**
 * Reading what a run left: its report and its ops log.
 *
 * @module
 */
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import type { Report } from "../../src/report/types.ts";

/** The run's report.json. */
export async function readReport(runDir: string): Promise<Report> {
  return JSON.parse(await Deno.readTextFile(join(runDir, "report.json")));
}

/** The run's ops.csv as row objects (all values strings). */
export async function readOps(
  runDir: string,
): Promise<Record<string, string>[]> {
  return parse(await Deno.readTextFile(join(runDir, "ops.csv")), {
    columns: true,
  });
}

/** The phase named `name` (throws with the names present when missing). */
export function phase(report: Report, name: string): Report["phases"][number] {
  const p = report.phases.find((x) => x.name === name);
  if (!p) {
    throw new Error(`no phase ${name}: ${report.phases.map((x) => x.name)}`);
  }
  return p;
}
