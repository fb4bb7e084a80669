/**
 * How fast a phase goes: the start gates (rate shape, `max_iops`, shared
 * or per worker) and byte pacing (`max_throughput_mbps`) of body streams.
 * Waiting for a start happens before a request is built and signed.
 *
 * @module
 */
import type { Settings } from "../config/settings.ts";
import type { Clock } from "../core/io.ts";
import type { PhasePlan } from "./plan.ts";
import { rateShape } from "./shape.ts";
import { constantShape, StartGate } from "./gate.ts";
import { TokenBucket } from "./token_bucket.ts";

/** The closed model's gate: rate shape and `max_iops`, shared or per worker. */
export function closedGate(s: Settings, phase: PhasePlan, start: number) {
  const shape = rateShape(s.load, phase.durationMs);
  const shaped = s.load.rate !== undefined || s.load.pattern.kind === "bursty";
  const shapeGate = shaped ? new StartGate(shape, start) : undefined;
  const iops = iopsGate(s, start);
  if (!shapeGate && !iops) return undefined;
  return (worker: number, now: number) => {
    const t = shapeGate ? shapeGate.reserve(now) : now;
    return iops ? iops(worker, t) : t;
  };
}

/** `max_iops` as a gate; per worker when `throttle_per_worker`. */
export function iopsGate(s: Settings, start: number) {
  const iops = s.throttle.maxIops;
  if (iops === undefined) return undefined;
  const gates = new Map<number, StartGate>();
  const shared = new StartGate(constantShape(iops), start);
  return (worker: number, now: number) => {
    if (!s.throttle.perWorker) return shared.reserve(now);
    let g = gates.get(worker);
    if (!g) gates.set(worker, g = new StartGate(constantShape(iops), start));
    return g.reserve(now);
  };
}

/** Byte pacing per worker, or shared; undefined when unlimited. */
export function byteBuckets(
  s: Settings,
): (worker: number) => TokenBucket | undefined {
  const rate = s.throttle.maxBytesPerSec;
  if (rate === undefined) return () => undefined;
  // A burst of 1/50 s of traffic keeps pacing smooth but cheap.
  const burst = Math.max(64 * 1024, rate / 50);
  const shared = new TokenBucket(rate, burst);
  const own = new Map<number, TokenBucket>();
  return (worker) => {
    if (!s.throttle.perWorker) return shared;
    let b = own.get(worker);
    if (!b) own.set(worker, b = new TokenBucket(rate, burst));
    return b;
  };
}

/** Waits, after each chunk of `n` bytes, for the byte bucket. */
export function pacer(
  clock: Clock,
  signal: AbortSignal,
  bucket: TokenBucket | undefined,
): ((n: number) => Promise<void>) | undefined {
  if (!bucket) return undefined;
  return async (n) => {
    const wait = bucket.take(n, clock.now());
    if (wait > 0) await clock.sleep(wait, signal).catch(() => {});
  };
}

/** A pass-through stream that reports each chunk's size. */
export function countedStream(
  onProgress: (bytes: number) => void,
): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream({
    transform(chunk, ctl) {
      onProgress(chunk.byteLength);
      ctl.enqueue(chunk);
    },
  });
}

/** A pass-through stream that waits for the pacer after each chunk. */
export function pacedStream(
  pace: (n: number) => Promise<void>,
): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream({
    async transform(chunk, ctl) {
      await pace(chunk.byteLength);
      ctl.enqueue(chunk);
    },
  });
}
