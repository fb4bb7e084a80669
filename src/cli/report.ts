/**
 * `s3flood report html|merge|compare`: work with reports already written.
 * Thin: read, call the report layer, write, map errors to exit codes.
 *
 * @module
 */
import { dirname, isAbsolute, join } from "node:path";
import type { Command } from "commander";
import { ExitCode } from "../core/exit_codes.ts";
import type { ProcessIO } from "../core/io.ts";
import { UsageError } from "../core/errors.ts";
import { compareReports, renderComparison } from "../report/compare.ts";
import { writeReportHtml } from "../report/html.ts";
import { mergeReports } from "../report/merge.ts";
import { readReport } from "../report/read.ts";
import { reportError, useColor } from "./output.ts";
import { maskArgs } from "./run.ts";
import { toolInfo } from "./version.ts";

type SetCode = (code: number) => void;

function abs(io: ProcessIO, p: string): string {
  return isAbsolute(p) ? p : join(io.cwd, p);
}

/** `report html RUN_DIR`: rebuilds report.html from report.json. */
export async function reportHtmlCommand(
  io: ProcessIO,
  target: string,
): Promise<number> {
  try {
    const path = abs(io, target);
    const report = await readReport(path);
    const dir = path.endsWith(".json") ? dirname(path) : path;
    io.stdout.write(`${await writeReportHtml(dir, report)}\n`);
    return ExitCode.OK;
  } catch (err) {
    return reportError(io, err, false);
  }
}

/** `report merge A B ... -o OUT`: merges reports into one file. */
export async function reportMergeCommand(
  io: ProcessIO,
  inputs: string[],
  opts: { output?: string; html?: boolean },
): Promise<number> {
  try {
    if (opts.output === undefined) {
      throw new UsageError(
        "report merge: no output file given",
        "pass -o merged.json",
      );
    }
    const reports = await Promise.all(
      inputs.map((p) => readReport(abs(io, p))),
    );
    const command = maskArgs(["s3flood", ...io.argv]);
    const merged = mergeReports(reports, { tool: toolInfo(), command });
    const out = abs(io, opts.output);
    await Deno.writeTextFile(out, JSON.stringify(merged, null, 2) + "\n");
    io.stdout.write(`merged ${reports.length} reports into ${out}\n`);
    return ExitCode.OK;
  } catch (err) {
    return reportError(io, err, false);
  }
}

/** `report compare BASE NEW`: per-op deltas, as a table or JSON. */
export async function reportCompareCommand(
  io: ProcessIO,
  base: string,
  next: string,
  opts: { json?: boolean; color?: boolean },
): Promise<number> {
  const json = opts.json === true;
  try {
    const a = await readReport(abs(io, base));
    const b = await readReport(abs(io, next));
    const c = compareReports(a, b);
    if (json) io.stdout.write(JSON.stringify(c, null, 2) + "\n");
    else {
      const color = useColor(io.stdout, io.env, opts.color === false);
      io.stdout.write(renderComparison(c, color));
    }
    return ExitCode.OK;
  } catch (err) {
    return reportError(io, err, json);
  }
}

const MERGE_HELP = `
Counts and bytes are summed and HDR histograms merged exactly; phases of the
same name span from the earliest start to the latest end (wall clock), so
the rates of concurrent runs add up. Time series are summed per second.

Example:
  s3flood report merge results/a/report.json results/b/report.json -o all.json
`;

/** Adds the `report` command group to `program`. */
export function addReportCommands(
  program: Command,
  io: ProcessIO,
  setCode: SetCode,
): void {
  const report = program.command("report")
    .description("rebuild, merge and compare reports of earlier runs");
  report.command("html")
    .description("rebuild report.html from a run's report.json")
    .argument("<run-dir>", "a run directory, or its report.json")
    .addHelpText("after", "\nExample:\n  s3flood report html results/RUN_ID\n")
    .action(async (dir: string) => setCode(await reportHtmlCommand(io, dir)));
  report.command("merge")
    .description("merge reports (e.g. of concurrent runs) into one")
    .argument("<reports...>", "report.json files or run directories")
    .option("-o, --output <file>", "where to write the merged report.json")
    .addHelpText("after", MERGE_HELP)
    .action(async (inputs: string[], opts: { output?: string }) =>
      setCode(await reportMergeCommand(io, inputs, opts))
    );
  report.command("compare")
    .description("per op: ops/s, MiB/s, p50 and p99 of NEW against BASE")
    .argument("<base>", "the baseline report.json or run directory")
    .argument("<new>", "the report to compare with it")
    .option("--json", "print the comparison as JSON")
    .addHelpText(
      "after",
      "\nExample:\n  s3flood report compare results/old results/new --json\n",
    )
    .action(async (base: string, next: string, opts: { json?: boolean }) =>
      setCode(
        await reportCompareCommand(io, base, next, {
          ...program.opts(),
          ...opts,
        }),
      )
    );
}
