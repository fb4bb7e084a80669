/**
 * `s3flood run CONFIG`: preflight, dataset, phases, reports. Owns the
 * process concerns of a run (signals, progress, exit code); the load itself
 * is the engine's.
 *
 * @module
 */
import { join } from "node:path";
import { ExitCode } from "../core/exit_codes.ts";
import type { ProcessIO } from "../core/io.ts";
import type { LoadedSettings, Settings } from "../config/settings.ts";
import { newRunId, runPrefix } from "../engine/keys.ts";
import { KeyLogWriter, readKeyLog } from "../engine/key_log.ts";
import { planPhases } from "../engine/plan.ts";
import { runPhases, type RunPhasesResult } from "../engine/run.ts";
import { type CleanupResult, cleanupRun } from "../engine/cleanup.ts";
import { writeRunInfo } from "../engine/run_info.ts";
import { UploadIntentLog } from "../engine/upload_log.ts";
import { SdkRunner } from "../runners/sdk.ts";
import { MetricsCollector } from "../metrics/collector.ts";
import { clientPreflight, preflight } from "../runners/preflight.ts";
import {
  createRunner,
  locateClient,
  runnerInfo,
  runnerNotes,
} from "../runners/mod.ts";
import type { ObjectRef, Runner } from "../runners/runner.ts";
import { startLive } from "./_live.ts";
import {
  OpsCsvWriter,
  renderSummary,
  type Report,
  REPORT_SCHEMA_VERSION,
  runTotals,
  writeReportJson,
} from "../report/mod.ts";
import { UsageError } from "../core/errors.ts";
import { loadConfig } from "./_config.ts";
import { runOutcome } from "./_run_outcome.ts";
import { checkFds, checkUploadBuffer, openFilesLimit } from "./_limits.ts";
import { prepareRunDataset, type RunDataset } from "./_run_dataset.ts";
import { describeSpread, KeySpread } from "../metrics/key_spread.ts";
import { colorsFor, notice, reportError, useColor } from "./output.ts";
import { toolInfo } from "./version.ts";
import { type Observer, startObserver } from "./_observe.ts";

/** How long operations in flight may finish after the first Ctrl-C. */
export const GRACE_MS = 10_000;

/** Runs `run`; returns the exit code. */
export async function runCommand(
  io: ProcessIO,
  path: string,
  opts: Record<string, unknown>,
): Promise<number> {
  const json = opts.json === true;
  try {
    const loaded = await loadConfig(io, path, opts);
    return await runLoaded(io, loaded, {
      noColor: opts.color === false,
      dashboard: opts.dashboard !== false,
    });
  } catch (err) {
    return reportError(io, err, json);
  }
}

/** How a run shows its outcome. */
export interface RunView {
  noColor: boolean;
  /** Show the live dashboard when stderr is a terminal. */
  dashboard?: boolean;
  /** Print no summary: the caller (e.g. `compare`) prints its own. */
  quiet?: boolean;
  /** Receives the report once it is written, with the run's directory. */
  onReport?(report: Report, runDir: string): void;
}

/**
 * Runs a loaded config once: client check, preflight, dataset, phases and
 * report. Returns the exit code; throws for what stops it before any load.
 */
export async function runLoaded(
  io: ProcessIO,
  loaded: LoadedSettings,
  view: RunView,
): Promise<number> {
  await locateClient(loaded.settings.client, io.env);
  checkFds(loaded.settings, openFilesLimit());
  const pre = await preflight(loaded.settings);
  const data = await prepareRunDataset(io, loaded.settings);
  const largest = data.largest;
  const buffer = checkUploadBuffer(
    loaded.settings,
    largest,
    Deno.systemMemoryInfo().total,
  );
  if (buffer) pre.notes.push(buffer);
  const readFrom = await loadReadFrom(loaded.settings);
  return await execute(io, loaded, data, readFrom, pre.notes, view);
}

/** The run's runner, checked through its client before any load. */
async function openRunner(
  io: ProcessIO,
  s: Settings,
  pfx: string,
): Promise<Runner> {
  const runner = await createRunner(s, io.clock, io.env);
  try {
    await clientPreflight(runner, s, pfx);
    return runner;
  } catch (err) {
    await runner.close();
    throw err;
  }
}

async function loadReadFrom(s: Settings): Promise<ObjectRef[] | undefined> {
  if (s.readFrom === undefined || s.profile.mix.read === 0) return undefined;
  const refs: ObjectRef[] = [];
  try {
    for await (const e of readKeyLog(s.readFrom)) {
      refs.push({ key: e.key, size: e.size, group: e.group ?? "" });
    }
  } catch (err) {
    throw new UsageError(
      `read_from: cannot read the key log of '${s.readFrom}': ${
        (err as Error).message
      }`,
      "point read_from (or --read-from) at an earlier run's results directory, which holds keys.jsonl",
    );
  }
  if (refs.length === 0) {
    throw new UsageError(
      `read_from: '${s.readFrom}' lists no written objects`,
      "run a write profile first, or drop read_from to upload the dataset before reading",
    );
  }
  return refs;
}

interface Outputs {
  runDir: string;
  csv?: OpsCsvWriter;
  keyLog: KeyLogWriter;
}

async function openOutputs(
  loaded: LoadedSettings,
  runId: string,
  pfx: string,
  startWall: number,
): Promise<Outputs> {
  const s = loaded.settings;
  const runDir = join(s.output.dir, runId);
  await Deno.mkdir(runDir, { recursive: true });
  await writeRunInfo(runDir, {
    runId,
    bucket: s.bucket,
    runPrefix: pfx,
    endpoints: s.endpoints,
    config: loaded.maskedConfig,
    startedAt: iso(startWall),
  });
  const csv = s.output.opsLog
    ? await OpsCsvWriter.open(join(runDir, "ops.csv"))
    : undefined;
  return { runDir, csv, keyLog: await KeyLogWriter.open(runDir) };
}

/**
 * Before a hard exit: writes what the key log and ops log hold in memory,
 * so cleanup finds every object written.
 */
function flushLogs(out: Outputs): void {
  try {
    out.keyLog.flushSync();
    out.csv?.flush();
  } catch {
    // exiting anyway; the message still says where the data is
  }
}

/**
 * The interrupt policy: first signal drains, second runs `beforeExit`,
 * says `where` the data is, and exits at once.
 */
function interrupts(
  io: ProcessIO,
  where: () => string,
  beforeExit: () => void,
) {
  const stop = new AbortController();
  const hard = new AbortController();
  let grace: ReturnType<typeof setTimeout> | undefined;
  const handler = () => {
    if (!stop.signal.aborted) {
      stop.abort();
      io.stderr.write(
        `\ninterrupt: no new operations; waiting up to ${
          GRACE_MS / 1000
        } s for those in flight (Ctrl-C again to exit at once)\n`,
      );
      grace = setTimeout(() => hard.abort(), GRACE_MS);
      return;
    }
    hard.abort();
    beforeExit();
    io.stderr.write(`\ninterrupt: exiting at once. ${where()}\n`);
    io.exit(ExitCode.INTERRUPTED);
  };
  const offs = [
    io.onSignal("SIGINT", handler),
    io.onSignal("SIGTERM", handler),
  ];
  return {
    stop: stop.signal,
    hard: hard.signal,
    /** Acts as a Ctrl-C would (the dashboard's `q`). */
    trigger: handler,
    dispose: () => {
      clearTimeout(grace);
      offs.forEach((off) => off());
    },
  };
}

async function execute(
  io: ProcessIO,
  loaded: LoadedSettings,
  data: RunDataset,
  readFrom: ObjectRef[] | undefined,
  notes: string[],
  view: RunView,
): Promise<number> {
  const s = loaded.settings;
  const startWall = io.clock.wallMs(io.clock.now());
  const runId = newRunId(startWall);
  const pfx = runPrefix(s.prefix, runId);
  const runner = await openRunner(io, s, pfx);
  const out = await openOutputs(loaded, runId, pfx, startWall);
  const where = () =>
    `Objects written so far are under s3://${s.bucket}/${pfx} (listed in ${
      join(out.runDir, "keys.jsonl")
    }); multipart uploads in flight may stay open: ` +
    `s3flood cleanup ${out.runDir} aborts them and deletes the run's objects.`;
  const metrics = new MetricsCollector({ maxLabels: 64 });
  const phases = planPhases(s, data.entries.count, readFrom?.length);
  const live = startLive(io, {
    settings: s,
    runId,
    runDir: out.runDir,
    phases,
    metrics,
    dashboard: view.dashboard ?? false,
    noColor: view.noColor,
  });
  const signals = interrupts(live.io, where, () => flushLogs(out));
  live.connect(signals);
  const observer = await startObserver({
    io: live.io,
    settings: s,
    runId,
    runDir: out.runDir,
    metrics,
    version: toolInfo().version,
  }).catch((err) => {
    live.stop();
    signals.dispose();
    throw err;
  });
  const spread = new KeySpread();
  let result: RunPhasesResult | undefined;
  let failure: unknown;
  try {
    live.io.stderr.write(
      `run ${runId}: ${
        phases.map((p) => p.name).join(" -> ")
      }, reports in ${out.runDir}\n`,
    );
    result = await runPhases({
      settings: s,
      runner,
      clock: io.clock,
      phases,
      entries: data.entries,
      openEntry: data.openEntry,
      entryPath: data.entryPath,
      verifierFor: data.verifierFor,
      runPrefix: pfx,
      readFrom,
      metrics,
      sinks: [
        ...(out.csv ? [out.csv] : []),
        spread,
        ...observer.sinks,
        ...live.sinks,
      ],
      keyLog: out.keyLog,
      uploadLog: new UploadIntentLog(out.runDir),
      stop: signals.stop,
      hardStop: signals.hard,
      onPhase: live.onPhase,
      onAttempt: live.onAttempt,
    });
  } catch (err) {
    failure = err;
  } finally {
    live.stop();
    observer.stop();
    await out.csv?.close();
    await out.keyLog.close();
  }
  const read = spread.summary(out.keyLog.count + (readFrom?.length ?? 0));
  if (read.reads > 0) notes.push(describeSpread(read));
  const cleanup = await maybeCleanup(io, s, out.runDir, pfx, result);
  signals.dispose();
  await runner.close();
  return await finish({
    io,
    loaded,
    runId,
    startWall,
    out,
    metrics,
    result,
    failure,
    cleanup,
    notes,
    runner,
    pfx,
    view,
    observer,
  });
}

async function maybeCleanup(
  io: ProcessIO,
  s: Settings,
  runDir: string,
  pfx: string,
  result: RunPhasesResult | undefined,
): Promise<CleanupResult | undefined> {
  if (!s.cleanup || result === undefined) return undefined;
  io.stderr.write("cleanup: deleting the run's objects\n");
  const client = new SdkRunner({ settings: s, clock: io.clock });
  try {
    return await cleanupRun({
      client,
      runDir,
      runPrefix: pfx,
      endpoint: s.endpoints[0] ?? "",
    });
  } finally {
    await client.close();
  }
}

interface FinishInput {
  io: ProcessIO;
  loaded: LoadedSettings;
  runId: string;
  startWall: number;
  out: Outputs;
  metrics: MetricsCollector;
  result?: RunPhasesResult;
  failure?: unknown;
  cleanup?: CleanupResult;
  notes: string[];
  runner: Runner;
  pfx: string;
  view: RunView;
  observer: Observer;
}

async function finish(f: FinishInput): Promise<number> {
  const { io, loaded } = f;
  const s = loaded.settings;
  const dropped = f.result?.dropped ?? {};
  const phases = f.metrics.phaseStats().map((p) => ({
    ...p,
    ...(p.name in dropped ? { dropped: dropped[p.name] } : {}),
    startedAt: iso(io.clock.wallMs(p.startMs)),
    endedAt: iso(io.clock.wallMs(p.endMs)),
  }));
  const totals = runTotals(phases);
  const { status, notes, code: initial } = runOutcome({
    settings: s,
    notes: [...loaded.warnings, ...f.notes, ...runnerNotes(f.runner)],
    written: f.out.keyLog.count,
    runPrefix: f.pfx,
    totals,
    result: f.result,
    failure: f.failure,
    cleanup: f.cleanup,
  });
  let code = initial;
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: toolInfo(),
    runId: f.runId,
    status,
    command: maskArgs(["s3flood", ...io.argv]),
    startedAt: iso(f.startWall),
    endedAt: iso(io.clock.wallMs(io.clock.now())),
    settings: loaded.maskedConfig,
    clients: { [f.runner.name]: runnerInfo(f.runner, s) },
    notes,
    phases,
    totals,
    exitCode: code,
  };
  code = f.observer.complete(report);
  const file = await writeReportJson(f.out.runDir, report);
  f.view.onReport?.(report, f.out.runDir);
  if (f.view.quiet) {
    // the caller prints its own view of the report
  } else if (s.json) {
    io.stdout.write(
      JSON.stringify(
        report,
        (k, v) => (k === "histograms" ? undefined : v),
        2,
      ) + "\n",
    );
  } else {
    io.stdout.write(
      renderSummary(report, {
        color: useColor(io.stdout, io.env, f.view.noColor),
      }),
    );
    io.stdout.write(`report: ${file}\n`);
  }
  if (s.json) {
    const c = colorsFor(io.stderr, io.env, f.view.noColor);
    for (const n of notes.slice(loaded.warnings.length)) notice(io, n, c);
  }
  const color = useColor(io.stdout, io.env, f.view.noColor);
  await f.observer.publish(report, color);
  await f.observer.close();
  if (f.failure) return reportError(io, f.failure, false);
  return code;
}

function iso(wallMs: number): string {
  return new Date(wallMs).toISOString();
}

/** Masks values of flags that look like secrets. */
export function maskArgs(argv: string[]): string[] {
  const secret = /^--?[\w-]*(secret|password|token|key-id|access-key)[\w-]*$/i;
  return argv.map((a, i) => {
    if (i > 0 && secret.test(argv[i - 1]) && !a.startsWith("-")) return "***";
    const eq = a.indexOf("=");
    if (eq > 0 && secret.test(a.slice(0, eq))) return `${a.slice(0, eq)}=***`;
    return a;
  });
}
