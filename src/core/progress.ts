/**
 * Watching attempts while they run: the engine announces each attempt as
 * it starts, and a live view (the dashboard) may ask to be told of the
 * bytes it moves. Plain types at the bottom, like the operation record.
 *
 * @module
 */
import type { OpType } from "./record.ts";

/** An attempt as it starts. Times are on the run clock, in ms. */
export interface AttemptStart {
  phase: string;
  op: OpType;
  key: string;
  /** Size of the object in bytes. */
  size: number;
  group: string;
  endpoint: string;
  attempt: number;
  start: number;
}

/** Receives the bytes of one attempt as they move, then its end. */
export interface AttemptWatch {
  /** Called with each chunk's byte count, as the body moves. */
  progress(bytes: number): void;
  /** Called once when the attempt is over, whatever its outcome. */
  done(): void;
}

/**
 * Called as each attempt starts; returns a watch for the attempts it wants
 * to follow (say, large objects), undefined for the rest, which then cost
 * nothing more.
 */
export type AttemptObserver = (a: AttemptStart) => AttemptWatch | undefined;
