/**
 * The schedulers decide *when* an operation starts; they know nothing of
 * *how* it is done.
 *
 * - Closed model: N workers, each starting its next operation as soon as
 *   its previous one ends and its gate allows.
 * - Open model: operations are due at arrival times from the rate shape,
 *   whether or not earlier ones finished; an arrival finding the in-flight
 *   cap reached is dropped and counted. Latency is measured from `due`.
 *
 * @module
 */
import type { Clock } from "../core/io.ts";
import { nextArrival, type RateShape } from "./shape.ts";

/** What both schedulers need. */
interface SchedulerBase<T> {
  clock: Clock;
  /** The next operation, or undefined when there is none left. */
  next(): T | undefined;
  /** Performs one operation; `due` is when it was scheduled. */
  execute(op: T, due: number, worker: number): Promise<void>;
  /** Monotonic time after which no operation starts. */
  deadline?: number;
  /** Aborted to stop scheduling; operations in flight finish. */
  stop: AbortSignal;
}

/** Inputs to {@link runClosed}. */
export interface ClosedOptions<T> extends SchedulerBase<T> {
  concurrency: number;
  /** Reserves a start slot for `worker` at or after `now` (Infinity: stop). */
  gate?(worker: number, now: number): number;
}

/**
 * Runs workers until every one has stopped. Resolves when the last
 * in-flight operation has ended.
 */
export async function runClosed<T>(o: ClosedOptions<T>): Promise<void> {
  const worker = async (id: number) => {
    while (!o.stop.aborted) {
      let due = o.clock.now();
      if (o.gate) {
        due = o.gate(id, due);
        if (!(await waitUntil(o, due))) return;
      }
      if (o.deadline !== undefined && due >= o.deadline) return;
      const op = o.next();
      if (op === undefined) return;
      await o.execute(op, due, id);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, (_, i) => worker(i)));
}

/** Inputs to {@link runOpen}. */
export interface OpenOptions<T> extends SchedulerBase<T> {
  shape: RateShape;
  poisson: boolean;
  /** Uniform [0, 1) numbers for Poisson gaps (seeded by the caller). */
  uniform(): number;
  maxInFlight: number;
  /** Called for each arrival dropped at the in-flight cap. */
  onDrop(due: number): void;
  /** A start limit (max_iops): the op starts at the returned time. */
  gate?(worker: number, now: number): number;
}

/** Dispatches arrivals until the deadline, the source or a stop ends it. */
export async function runOpen<T>(o: OpenOptions<T>): Promise<void> {
  const origin = o.clock.now();
  const running = new Set<Promise<void>>();
  // The first arrival is at the phase start (when the shape is on then),
  // so a phase of D seconds at R ops/s has R x D arrivals.
  const first = o.shape(0);
  let t = first.rate > 0 ? 0 : nextArrival(o.shape, 0, o.poisson, o.uniform);
  let seq = 0;
  for (let n = 0; !o.stop.aborted; n++) {
    if (n > 0) t = nextArrival(o.shape, t, o.poisson, o.uniform);
    const due = origin + t;
    if (!Number.isFinite(due)) break;
    if (o.deadline !== undefined && due >= o.deadline) break;
    if (!(await waitUntil(o, due))) break;
    if (running.size >= o.maxInFlight) {
      o.onDrop(due);
      continue;
    }
    const op = o.next();
    if (op === undefined) break;
    const id = seq++;
    const start = o.gate ? o.gate(0, o.clock.now()) : undefined;
    const p: Promise<void> = delayed(o, start)
      .then(() => o.execute(op, due, id))
      .finally(() => {
        running.delete(p);
      });
    running.add(p);
  }
  await Promise.all(running);
}

/** Resolves at `start` (immediately when undefined or past). */
function delayed(
  o: { clock: Clock },
  start: number | undefined,
): Promise<void> {
  if (start === undefined) return Promise.resolve();
  const wait = start - o.clock.now();
  return wait > 0 ? o.clock.sleep(wait) : Promise.resolve();
}

/** Sleeps until `due`; false when stopped first or `due` is never. */
async function waitUntil(
  o: { clock: Clock; stop: AbortSignal; deadline?: number },
  due: number,
): Promise<boolean> {
  if (!Number.isFinite(due)) return false;
  if (o.deadline !== undefined && due >= o.deadline) return false;
  const wait = due - o.clock.now();
  if (wait <= 0) return !o.stop.aborted;
  try {
    await o.clock.sleep(wait, o.stop);
    return true;
  } catch {
    return false;
  }
}
