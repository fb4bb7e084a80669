/**
 * Interactive mode's reports: the last runs found in the output
 * directories of this session's configs and in ./results, and a run's
 * summary with the paths of its report files.
 *
 * @module
 */
import { join, relative } from "node:path";
import { renderSummary, type Report, REPORT_FILE } from "../report/mod.ts";
import type { Session } from "./interactive.ts";
import { useColor } from "./output.ts";

const SHOWN = 10;

/** Asks for one of the last runs; undefined when none or cancelled. */
export async function pickReport(
  s: Session,
  message: string,
): Promise<string | undefined> {
  const dirs = [...new Set([...s.outDirs, join(s.io.cwd, "results")])];
  const runs = await lastRuns(dirs);
  if (runs.length === 0) {
    s.p.info(`no runs found in ${dirs.join(", ")}`);
    return undefined;
  }
  const choices = runs.slice(0, SHOWN).map((r) => ({
    value: r,
    label: r.startsWith(s.io.cwd + "/") ? relative(s.io.cwd, r) : r,
  }));
  return await s.p.select(message, choices);
}

/** Run directories (holding keys.jsonl) under `dirs`, newest first. */
export async function lastRuns(dirs: string[]): Promise<string[]> {
  const runs: { dir: string; name: string }[] = [];
  for (const d of dirs) {
    try {
      for await (const e of Deno.readDir(d)) {
        const dir = join(d, e.name);
        if (e.isDirectory && await has(join(dir, "keys.jsonl"))) {
          runs.push({ dir, name: e.name });
        }
      }
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    }
  }
  // Run ids start with the time they began, so names sort by age.
  return runs.sort((a, b) => b.name.localeCompare(a.name)).map((r) => r.dir);
}

/** Prints a run's summary and where its report files are. */
export async function viewReport(s: Session, dir: string): Promise<void> {
  const file = join(dir, REPORT_FILE);
  if (!await has(file)) {
    s.p.info(`${dir} has no ${REPORT_FILE} (the run did not finish)`);
    return;
  }
  const report = JSON.parse(await Deno.readTextFile(file)) as Report;
  const color = useColor(s.io.stdout, s.io.env, s.noColor);
  s.io.stdout.write(renderSummary(report, { color }));
  const html = join(dir, "report.html");
  const paths = [`report: ${file}`];
  if (await has(html)) paths.push(`html report: ${html}`);
  s.p.note(paths.join("\n"), "Files");
}

async function has(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
