/**
 * What a run shows besides its summary: the per-second time series
 * (timeseries.csv as it goes, kept in the report), the live metrics
 * endpoint, Pushgateway pushes, and at the end thresholds, metrics.prom
 * and report.html. The figures come from the metrics and report layers;
 * this file only wires them to the process (timers, sockets, files).
 *
 * @module
 */
import { join } from "node:path";
import type { ProcessIO } from "../core/io.ts";
import { ExitCode } from "../core/exit_codes.ts";
import type { Settings } from "../config/settings.ts";
import type { RecordSink } from "../engine/run.ts";
import type { MetricsCollector } from "../metrics/collector.ts";
import { TimeSeries } from "../metrics/timeseries.ts";
import { writeReportHtml } from "../report/html.ts";
import {
  METRICS_FILE,
  PROM_CONTENT_TYPE,
  promRegistry,
} from "../report/prometheus.ts";
import { evaluateThresholds, renderThresholds } from "../report/thresholds.ts";
import { TimeSeriesCsvWriter } from "../report/timeseries_csv.ts";
import type { Report } from "../report/types.ts";
import { notice } from "./output.ts";

/** Inputs of {@link startObserver}. */
export interface ObserverOptions {
  io: ProcessIO;
  settings: Settings;
  runId: string;
  runDir: string;
  metrics: MetricsCollector;
  version: string;
}

/** The run-side observability, started before the load. */
export interface Observer {
  /** Record sinks to add to the engine's. */
  sinks: RecordSink[];
  /** Stops timers and closes the time series (after the load). */
  stop(): void;
  /**
   * Completes `report` before it is written: time series, thresholds and
   * the exit code they imply. Returns that exit code.
   */
  complete(report: Report): number;
  /** Writes metrics.prom and report.html, pushes, prints thresholds. */
  publish(report: Report, color: boolean): Promise<void>;
  /** Closes the live endpoint. */
  close(): Promise<void>;
}

/** Starts the time series, the live endpoint and the pusher. */
export async function startObserver(o: ObserverOptions): Promise<Observer> {
  const csv = await TimeSeriesCsvWriter.open(join(o.runDir, "timeseries.csv"));
  const series = new TimeSeries({
    wallOffsetMs: o.io.clock.wallMs(0),
    onPoint: (p) => csv.write(p),
  });
  const tick = setInterval(() => series.flush(o.io.clock.now()), 1000);
  const text = () => exposition(o);
  const server = o.settings.metrics.listen ? serve(o, text) : undefined;
  const pusher = startPusher(o, text);
  return {
    sinks: [series],
    stop: () => {
      clearInterval(tick);
      series.close();
      csv.close();
    },
    complete: (r) => complete(o, r, series),
    publish: async (r, color) => {
      await publish(o, r, color);
      await pusher.final();
    },
    close: async () => {
      pusher.stop();
      await server?.shutdown();
    },
  };
}

function exposition(o: ObserverOptions): Promise<string> {
  const input = { runId: o.runId, version: o.version };
  const reg = promRegistry(() => ({ ...input, phases: phases(o) }));
  return reg.metrics();
}

function phases(o: ObserverOptions) {
  return o.metrics.phaseStats();
}

/** Serves GET /metrics on the configured address. */
function serve(o: ObserverOptions, text: () => Promise<string>) {
  const { hostname, port } = o.settings.metrics.listen!;
  return Deno.serve({
    hostname,
    port,
    onListen: (a) =>
      o.io.stderr.write(
        `metrics: serving http://${fmtHost(a.hostname)}:${a.port}/metrics\n`,
      ),
  }, async (req) => {
    if (new URL(req.url).pathname !== "/metrics") {
      return new Response("not found; metrics are at /metrics\n", {
        status: 404,
      });
    }
    return new Response(await text(), {
      headers: { "content-type": PROM_CONTENT_TYPE },
    });
  });
}

function fmtHost(h: string): string {
  return h.includes(":") ? `[${h}]` : h;
}

/** The Pushgateway URL of this run's group. */
export function pushUrl(base: string, runId: string): string {
  return `${base}/metrics/job/s3flood/run_id/${encodeURIComponent(runId)}`;
}

/**
 * Pushes periodically (PUT replaces the run's group) and once at the end.
 * A failed push is noticed once and never stops the run.
 */
function startPusher(o: ObserverOptions, text: () => Promise<string>) {
  const base = o.settings.metrics.pushgateway;
  if (base === undefined) {
    return { stop: () => {}, final: () => Promise.resolve() };
  }
  const url = pushUrl(base, o.runId);
  let warned = false;
  const push = async () => {
    try {
      const res = await fetch(url, {
        method: "PUT",
        headers: { "content-type": PROM_CONTENT_TYPE },
        body: await text(),
      });
      await res.body?.cancel();
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
    } catch (err) {
      if (!warned) notice(o.io, `push to ${url} failed: ${errText(err)}`);
      warned = true;
    }
  };
  const timer = setInterval(push, o.settings.metrics.pushIntervalMs);
  return {
    stop: () => clearInterval(timer),
    final: () => {
      clearInterval(timer);
      return push();
    },
  };
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Adds the time series and thresholds; returns the exit code. */
function complete(o: ObserverOptions, r: Report, series: TimeSeries): number {
  r.timeseries = series.data();
  const ts = o.settings.thresholds;
  if (ts.length === 0) return r.exitCode;
  r.thresholds = evaluateThresholds(r, ts);
  const failed = r.thresholds.filter((t) => !t.pass);
  const gated = r.exitCode === ExitCode.OK ||
    r.exitCode === ExitCode.ERROR_RATE;
  if (failed.length > 0) {
    r.notes.push(`${failed.length} of ${ts.length} thresholds failed`);
    if (gated) r.exitCode = ExitCode.THRESHOLD;
  }
  return r.exitCode;
}

/** Writes metrics.prom and report.html; prints the thresholds. */
async function publish(o: ObserverOptions, r: Report, color: boolean) {
  if (o.settings.metrics.format === "prometheus") {
    const reg = promRegistry(() => ({
      runId: r.runId,
      version: r.tool.version,
      phases: r.phases,
    }));
    await Deno.writeTextFile(join(o.runDir, METRICS_FILE), await reg.metrics());
  }
  await writeReportHtml(o.runDir, r);
  if (r.thresholds && r.thresholds.length > 0) {
    const sink = o.settings.json ? o.io.stderr : o.io.stdout;
    sink.write(renderThresholds(r.thresholds, color));
  }
}
