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

/** The record of a failed listing of `prefix` (outside any phase). */
export function listFailure(
  client: string,
  prefix: string,
  endpoint: string,
): AttemptResult {
  return {
    phase: "list",
    op: "list",
    key: prefix,
    size: 0,
    bytes: 0,
    group: "",
    endpoint,
    client,
    due: 0,
    start: 0,
    end: 0,
    ok: false,
    attempt: 1,
  };
}
