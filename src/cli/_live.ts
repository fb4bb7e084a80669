/**
 * What a run shows while it runs: the dashboard on a terminal (unless
 * `--no-dashboard`), else the progress line. While the dashboard holds the
 * terminal, notices written to stderr appear at its foot and are printed
 * again once it is gone, and `exit` restores the terminal before leaving.
 *
 * @module
 */
import { join } from "node:path";
import type { ProcessIO, TextSink } from "../core/io.ts";
import type { AttemptObserver } from "../core/progress.ts";
import type { Settings } from "../config/settings.ts";
import type { PhasePlan } from "../engine/plan.ts";
import type { RecordSink } from "../engine/run.ts";
import type { MetricsCollector } from "../metrics/collector.ts";
import { startProgress } from "../dashboard/progress.ts";
import {
  type HealthLimit,
  type RunningDashboard,
  startDashboard,
} from "../dashboard/mod.ts";
import { colorsFor } from "./output.ts";

/** The run's live output, whichever it is. */
export interface LiveOutput {
  /** The process surface for the run while the live output is up. */
  io: ProcessIO;
  sinks: RecordSink[];
  onPhase(phase: PhasePlan, label: string): void;
  onAttempt?: AttemptObserver;
  /** Connects `q` and the draining state to the interrupt policy. */
  connect(signals: { stop: AbortSignal; trigger(): void }): void;
  /** Ends the live output; the terminal is as before. Idempotent. */
  stop(): void;
}

/** What the live output shows. */
export interface LiveInput {
  settings: Settings;
  runId: string;
  runDir: string;
  phases: PhasePlan[];
  metrics: MetricsCollector;
  /** Show the dashboard when the terminal allows. */
  dashboard: boolean;
  noColor: boolean;
}

/** Whether a run may show the dashboard on this process's terminal. */
export function dashboardWanted(io: ProcessIO, wanted: boolean): boolean {
  return wanted && io.stderr.isTerminal && io.env.TERM !== "dumb";
}

/** Starts the dashboard or the progress line. */
export function startLive(io: ProcessIO, l: LiveInput): LiveOutput {
  if (dashboardWanted(io, l.dashboard)) return dashboardOutput(io, l);
  let planned: number | undefined;
  const stop = startProgress({
    sink: io.stderr,
    clock: io.clock,
    live: (now) => l.metrics.live(now),
    planned: () => planned,
  });
  return {
    io,
    sinks: [],
    onPhase: (p) => (planned = p.ops),
    connect: () => {},
    stop,
  };
}

function dashboardOutput(io: ProcessIO, l: LiveInput): LiveOutput {
  const s = l.settings;
  const log: string[] = [];
  let trigger = () => {};
  let snaps = 0;
  const running: RunningDashboard = startDashboard({
    header: {
      runId: l.runId,
      profile: s.profile.name,
      client: s.client,
      endpoints: s.endpoints,
      phases: l.phases.map((p) => p.name),
    },
    color: colorsFor(io.stderr, io.env, l.noColor),
    limits: limitsOf(s),
    maxErrorRate: s.maxErrorRate,
    runStart: io.clock.now(),
    onQuit: () => trigger(),
    onSnapshot: async () => {
      const path = await writeSnapshot(io, l, ++snaps);
      log.push(`snapshot: ${path}\n`);
      return path;
    },
  }, { sink: io.stderr, keys: io.stdin, clock: io.clock });
  const dash = running.dashboard;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    running.stop();
    for (const line of log) io.stderr.write(line);
  };
  const stderr: TextSink = {
    ...io.stderr,
    write: (text) => {
      if (stopped) return io.stderr.write(text);
      if (log.length < 200) log.push(text.replace(/^\n+/, ""));
      dash.notice(text);
    },
  };
  return {
    io: {
      ...io,
      stderr,
      exit: (code) => {
        stop();
        return io.exit(code);
      },
    },
    sinks: [dash],
    onPhase: (p, label) =>
      dash.phase({
        name: p.name,
        label,
        plannedOps: p.ops,
        durationMs: p.durationMs,
      }, io.clock.now()),
    onAttempt: dash.live.inflight.observe,
    connect: (signals) => {
      trigger = signals.trigger;
      signals.stop.addEventListener("abort", () => dash.drain());
    },
    stop,
  };
}

/**
 * The config's thresholds, when it has them (`thresholds:`), as the
 * dashboard colours by; entries of another shape are left out.
 */
function limitsOf(s: Settings): HealthLimit[] {
  const raw = (s as { thresholds?: unknown }).thresholds;
  if (!Array.isArray(raw)) return [];
  return raw.filter((t): t is HealthLimit =>
    typeof t === "object" && t !== null &&
    typeof t.metric === "string" && typeof t.value === "number" &&
    typeof t.comparator === "string" && typeof t.labels === "object"
  );
}

/** Writes the current metrics to the run's directory; returns the path. */
async function writeSnapshot(
  io: ProcessIO,
  l: LiveInput,
  n: number,
): Promise<string> {
  const now = io.clock.now();
  const path = join(l.runDir, `snapshot-${n}.json`);
  const body = {
    runId: l.runId,
    takenAt: new Date(io.clock.wallMs(now)).toISOString(),
    live: l.metrics.live(now),
    phases: l.metrics.phaseStats(),
  };
  const text = JSON.stringify(
    body,
    (k, v) => (k === "histograms" ? undefined : v),
    2,
  );
  await Deno.writeTextFile(path, text + "\n");
  return path;
}
