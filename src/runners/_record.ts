/**
 * The record every attempt starts from, the same for every runner.
 *
 * @module
 */
import type {
  AttemptContext,
  AttemptResult,
  ObjectRef,
  RunnerOp,
} from "./runner.ts";

/**
 * A failed, empty attempt of `op` on `ref` by `client`, starting and
 * ending at `start`; runners fill in what happened.
 */
export function attemptBase(
  client: string,
  ref: ObjectRef,
  ctx: AttemptContext,
  op: RunnerOp,
  start: number,
): AttemptResult {
  return {
    phase: ctx.phase,
    op,
    key: ref.key,
    size: ref.size,
    bytes: 0,
    group: ref.group,
    endpoint: ctx.endpoint,
    client,
    due: ctx.due,
    start,
    end: start,
    ok: false,
    attempt: ctx.attempt,
  };
}
