/**
 * `s3flood cleanup RUN_DIR|CONFIG`: deletes exactly the objects runs wrote
 * (their keys.jsonl), aborts their open multipart uploads, and lists each
 * run's prefix afterwards. Given a config, every run in its output
 * directory that wrote to the same bucket and prefix is cleaned.
 *
 * @module
 */
import { isAbsolute, join } from "node:path";
import { stringify } from "yaml";
import { UsageError } from "../core/errors.ts";
import { ExitCode } from "../core/exit_codes.ts";
import type { ProcessIO } from "../core/io.ts";
import type { Settings } from "../config/settings.ts";
import { loadSettings } from "../config/load.ts";
import { envOverrides, flagOverrides } from "../config/overrides.ts";
import { type CleanupResult, cleanupRun } from "../engine/cleanup.ts";
import { readRunInfo, type RunInfo } from "../engine/run_info.ts";
import { SdkRunner } from "../runners/sdk.ts";
import { preflight } from "../runners/preflight.ts";
import { loadConfig } from "./_config.ts";
import { reportError } from "./output.ts";

/** One line describing a cleanup's outcome. */
export function describeCleanup(c: CleanupResult, dryRun = false): string {
  if (dryRun) return `would delete ${c.planned} objects`;
  const failed = c.failedCount
    ? `, ${c.failedCount} failed (first: ${c.failed[0].key}: ${
      c.failed[0].code
    })`
    : "";
  const left = c.remaining < 0
    ? "listing afterwards failed"
    : `${c.remaining} left under the run prefix`;
  const refused = c.refused
    ? `, ${c.refused} key-log lines outside the run's own keys left alone`
    : "";
  return `deleted ${c.deleted} of ${c.planned} objects${failed}${refused}, aborted ${c.abortedUploads} open multipart uploads, ${left}`;
}

/** Runs `cleanup`; returns the exit code. */
export async function cleanupCommand(
  io: ProcessIO,
  target: string,
  opts: Record<string, unknown>,
): Promise<number> {
  const json = opts.json === true;
  const dryRun = opts.dryRun === true;
  try {
    const runs = await findRuns(io, target, opts);
    const out: Record<string, unknown>[] = [];
    let failed = false;
    for (const run of runs) {
      const r = await cleanOne(io, run, dryRun);
      failed ||= r.failedCount > 0 || (!dryRun && r.remaining !== 0);
      out.push({ runDir: run.dir, runPrefix: run.info.runPrefix, ...r });
      if (!json) {
        io.stdout.write(
          `${run.dir}: s3://${run.info.bucket}/${run.info.runPrefix}: ${
            describeCleanup(r, dryRun)
          }\n`,
        );
      }
    }
    if (json) {
      io.stdout.write(JSON.stringify({ dryRun, runs: out }, null, 2) + "\n");
    }
    if (!json && runs.length === 0) io.stdout.write("no runs to clean\n");
    return failed ? ExitCode.FAILURE : ExitCode.OK;
  } catch (err) {
    return reportError(io, err, json);
  }
}

interface FoundRun {
  dir: string;
  info: RunInfo;
  settings: Settings;
}

async function findRuns(
  io: ProcessIO,
  target: string,
  opts: Record<string, unknown>,
): Promise<FoundRun[]> {
  const path = isAbsolute(target) ? target : join(io.cwd, target);
  const stat = await Deno.stat(path).catch(() => undefined);
  if (!stat) {
    throw new UsageError(
      `'${target}' does not exist`,
      "give a run directory (results/RUN_ID) or a config file",
    );
  }
  if (stat.isDirectory) return [await runFromDir(io, path, opts)];
  const { settings } = await loadConfig(io, target, opts);
  const runs: FoundRun[] = [];
  for (const e of await listDirs(settings.output.dir)) {
    const dir = join(settings.output.dir, e.name);
    const info = await readRunInfo(dir).catch(() => undefined);
    if (!info || info.bucket !== settings.bucket) continue;
    if (
      !info.runPrefix.startsWith(settings.prefix ? `${settings.prefix}/` : "")
    ) continue;
    runs.push({ dir, info, settings });
  }
  return runs.sort((a, b) => a.dir.localeCompare(b.dir));
}

async function listDirs(dir: string): Promise<Deno.DirEntry[]> {
  const out: Deno.DirEntry[] = [];
  try {
    for await (const e of Deno.readDir(dir)) if (e.isDirectory) out.push(e);
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  return out;
}

async function runFromDir(
  io: ProcessIO,
  dir: string,
  opts: Record<string, unknown>,
): Promise<FoundRun> {
  const info = await readRunInfo(dir).catch((err) => {
    throw new UsageError(
      (err as Error).message,
      "give the directory of one run, which holds run.json and keys.jsonl",
    );
  });
  const config = { ...info.config };
  const creds = config.credentials as Record<string, unknown> | undefined;
  config.credentials = creds?.profile ? { profile: creds.profile } : undefined;
  if (config.credentials === undefined) delete config.credentials;
  const { settings } = loadSettings({
    path: join(dir, "run.json"),
    text: stringify(config),
    overrides: [...envOverrides(io.env), ...flagOverrides(opts)],
    env: io.env,
    cwd: io.cwd,
  });
  return { dir, info, settings };
}

async function cleanOne(
  io: ProcessIO,
  run: FoundRun,
  dryRun: boolean,
): Promise<CleanupResult> {
  const s = { ...run.settings, createBucket: false };
  if (!dryRun) await preflight(s);
  const client = new SdkRunner({ settings: s, clock: io.clock });
  try {
    return await cleanupRun({
      client,
      runDir: run.dir,
      runPrefix: run.info.runPrefix,
      endpoint: s.endpoints[0] ?? "",
      dryRun,
    });
  } finally {
    await client.close();
  }
}
