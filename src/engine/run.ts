/**
 * Runs a run's phases: for each, a closed-model scheduler hands operations
 * to the runner, each attempt becomes a record, failures are retried by the
 * retry policy, and records flow to the metrics and the sinks. The engine
 * decides when and whether again; the runner decides how.
 *
 * @module
 */
import type { Settings } from "../config/settings.ts";
import type { Clock } from "../core/io.ts";
import type { OpRecord } from "../core/record.ts";
import type { MetricsCollector } from "../metrics/collector.ts";
import type {
  AttemptContext,
  ObjectRef,
  Runner,
  UploadSource,
} from "../runners/runner.ts";
import type { KeyLogWriter } from "./key_log.ts";
import {
  JoinedPool,
  ListPool,
  OpSource,
  type PhasePlan,
  type PlannedOp,
  type SourceEntry,
  WrittenPool,
} from "./plan.ts";
import { backoffMs, isRetryable } from "./retry.ts";
import { runClosed } from "./scheduler.ts";

/** Where records go besides the metrics (the ops log). */
export interface RecordSink {
  write(r: OpRecord): void;
}

/** Inputs to {@link runPhases}. */
export interface RunPhasesOptions {
  settings: Settings;
  runner: Runner;
  clock: Clock;
  phases: PhasePlan[];
  entries: readonly SourceEntry[];
  /** Opens a dataset entry's bytes afresh (one call per attempt). */
  openEntry(entry: SourceEntry): Promise<ReadableStream<Uint8Array>>;
  /** Local path of an entry, for subprocess clients. */
  entryPath?(entry: SourceEntry): string;
  runPrefix: string;
  /** Objects from an earlier run to read. */
  readFrom?: ObjectRef[];
  metrics: MetricsCollector;
  sinks: RecordSink[];
  keyLog: KeyLogWriter;
  /** Aborted to stop scheduling (first Ctrl-C). */
  stop: AbortSignal;
  /** Aborted to abandon operations in flight (grace over, second Ctrl-C). */
  hardStop: AbortSignal;
  /** Called as each phase starts. */
  onPhase?(phase: PhasePlan): void;
}

/** What the phases did. */
export interface RunPhasesResult {
  interrupted: boolean;
  /** Phases that started, in order. */
  phasesRun: string[];
  /** Multipart uploads aborted at the end. */
  abortedUploads: number;
}

/** Runs every phase in order; stops early when `stop` is aborted. */
export async function runPhases(o: RunPhasesOptions): Promise<RunPhasesResult> {
  const written = new WrittenPool(o.entries, o.runPrefix);
  const pools = [written, ...(o.readFrom ? [new ListPool(o.readFrom)] : [])];
  const pool = new JoinedPool(pools.reverse());
  const writeCounter = { next: 0 };
  const endpoints = o.settings.endpoints.length > 0
    ? o.settings.endpoints
    : [""];
  let rr = 0;
  const phasesRun: string[] = [];

  for (const phase of o.phases) {
    if (o.stop.aborted) break;
    phasesRun.push(phase.name);
    o.onPhase?.(phase);
    const source = new OpSource({
      phase,
      entries: o.entries,
      runPrefix: o.runPrefix,
      pool,
      writeCounter,
      seed: o.settings.dataset.seed,
    });
    const start = o.clock.now();
    o.metrics.startPhase(phase.name, start);
    await runClosed<PlannedOp>({
      concurrency: o.settings.concurrency,
      clock: o.clock,
      next: () => source.next(),
      execute: (op, due) =>
        execute(
          o,
          phase.name,
          op,
          due,
          endpoints[rr++ % endpoints.length],
          written,
        ),
      deadline: phase.durationMs === undefined
        ? undefined
        : start + phase.durationMs,
      stop: o.stop,
    });
    o.metrics.endPhase(phase.name, o.clock.now());
  }
  const abortedUploads = await o.runner.abortOpenUploads();
  return { interrupted: o.stop.aborted, phasesRun, abortedUploads };
}

function uploadSource(o: RunPhasesOptions, entry: SourceEntry): UploadSource {
  return {
    size: entry.size,
    open: () => o.openEntry(entry),
    path: o.entryPath?.(entry),
  };
}

async function execute(
  o: RunPhasesOptions,
  phase: string,
  op: PlannedOp,
  due: number,
  endpoint: string,
  written: WrittenPool,
): Promise<void> {
  const { retry } = o.settings;
  for (let attempt = 1;; attempt++) {
    const ctx: AttemptContext = {
      phase,
      endpoint,
      due,
      attempt,
      signal: o.hardStop,
    };
    const res = op.op === "put"
      ? await o.runner.upload(op.ref, uploadSource(o, op.entry!), ctx)
      : await o.runner.download(op.ref, ctx);
    const again = !res.ok && attempt < retry.maxAttempts &&
      isRetryable(res.errorClass) && !o.stop.aborted &&
      await backoff(o, attempt);
    const record: OpRecord = {
      ...res,
      endpoint: endpoint || "default",
      final: !again,
    };
    o.metrics.record(record);
    for (const s of o.sinks) s.write(record);
    if (!again) {
      if (res.ok && op.op === "put") {
        written.add(op.writeIndex!);
        o.keyLog.add({ ...op.ref, endpoint: record.endpoint });
      }
      return;
    }
  }
}

/**
 * Waits before the next attempt. The record of the failed attempt is
 * emitted after the wait, so that a stop during the wait makes it the
 * final one and every logical operation keeps exactly one final record.
 */
async function backoff(o: RunPhasesOptions, attempt: number): Promise<boolean> {
  try {
    const signal = AbortSignal.any([o.stop, o.hardStop]);
    await o.clock.sleep(backoffMs(o.settings.retry, attempt), signal);
    return true;
  } catch {
    return false;
  }
}
