/**
 * Runs a run's phases. For each phase a scheduler (closed or open model)
 * decides when operations start, the gate and throttles decide how fast,
 * the runner does them, failures are retried by the retry policy, and
 * every attempt becomes a record for the metrics and the sinks. The engine
 * decides when and whether again; the runner decides how.
 *
 * @module
 */
import type { Settings } from "../config/settings.ts";
import type { Clock } from "../core/io.ts";
import type { OpRecord } from "../core/record.ts";
import type { AttemptObserver } from "../core/progress.ts";
import type { MetricsCollector } from "../metrics/collector.ts";
import { Rng } from "../dataset/prng.ts";
import type {
  AttemptContext,
  AttemptResult,
  ObjectRef,
  Runner,
  UploadSource,
} from "../runners/runner.ts";
import type { KeyLogWriter } from "./key_log.ts";
import type { UploadIntentLog } from "./upload_log.ts";
import {
  type EntrySource,
  JoinedPool,
  ListPool,
  OpSource,
  type PhasePlan,
  type PlannedOp,
  type SourceEntry,
  WrittenPool,
} from "./plan.ts";
import { backoffMs, isRetryable } from "./retry.ts";
import { verifiedDownload, type VerifierFor } from "./verify.ts";
import { runClosed, runOpen } from "./scheduler.ts";
import { rateShape } from "./shape.ts";
import type { TokenBucket } from "./token_bucket.ts";
import {
  byteBuckets,
  closedGate,
  countedStream,
  iopsGate,
  pacedStream,
  pacer,
} from "./throttle.ts";
import { EndpointChooser } from "./cluster.ts";
import { ErrorRateGuard } from "./error_guard.ts";

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
  /** The dataset's entries by number. */
  entries: EntrySource;
  /** Opens a dataset entry's bytes afresh (one call per attempt). */
  openEntry(entry: SourceEntry): Promise<ReadableStream<Uint8Array>>;
  /** Local path of an entry, for subprocess clients. */
  entryPath?(entry: SourceEntry): string;
  runPrefix: string;
  /** Objects from an earlier run to read. */
  readFrom?: ObjectRef[];
  /** With `verify`: what each downloaded object should hold. */
  verifierFor?: VerifierFor;
  metrics: MetricsCollector;
  sinks: RecordSink[];
  keyLog: KeyLogWriter;
  /** Where large uploads are announced before they start (for cleanup). */
  uploadLog?: UploadIntentLog;
  /** Aborted to stop scheduling (first Ctrl-C). */
  stop: AbortSignal;
  /** Aborted to abandon operations in flight (grace over, second Ctrl-C). */
  hardStop: AbortSignal;
  /** Called as each phase (and its warm-up) starts. */
  onPhase?(phase: PhasePlan, label: string): void;
  /** Told of each attempt as it starts, to follow its bytes live. */
  onAttempt?: AttemptObserver;
}

/** What the phases did. */
export interface RunPhasesResult {
  interrupted: boolean;
  /** Stopped early because only errors were coming back. */
  stoppedByErrors: boolean;
  /** Metric phases that started, in order (warm-ups included). */
  phasesRun: string[];
  /** Open-model arrivals dropped at the in-flight cap, per phase. */
  dropped: Record<string, number>;
  /** Multipart uploads aborted at the end. */
  abortedUploads: number;
}

/** Shared state of one run across its phases. */
interface RunState {
  o: RunPhasesOptions;
  written: WrittenPool;
  pool: JoinedPool;
  writeCounter: { next: number };
  chooser: EndpointChooser;
  guard: ErrorRateGuard;
  errorStop: AbortController;
  /** stop or errorStop. */
  stop: AbortSignal;
  result: RunPhasesResult;
}

/** Runs every phase in order; stops early when `stop` is aborted. */
export async function runPhases(o: RunPhasesOptions): Promise<RunPhasesResult> {
  const endpoints = o.settings.endpoints.length > 0
    ? o.settings.endpoints
    : [""];
  const written = new WrittenPool(o.entries, o.runPrefix, endpoints);
  const pools = o.readFrom ? [new ListPool(o.readFrom), written] : [written];
  const errorStop = new AbortController();
  const st: RunState = {
    o,
    written,
    pool: new JoinedPool(pools),
    writeCounter: { next: 0 },
    chooser: new EndpointChooser({ endpoints, ...o.settings.cluster }),
    guard: new ErrorRateGuard(),
    errorStop,
    stop: AbortSignal.any([o.stop, errorStop.signal]),
    result: {
      interrupted: false,
      stoppedByErrors: false,
      phasesRun: [],
      dropped: {},
      abortedUploads: 0,
    },
  };
  for (const phase of o.phases) {
    if (st.stop.aborted) break;
    await runPhase(st, phase);
  }
  st.result.abortedUploads = await o.runner.abortOpenUploads();
  st.result.interrupted = o.stop.aborted;
  st.result.stoppedByErrors = errorStop.signal.aborted;
  return st.result;
}

/** Names the metric phase of an operation, and ends the phase. */
interface Labeler {
  /** The metric phase of an operation due at `due`. */
  label(due: number): string;
  /** Ends the phase (and its warm-up) at `now`. */
  finish(now: number): void;
}

async function runPhase(st: RunState, phase: PhasePlan): Promise<void> {
  const { o } = st;
  const s = o.settings;
  const source = new OpSource({
    phase,
    entries: o.entries,
    runPrefix: o.runPrefix,
    pool: st.pool,
    writeCounter: st.writeCounter,
    seed: s.dataset.seed,
    popularity: s.readPopularity,
  });
  const start = o.clock.now();
  const phases = warmupLabeler(st, phase, start);
  const deadline = phase.durationMs === undefined
    ? undefined
    : start + phase.durationMs;
  const bytes = byteBuckets(s);
  const exec = (op: PlannedOp, due: number, worker: number) =>
    execute(st, phases.label(due), op, due, bytes(worker));
  if (s.load.model === "open" && phase.name !== "prepare") {
    st.result.dropped[phase.name] = 0;
    await runOpen<PlannedOp>({
      clock: o.clock,
      next: () => source.next(),
      execute: exec,
      deadline,
      stop: st.stop,
      shape: rateShape(s.load, phase.durationMs),
      poisson: s.load.arrivals === "poisson",
      uniform: uniformFrom(s.dataset.seed, phase.name),
      maxInFlight: s.load.maxInFlight,
      onDrop: () => st.result.dropped[phase.name]++,
      gate: iopsGate(s, start),
    });
  } else {
    await runClosed<PlannedOp>({
      clock: o.clock,
      concurrency: s.concurrency,
      next: () => source.next(),
      execute: exec,
      deadline,
      stop: st.stop,
      gate: phase.name === "prepare" ? undefined : closedGate(s, phase, start),
    });
  }
  // A phase with a duration lasts that long even when its last operation
  // ends sooner (a burst's off period, a paused shape): rates divide by it.
  const now = o.clock.now();
  const early = st.stop.aborted || deadline === undefined;
  phases.finish(early ? now : Math.max(now, deadline));
}

/**
 * Starts the phase's metric phases: a warm-up, when set, reported apart
 * from the rest; operations due before its end belong to it.
 */
function warmupLabeler(st: RunState, phase: PhasePlan, start: number): Labeler {
  const { o } = st;
  const warm = o.settings.load.warmupMs;
  const begin = (name: string, at: number) => {
    st.result.phasesRun.push(name);
    o.metrics.startPhase(name, at);
    o.onPhase?.(phase, name);
  };
  if (!warm || phase.name === "prepare") {
    begin(phase.name, start);
    return {
      label: () => phase.name,
      finish: (now) => o.metrics.endPhase(phase.name, now),
    };
  }
  const warmName = `${phase.name}-warmup`;
  const warmEnd = start + warm;
  let main = false;
  const toMain = () => {
    if (main) return;
    main = true;
    o.metrics.endPhase(warmName, warmEnd);
    begin(phase.name, warmEnd);
  };
  begin(warmName, start);
  const timer = setTimeout(toMain, warm);
  return {
    label: (due) => {
      if (due < warmEnd) return warmName;
      toMain();
      return phase.name;
    },
    finish: (now) => {
      clearTimeout(timer);
      if (!main && now < warmEnd) o.metrics.endPhase(warmName, now);
      else {
        toMain();
        o.metrics.endPhase(phase.name, now);
      }
    },
  };
}

function uniformFrom(seed: number, phase: string): () => number {
  const rng = Rng.fromKey(["arrivals", seed, phase]);
  return () => rng.nextU32() / 2 ** 32;
}

function uploadSource(
  st: RunState,
  entry: SourceEntry,
  ctx: AttemptContext,
): UploadSource {
  const o = st.o;
  const { pace, onProgress } = ctx;
  return {
    size: entry.size,
    open: async () => {
      const body = await o.openEntry(entry);
      const paced = pace ? body.pipeThrough(pacedStream(pace)) : body;
      return onProgress ? paced.pipeThrough(countedStream(onProgress)) : paced;
    },
    path: pace ? undefined : o.entryPath?.(entry),
  };
}

async function execute(
  st: RunState,
  phase: string,
  op: PlannedOp,
  due: number,
  bucket: TokenBucket | undefined,
): Promise<void> {
  const { o } = st;
  const endpoint = st.chooser.pick(op.op, op.ref.writer);
  const pace = pacer(o.clock, o.hardStop, bucket);
  st.chooser.begin(endpoint);
  try {
    for (let attempt = 1;; attempt++) {
      const ctx: AttemptContext = {
        phase,
        endpoint,
        due,
        attempt,
        signal: o.hardStop,
        pace,
      };
      const res = await watched(st, op, ctx);
      const again = !res.ok && attempt < o.settings.retry.maxAttempts &&
        isRetryable(res.errorClass) && !st.stop.aborted &&
        await backoff(st, attempt);
      const label = endpoint || "default";
      const record: OpRecord = { ...res, endpoint: label, final: !again };
      o.metrics.record(record);
      for (const s of o.sinks) s.write(record);
      if (again) continue;
      if (res.ok && op.op === "put") {
        st.written.add(op.writeIndex!, endpoint);
        o.keyLog.add({ ...op.ref, endpoint: label });
      }
      if (st.guard.add(label, res.ok)) st.errorStop.abort();
      return;
    }
  } finally {
    st.chooser.end(endpoint);
  }
}

/** Does one attempt, telling `onAttempt`'s watch of its bytes. */
async function watched(
  st: RunState,
  op: PlannedOp,
  ctx: AttemptContext,
): Promise<AttemptResult> {
  const { o } = st;
  const watch = o.onAttempt?.({
    phase: ctx.phase,
    endpoint: ctx.endpoint,
    attempt: ctx.attempt,
    op: op.op,
    key: op.ref.key,
    size: op.ref.size,
    group: op.ref.group,
    start: o.clock.now(),
  });
  if (watch) ctx.onProgress = watch.progress;
  try {
    return op.op === "put"
      ? await upload(st, op, ctx)
      : await verifiedDownload(o.runner, op.ref, ctx, o.verifierFor);
  } finally {
    watch?.done();
  }
}

/** Announces a large upload (for cleanup after a hard exit), then does it. */
function upload(
  st: RunState,
  op: PlannedOp,
  ctx: AttemptContext,
): Promise<AttemptResult> {
  if (ctx.attempt === 1) st.o.uploadLog?.add(op.ref.key, op.ref.size);
  return st.o.runner.upload(op.ref, uploadSource(st, op.entry!, ctx), ctx);
}

/**
 * Waits before the next attempt. The record of the failed attempt is
 * emitted after the wait, so that a stop during the wait makes it the
 * final one and every logical operation keeps exactly one final record.
 */
async function backoff(st: RunState, attempt: number): Promise<boolean> {
  try {
    const signal = AbortSignal.any([st.stop, st.o.hardStop]);
    await st.o.clock.sleep(backoffMs(st.o.settings.retry, attempt), signal);
    return true;
  } catch {
    return false;
  }
}
