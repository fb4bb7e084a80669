/**
 * Maps a failure (an S3 error code, an HTTP status, a network error) to an
 * {@link ErrorClass}. Shared by every runner so all clients report alike.
 *
 * @module
 */
import type { ErrorClass } from "../core/record.ts";

const THROTTLE_CODES = new Set([
  "SlowDown",
  "ServiceUnavailable",
  "RequestLimitExceeded",
  "TooManyRequests",
  "Throttling",
  "ThrottlingException",
  "RequestThrottled",
]);

const NOT_FOUND_CODES = new Set(["NoSuchKey", "NoSuchBucket", "NotFound"]);

/** Classifies an S3 error by code and HTTP status. */
export function classifyS3(
  code: string | undefined,
  status?: number,
): ErrorClass {
  if (code && THROTTLE_CODES.has(code)) return "throttled";
  if (status === 429 || status === 503) return "throttled";
  if (code && NOT_FOUND_CODES.has(code)) return "not_found";
  if (status === 404) return "not_found";
  if (status === 403) return "access_denied";
  if (code === "AccessDenied" || code === "InvalidAccessKeyId") {
    return "access_denied";
  }
  if (code === "SignatureDoesNotMatch") return "access_denied";
  if (status !== undefined && status >= 500) return "server";
  if (status !== undefined && status >= 400) return "client_4xx";
  return "client";
}

/** What we learned about a thrown error. */
export interface Classified {
  errorClass: ErrorClass;
  errorCode: string;
  httpStatus?: number;
  message: string;
}

const CONNECTION_PATTERNS =
  /ECONNRESET|ECONNREFUSED|EPIPE|connection (reset|refused|closed)|error sending request|broken pipe|socket hang up|connection error|tcp connect error|dns error|failed to lookup|ENOTFOUND|EAI_AGAIN/i;

/** Classifies anything an SDK call may throw. */
export function classifyError(err: unknown, aborted: boolean): Classified {
  const e = err as {
    name?: string;
    message?: string;
    Code?: string;
    $metadata?: { httpStatusCode?: number };
    $response?: { statusCode?: number };
  };
  const message = oneLine(e?.message ?? String(err));
  if (aborted || e?.name === "AbortError") {
    return { errorClass: "aborted", errorCode: "Aborted", message };
  }
  if (e?.name === "TimeoutError" || /timed? ?out/i.test(message)) {
    return { errorClass: "timeout", errorCode: "Timeout", message };
  }
  const status = e?.$metadata?.httpStatusCode ?? e?.$response?.statusCode;
  if (status !== undefined) {
    const code = e.Code ?? e.name ?? `Http${status}`;
    const generic = code === "Unknown" || code === "UnknownError";
    return {
      errorClass: classifyS3(generic ? undefined : code, status),
      errorCode: generic ? `Http${status}` : code,
      httpStatus: status,
      message,
    };
  }
  if (CONNECTION_PATTERNS.test(message) || e?.name === "TypeError") {
    return { errorClass: "connection", errorCode: "ConnectionError", message };
  }
  return { errorClass: "client", errorCode: e?.name ?? "Error", message };
}

/** First line of a message, trimmed to a sane length. */
export function oneLine(text: string, max = 300): string {
  const line = text.split("\n")[0].trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
