/**
 * The closed-model scheduler: N workers, each starting its next operation
 * as soon as its previous one ends, until the source is exhausted, the
 * deadline passes or a stop is asked. It decides *when* an operation starts;
 * it knows nothing of *how* it is done.
 *
 * @module
 */
import type { Clock } from "../core/io.ts";

/** Inputs to {@link runClosed}. */
export interface ClosedOptions<T> {
  concurrency: number;
  clock: Clock;
  /** The next operation, or undefined when there is none left. */
  next(): T | undefined;
  /** Performs one operation; `due` is when it was scheduled. */
  execute(op: T, due: number): Promise<void>;
  /** Monotonic time after which no operation starts. */
  deadline?: number;
  /** Aborted to stop scheduling; operations in flight finish. */
  stop: AbortSignal;
}

/**
 * Runs workers until every one has stopped. Resolves when the last
 * in-flight operation has ended.
 */
export async function runClosed<T>(opts: ClosedOptions<T>): Promise<void> {
  const worker = async () => {
    while (!opts.stop.aborted) {
      if (opts.deadline !== undefined && opts.clock.now() >= opts.deadline) {
        return;
      }
      const op = opts.next();
      if (op === undefined) return;
      await opts.execute(op, opts.clock.now());
    }
  };
  const workers = Array.from({ length: opts.concurrency }, worker);
  await Promise.all(workers);
}
