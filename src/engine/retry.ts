/**
 * The retry policy: whether an attempt is tried again, and after how long.
 * Exponential backoff with full jitter: the delay before attempt n+1 is
 * uniform in [0, min(maxDelay, baseDelay * 2^(n-1))].
 *
 * @module
 */
import type { ErrorClass } from "../core/record.ts";

const RETRYABLE: ReadonlySet<ErrorClass> = new Set<ErrorClass>([
  "throttled",
  "server",
  "timeout",
  "connection",
  "body_stalled",
  "body_truncated",
]);

/** Retry settings, as in `Settings.retry`. */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** True when a failure of this class may succeed on another attempt. */
export function isRetryable(cls: ErrorClass | undefined): boolean {
  return cls !== undefined && RETRYABLE.has(cls);
}

/**
 * Delay in ms before the attempt after `attempt` (1-based), with full
 * jitter from `random` (uniform in [0, 1)).
 */
export function backoffMs(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const cap = Math.min(
    policy.maxDelayMs,
    policy.baseDelayMs * 2 ** Math.max(0, attempt - 1),
  );
  return Math.floor(random() * cap);
}
