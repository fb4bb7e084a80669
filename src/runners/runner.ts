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
  /** For objects this tool wrote: the endpoint that wrote it. */
  writer?: string;
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
  /**
   * Byte throttling: a runner awaits this after each body chunk it moves
   * itself (download bodies), so the body stream is paced, not the start.
   * Upload sources come already paced from the engine.
   */
  pace?: (bytes: number) => Promise<void>;
  /**
   * Live progress: a runner calls this with each body chunk it moves itself
   * (download bodies); upload sources come already counted by the engine.
   */
  onProgress?: (bytes: number) => void;
}

/** The operations on one object that a runner may refuse for a key. */
export type RunnerOp = "put" | "get" | "head";

/** An attempt's record without the fields the engine fills in. */
export type AttemptResult = Omit<OpRecord, "final">;

/** Outcome of a listing. */
export interface ListResult {
  keys: { key: string; size: number }[];
  /** The error record when listing failed. */
  error?: AttemptResult;
}

/** Options of one download. */
export interface DownloadOptions {
  /**
   * Receives the body's bytes as they arrive, e.g. to check them; without
   * it the body is counted and discarded.
   */
  sink?: (chunk: Uint8Array) => void;
  /**
   * Writes the body to this path (created or replaced), streaming, never
   * holding the whole object. After a failed attempt there is no file at
   * the path. Subprocess clients write the file themselves unless the
   * bytes must pass through s3flood (a sink or byte throttling); then the
   * body comes through their stdout and s3flood writes it.
   */
  file?: string;
}

/** One upload of a batch. */
export interface BatchItem {
  ref: ObjectRef;
  source: UploadSource;
}

/** Version, effective settings and caveats of a runner, for reports. */
export interface RunnerInfo {
  /** The client's own version string, when known. */
  version?: string;
  /** Effective settings; never a secret. */
  settings: Record<string, unknown>;
  /** Caveats a reader must know, e.g. that latency includes process start. */
  notes: string[];
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
  /**
   * Downloads `ref.key`, counting the body and handing it to the sink or
   * writing it to the file. The engine's profiles use upload and download.
   */
  download(
    ref: ObjectRef,
    ctx: AttemptContext,
    opts?: DownloadOptions,
  ): Promise<AttemptResult>;
  /**
   * Asks for `ref.key`'s metadata without its body (op `head`). The
   * record's `size` is the object's Content-Length and `bytes` is 0; a
   * missing key is `not_found`. Available to profiles; the engine does not
   * plan head operations yet.
   */
  head(ref: ObjectRef, ctx: AttemptContext): Promise<AttemptResult>;
  /**
   * Uploads several objects through one client invocation, where the
   * client has a batch mode (s5cmd's `run`). Results come back in item
   * order; `onResult` sees each as soon as the client reports it. The
   * engine does not call this itself: it calls {@link upload} once per
   * operation, and a runner configured for batches gathers the uploads in
   * flight into one batch (see `S5cmdRunner`).
   */
  uploadBatch?(
    items: BatchItem[],
    ctx: AttemptContext,
    onResult?: (index: number, result: AttemptResult) => void,
  ): Promise<AttemptResult[]>;
  /**
   * Why this runner cannot do `op` on `key` faithfully, or undefined when
   * it can. The runner also refuses such an operation with a `client`
   * record (code `Unsupported`) instead of doing something else.
   */
  unsupported?(op: RunnerOp, key: string): string | undefined;
  /** Version, effective settings and caveats, for the report. */
  describe(): RunnerInfo;
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
