/**
 * The runner contract: how one S3 operation is done by one client. A runner
 * takes an operation and returns what happened, with timestamps. It never
 * decides timing or retries, and it never throws for an S3 failure: the
 * failure is in the returned record.
 *
 * @module
 */
import type { OpRecord } from "../core/record.ts";

/** An object to operate on. */
export interface ObjectRef {
  key: string;
  /** Size in bytes (expected size for downloads). */
  size: number;
  group: string;
}

/** Where an upload's bytes come from; opened afresh for every attempt. */
export interface UploadSource {
  size: number;
  /** A new stream over the whole body, from its first byte. */
  open(): Promise<ReadableStream<Uint8Array>>;
  /** Local file path, when the body is a file (subprocess clients). */
  path?: string;
}

/** Per-attempt context given by the engine. */
export interface AttemptContext {
  phase: string;
  endpoint: string;
  /** When the scheduler wanted the logical operation to start. */
  due: number;
  attempt: number;
  /** Aborted on hard interrupt; the runner must stop and free the body. */
  signal: AbortSignal;
}

/** An attempt's record without the fields the engine fills in. */
export type AttemptResult = Omit<OpRecord, "final">;

/** Outcome of a listing. */
export interface ListResult {
  keys: { key: string; size: number }[];
  /** The error record when listing failed. */
  error?: AttemptResult;
}

/** One S3 client behind a common interface. */
export interface Runner {
  /** Client name as written in config (`sdk`, `awscli`, ...). */
  readonly name: string;
  /** Uploads `source` to `ref.key`; multipart above the threshold. */
  upload(
    ref: ObjectRef,
    source: UploadSource,
    ctx: AttemptContext,
  ): Promise<AttemptResult>;
  /** Downloads `ref.key`, counting and discarding the body. */
  download(ref: ObjectRef, ctx: AttemptContext): Promise<AttemptResult>;
  /** Deletes keys in batches; returns per-key failures. */
  deleteKeys(
    keys: string[],
    endpoint: string,
  ): Promise<{ deleted: number; failed: { key: string; code: string }[] }>;
  /** Lists every key below `prefix` (a full prefix ending in `/`). */
  list(prefix: string, endpoint: string): Promise<ListResult>;
  /** Aborts multipart uploads this runner started and has not finished. */
  abortOpenUploads(): Promise<number>;
  /** Releases sockets and child processes. */
  close(): Promise<void>;
}
