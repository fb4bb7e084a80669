/**
 * The operation record: one per attempt of one S3 operation. Runners produce
 * records, the metrics layer and the reports consume them. Plain data only.
 *
 * @module
 */

/** The S3 operations s3flood performs and measures. */
export type OpType = "put" | "get" | "head" | "list" | "delete";

/** All operation types, in report order. */
export const OP_TYPES: readonly OpType[] = [
  "put",
  "get",
  "head",
  "list",
  "delete",
];

/**
 * Why an attempt failed. `throttled` (503 SlowDown and its kin) is counted
 * apart from other server errors; `client` means the client itself failed
 * (bad arguments, a crashed child process), not the server.
 */
export type ErrorClass =
  | "throttled"
  | "server"
  | "client_4xx"
  | "not_found"
  | "access_denied"
  | "timeout"
  | "connection"
  | "body_stalled"
  | "body_truncated"
  | "checksum"
  | "client"
  | "aborted";

/** Every error class, in report order. */
export const ERROR_CLASSES: readonly ErrorClass[] = [
  "throttled",
  "server",
  "client_4xx",
  "not_found",
  "access_denied",
  "timeout",
  "connection",
  "body_stalled",
  "body_truncated",
  "checksum",
  "client",
  "aborted",
];

/**
 * One attempt of one operation. Times are milliseconds on the run clock
 * (`Clock.now()`), fractional. `due` is when the scheduler wanted the
 * operation to start; for a closed model it equals `start`.
 */
export interface OpRecord {
  /** The phase this operation belongs to (`write`, `read`, `mixed`, ...). */
  phase: string;
  op: OpType;
  key: string;
  /** Size of the object in bytes (the intended size for uploads). */
  size: number;
  /** Bytes actually moved in the body of this attempt. */
  bytes: number;
  /** Dataset size group (`small`, `medium`, `large`, ...). */
  group: string;
  endpoint: string;
  client: string;
  due: number;
  start: number;
  /** Time the response headers arrived; undefined when none did. */
  firstByte?: number;
  end: number;
  ok: boolean;
  errorClass?: ErrorClass;
  /** S3 error code (`NoSuchKey`, `SlowDown`) or a client code. */
  errorCode?: string;
  httpStatus?: number;
  /** Short human message for a failure; never contains credentials. */
  message?: string;
  /** 1 for the first attempt. */
  attempt: number;
  /**
   * True for the last attempt of a logical operation (success, or failure
   * after the final retry). Operation counts and latency use final records;
   * earlier attempts count as retries. `due` is the logical operation's.
   */
  final: boolean;
  /** Part count for multipart uploads, 1 otherwise. */
  parts?: number;
  /**
   * Service time of each part of a multipart upload, in ms, in the order
   * the parts finished: from sending one UploadPart request to its parsed
   * response. Time spent filling a part's buffer from the source is not
   * in it. Parts overlap (queue size), so they do not sum to the object's
   * time. Absent for single PUTs and for runners that cannot see parts.
   */
  partMs?: number[];
}

/** Latency from `due` (includes time waiting for a slot) in ms. */
export function latencyMs(r: OpRecord): number {
  return r.end - r.due;
}

/** Service time from `start` in ms. */
export function serviceMs(r: OpRecord): number {
  return r.end - r.start;
}
