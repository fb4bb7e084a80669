/**
 * `s3flood compare CONFIG --clients sdk,awscli,s5cmd,rclone`: runs the same
 * profile once per client against the same endpoint, each with a fresh run
 * id (so its own prefix), then prints and writes a side-by-side table
 * (`compare.json`, `compare.csv`). Every client is looked for before the
 * first run, so a missing one stops the comparison before any load.
 *
 * @module
 */
import { join } from "node:path";
import {
  ClientNotFoundError,
  S3floodError,
  UsageError,
} from "../core/errors.ts";
import { ExitCode } from "../core/exit_codes.ts";
import type { ProcessIO } from "../core/io.ts";
import type { LoadedSettings } from "../config/settings.ts";
import { newRunId } from "../engine/keys.ts";
import {
  type ClientRun,
  compareClients,
  renderComparison,
  writeComparison,
} from "../report/client_compare.ts";
import { type ClientName, CLIENTS, probeClients } from "../runners/mod.ts";
import { loadConfig } from "./_config.ts";
import { cpuNow, cpuSince } from "./_cpu.ts";
import { reportError } from "./output.ts";
import { runLoaded } from "./run.ts";

/** Runs `compare`; returns the first non-zero exit code of its runs, or 0. */
export async function compareCommand(
  io: ProcessIO,
  path: string,
  opts: Record<string, unknown>,
): Promise<number> {
  const json = opts.json === true;
  try {
    const names = parseClients(opts.clients);
    const loaded = await loadConfig(io, path, { ...opts, json: false });
    await requireClients(io, names);
    const runs = await runEach(io, loaded, names, opts.color === false);
    const c = compareClients(path, loaded.settings.profile.name, runs);
    const dir = join(loaded.settings.output.dir, `compare-${stamp(io)}`);
    const files = await writeComparison(dir, c);
    if (json) io.stdout.write(JSON.stringify(c, null, 2) + "\n");
    else {
      io.stdout.write(renderComparison(c, io.stdout.columns?.()));
      io.stdout.write(`\ncompare: ${files.json}, ${files.csv}\n`);
    }
    return runs.find((r) => r.exitCode !== ExitCode.OK)?.exitCode ??
      ExitCode.OK;
  } catch (err) {
    return reportError(io, err, json);
  }
}

/** `--clients a,b,c` (default: all four), checked against the known names. */
export function parseClients(value: unknown): ClientName[] {
  if (value === undefined || value === true) return [...CLIENTS];
  const names = String(value).split(",").map((s) => s.trim()).filter((s) => s);
  const bad = names.filter((n) => !CLIENTS.includes(n as ClientName));
  if (bad.length > 0 || names.length === 0) {
    throw new UsageError(
      `--clients: unknown client${bad.length === 1 ? "" : "s"} ` +
        `'${bad.join("', '")}'; allowed: ${CLIENTS.join(", ")}`,
      "pass a comma-separated list, e.g. --clients sdk,s5cmd",
    );
  }
  return [...new Set(names)] as ClientName[];
}

/** Fails before any load when a client is missing, naming every one. */
async function requireClients(io: ProcessIO, names: ClientName[]) {
  const missing = (await probeClients(io.env, names)).filter((c) => !c.found);
  if (missing.length === 0) return;
  throw new ClientNotFoundError(
    missing.map((m) => m.name).join(", "),
    missing.map((m) => m.problem).join("\n"),
    missing[0].hint,
  );
}

async function runEach(
  io: ProcessIO,
  loaded: LoadedSettings,
  names: ClientName[],
  noColor: boolean,
): Promise<ClientRun[]> {
  const runs: ClientRun[] = [];
  for (const [i, client] of names.entries()) {
    io.stderr.write(
      `compare: client ${client} (${i + 1} of ${names.length})\n`,
    );
    const run = await runOne(io, loaded, client, noColor);
    runs.push(run);
    if (run.exitCode === ExitCode.INTERRUPTED) break;
  }
  return runs;
}

/** One run with `client`, its report and the CPU it cost. */
async function runOne(
  io: ProcessIO,
  loaded: LoadedSettings,
  client: ClientName,
  noColor: boolean,
): Promise<ClientRun> {
  const settings = { ...loaded.settings, client };
  const run: ClientRun = { client, exitCode: ExitCode.OK };
  const before = cpuNow();
  try {
    run.exitCode = await runLoaded(io, { ...loaded, settings }, {
      noColor,
      quiet: true,
      onReport: (report, runDir) => Object.assign(run, { report, runDir }),
    });
  } catch (err) {
    run.exitCode = reportError(io, err, false);
    run.error = err instanceof S3floodError
      ? err.message
      : String((err as Error).message ?? err);
  }
  run.cpu = cpuSince(before);
  return run;
}

function stamp(io: ProcessIO): string {
  return newRunId(io.clock.wallMs(io.clock.now()));
}
