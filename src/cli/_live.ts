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
  type Dashboard,
  type DashboardConfig,
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

/**
 * Stderr while the dashboard holds the terminal: text goes to the
 * dashboard's foot and is kept (bounded) to be printed once it closes.
 */
class HeldStderr {
  readonly #real: TextSink;
  readonly #dash: Dashboard;
  readonly #log: string[] = [];
  #held = true;

  constructor(real: TextSink, dash: Dashboard) {
    this.#real = real;
    this.#dash = dash;
  }

  /** A sink that holds text while the dashboard is up. */
  sink(): TextSink {
    return {
      ...this.#real,
      write: (text) => {
        if (!this.#held) return this.#real.write(text);
        this.keep(text);
        this.#dash.notice(text);
      },
    };
  }

  /** Keeps `text` to print when the dashboard closes. */
  keep(text: string): void {
    if (this.#log.length < 200) this.#log.push(text.replace(/^\n+/, ""));
  }

  /** Prints what was held; later text goes straight through. */
  release(): void {
    if (!this.#held) return;
    this.#held = false;
    for (const line of this.#log) this.#real.write(line);
  }
}

function dashboardOutput(io: ProcessIO, l: LiveInput): LiveOutput {
  const hooks = { quit: () => {}, snapshot: (_: string) => {} };
  const running = startDashboard(dashboardConfig(io, l, hooks), {
    sink: io.stderr,
    keys: io.stdin,
    clock: io.clock,
  });
  const dash = running.dashboard;
  const held = new HeldStderr(io.stderr, dash);
  hooks.snapshot = (path) => held.keep(`snapshot: ${path}\n`);
  const stop = () => {
    running.stop();
    held.release();
  };
  const exit = (code: number) => (stop(), io.exit(code));
  return {
    io: { ...io, stderr: held.sink(), exit },
    sinks: [dash],
    onPhase: (p, label) =>
      dash.phase(
        { name: p.name, label, plannedOps: p.ops, durationMs: p.durationMs },
        io.clock.now(),
      ),
    onAttempt: dash.live.inflight.observe,
    connect: (signals) => {
      hooks.quit = signals.trigger;
      signals.stop.addEventListener("abort", () => dash.drain());
    },
    stop,
  };
}

/** The dashboard's view of the run; `hooks` are wired up afterwards. */
function dashboardConfig(
  io: ProcessIO,
  l: LiveInput,
  hooks: { quit(): void; snapshot(path: string): void },
): DashboardConfig {
  const s = l.settings;
  let snaps = 0;
  return {
    header: {
      runId: l.runId,
      profile: s.profile.name,
      client: s.client,
      endpoints: s.endpoints,
      phases: l.phases.map((p) => p.name),
    },
    color: colorsFor(io.stderr, io.env, l.noColor),
    limits: s.thresholds,
    maxErrorRate: s.maxErrorRate,
    runStart: io.clock.now(),
    onQuit: () => hooks.quit(),
    onSnapshot: async () => {
      const path = await writeSnapshot(io, l, ++snaps);
      hooks.snapshot(path);
      return path;
    },
  };
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
