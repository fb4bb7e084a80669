/**
 * What the subprocess runners (aws CLI, s5cmd, rclone) share: one child
 * per operation, records with whole-process timing, downloads streamed from
 * the child's stdout or written by the client to a file, heads read from
 * its output, failures classified like the SDK's, credentials
 * resolved once by s3flood and handed over through the environment, and
 * cleanup of multipart uploads a killed child left open.
 *
 * @module
 */
import {
  AbortMultipartUploadCommand,
  ListMultipartUploadsCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { resolve } from "node:path";
import type { Settings } from "../config/settings.ts";
import { PreflightError } from "../core/errors.ts";
import type { Clock } from "../core/io.ts";
import {
  BodyFile,
  fileFailed,
  onlyFile,
  removeFile,
  removeStaging,
  stagingDir,
} from "./_body_file.ts";
import {
  type Classified,
  classifyClientText,
  clientMessage,
} from "./_classify.ts";
import {
  baseEnv,
  ChildGroup,
  type ChildResult,
  type ChildSpec,
} from "./_child.ts";
import { INSTALL_HINT } from "./_locate.ts";
import { planParts } from "./_multipart.ts";
import { attemptBase, listFailure } from "./_record.ts";
import { credentialSourceText } from "./preflight.ts";
import type {
  AttemptContext,
  AttemptResult,
  DownloadOptions,
  ListResult,
  ObjectRef,
  Runner,
  RunnerInfo,
  RunnerOp,
  UploadSource,
} from "./runner.ts";
import { sdkClientConfig } from "./sdk.ts";

/** Credentials as handed to a client, resolved by s3flood. */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Options every subprocess runner takes. */
export interface SubprocessOptions {
  settings: Settings;
  clock: Clock;
  /** Absolute path of the client binary. */
  binary: string;
  /** The client's version line. */
  version: string;
  /** A run-local temp dir: the child's HOME and generated config; removed on close. */
  workDir: string;
  credentials: Credentials;
  /** PATH for the children. */
  path?: string;
}

/** One child invocation. */
export interface Invocation {
  args: string[];
  /** The upload body goes through the child's stdin. */
  stdin?: boolean;
  /** Small files the child reads (a key list), there while it runs. */
  files?: { path: string; text: string }[];
}

/** What a child was asked to do, for classifying its failure. */
export type ChildOp = RunnerOp | "list" | "delete";

/**
 * The object's size read from a head's output, `"missing"` when the
 * client found no object at the key, undefined when the output is unreadable.
 */
export type HeadSize = number | "missing" | undefined;

/** The report note for clients timed per process. */
export function processTimingNote(name: string, binary: string): string {
  return `${name}: latency includes process start (one ${binary} process ` +
    "per operation); its figures are whole-process times, not per request";
}

/**
 * Resolves the credentials to hand to a client. Keys from the config or
 * the environment pass as they are; a profile or the default chain is
 * resolved here, with the SDK, so no child reads the user's ~/.aws.
 */
export async function resolveCredentials(s: Settings): Promise<Credentials> {
  const c = s.credentials;
  if (c.kind === "config" || c.kind === "env") {
    const { accessKeyId, secretAccessKey, sessionToken } = c;
    return { accessKeyId, secretAccessKey, sessionToken };
  }
  const client = new S3Client(sdkClientConfig(s, undefined));
  try {
    const r = await (client.config.credentials as () => Promise<Credentials>)();
    const { accessKeyId, secretAccessKey, sessionToken } = r;
    return { accessKeyId, secretAccessKey, sessionToken };
  } catch (err) {
    throw new PreflightError(
      `cannot get credentials for the ${s.client} client from ${
        credentialSourceText(s)
      }: ${(err as Error).message}`,
      "CredentialsMissing",
      "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or name a profile " +
        "that holds keys (credentials: profile: NAME)",
    );
  } finally {
    client.destroy();
  }
}

/** The base of the aws CLI, s5cmd and rclone runners. */
export abstract class SubprocessRunner implements Runner {
  abstract readonly name: string;
  protected readonly settings: Settings;
  protected readonly clock: Clock;
  protected readonly binary: string;
  protected readonly version: string;
  protected readonly workDir: string;
  protected readonly creds: Credentials;
  protected readonly children: ChildGroup = new ChildGroup();
  readonly #path?: string;
  /** Keys of multipart uploads whose child was killed, by endpoint. */
  readonly #interrupted = new Map<string, string>();

  constructor(o: SubprocessOptions) {
    this.settings = o.settings;
    this.clock = o.clock;
    this.binary = o.binary;
    this.version = o.version;
    this.workDir = o.workDir;
    this.creds = o.credentials;
    this.#path = o.path;
  }

  /** The child's environment for `endpoint`, on top of {@link baseEnv}. */
  protected abstract clientEnv(endpoint: string): Record<string, string>;
  /** How to upload `ref` from `source`. */
  protected abstract uploadCommand(
    ref: ObjectRef,
    source: UploadSource,
    endpoint: string,
  ): Invocation;
  /** How to write `ref`'s body to stdout. */
  protected abstract downloadCommand(
    ref: ObjectRef,
    endpoint: string,
  ): Invocation;
  /**
   * How to write `ref`'s body as a file below the empty dir `stage`, under
   * any name (the runner takes the one file it finds there).
   */
  protected abstract fileDownloadCommand(
    ref: ObjectRef,
    stage: string,
    endpoint: string,
  ): Invocation;
  /** How to print `ref`'s metadata without its body. */
  protected abstract headCommand(ref: ObjectRef, endpoint: string): Invocation;
  /** The object's size from the head command's stdout. */
  protected abstract headSize(stdout: string, ref: ObjectRef): HeadSize;
  /** When this client uploads in parts, and how big they are. */
  protected abstract partPolicy(): { threshold: number; partSize: number };

  /** Parts an upload of `size` bytes makes with this client (1: one PUT). */
  protected partsFor(size: number): number {
    const plan = planParts(size, this.partPolicy());
    return typeof plan === "string" || plan.kind === "single" ? 1 : plan.parts;
  }
  /** The client's own effective settings, for the report. */
  protected abstract clientSettings(): Record<string, unknown>;
  abstract list(prefix: string, endpoint: string): Promise<ListResult>;
  abstract deleteKeys(
    keys: string[],
    endpoint: string,
  ): Promise<{ deleted: number; failed: { key: string; code: string }[] }>;

  unsupported(_op: RunnerOp, _key: string): string | undefined {
    return undefined;
  }

  /** The whole environment of a child for `endpoint`. */
  protected env(endpoint: string): Record<string, string> {
    return {
      ...baseEnv(this.workDir, this.#path),
      ...this.clientEnv(endpoint),
    };
  }

  /** Runs `inv` with its files in place; never throws for its failure. */
  protected async run(
    inv: Invocation,
    endpoint: string,
    extra: Pick<ChildSpec, "signal" | "stdin" | "onStdout"> = {},
  ): Promise<ChildResult> {
    const files = inv.files ?? [];
    try {
      for (const f of files) await Deno.writeTextFile(f.path, f.text);
      return await this.exec(inv.args, endpoint, extra);
    } finally {
      for (const f of files) await Deno.remove(f.path).catch(() => {});
    }
  }

  /** Runs the client with `args`; never throws for its failure. */
  protected exec(
    args: string[],
    endpoint: string,
    extra: Pick<ChildSpec, "signal" | "stdin" | "onStdout" | "onStderr"> = {},
  ): Promise<ChildResult> {
    return this.children.run({
      binary: this.binary,
      args,
      env: this.env(endpoint),
      cwd: this.workDir,
      ...extra,
    });
  }

  async upload(
    ref: ObjectRef,
    source: UploadSource,
    ctx: AttemptContext,
  ): Promise<AttemptResult> {
    const base = this.base(ref, ctx, "put", this.clock.now());
    const why = this.unsupported("put", ref.key);
    if (why) return this.refused(base, why);
    const inv = this.uploadCommand(ref, source, ctx.endpoint);
    const stdin = inv.stdin ? await source.open() : undefined;
    const r = await this.run(inv, ctx.endpoint, { signal: ctx.signal, stdin });
    const end = this.clock.now();
    if (r.code === 0 && !r.killed) {
      const parts = this.partsFor(source.size);
      return {
        ...base,
        bytes: source.size,
        firstByte: end,
        end,
        ok: true,
        parts,
      };
    }
    if (r.killed && this.partsFor(source.size) > 1) {
      this.#interrupted.set(ref.key, ctx.endpoint);
    }
    return this.failed(base, r, end, "put");
  }

  /**
   * Downloads through the child's stdout; to a file, the client writes it
   * itself, unless a sink or byte throttling needs the bytes to pass
   * through s3flood. A client writing a file reports no first byte.
   */
  async download(
    ref: ObjectRef,
    ctx: AttemptContext,
    opts: DownloadOptions = {},
  ): Promise<AttemptResult> {
    const base = this.base(ref, ctx, "get", this.clock.now());
    const why = this.unsupported("get", ref.key);
    const r = why
      ? this.refused(base, why)
      : await this.#download(ref, ctx, base, opts);
    if (!r.ok && opts.file !== undefined) await removeFile(opts.file);
    return r;
  }

  #download(
    ref: ObjectRef,
    ctx: AttemptContext,
    base: AttemptResult,
    opts: DownloadOptions,
  ): Promise<AttemptResult> {
    if (opts.file === undefined) return this.#piped(ref, ctx, base, opts.sink);
    if (opts.sink || ctx.pace) return this.#pipedToFile(ref, ctx, base, opts);
    return this.#toFile(ref, ctx, base, resolve(opts.file));
  }

  /** Writes the piped body to `opts.file`, stopping the child if it cannot. */
  async #pipedToFile(
    ref: ObjectRef,
    ctx: AttemptContext,
    base: AttemptResult,
    opts: DownloadOptions,
  ): Promise<AttemptResult> {
    const file = await BodyFile.open(opts.file!);
    if (file.error) return fileFailed(this.name, base, file.path, file.error);
    const stop = new AbortController();
    const signal = AbortSignal.any([ctx.signal, stop.signal]);
    const r = await this.#piped(ref, { ...ctx, signal }, base, (chunk) => {
      opts.sink?.(chunk);
      return file.write(chunk).catch(() => stop.abort());
    });
    if (await file.finish(r.ok) || !file.error) return r;
    return fileFailed(this.name, r, file.path, file.error);
  }

  /** The client writes the body into a staging dir; then it is moved. */
  async #toFile(
    ref: ObjectRef,
    ctx: AttemptContext,
    base: AttemptResult,
    dest: string,
  ): Promise<AttemptResult> {
    const stage = await stagingDir(dest).catch((err: Error) => err);
    if (stage instanceof Error) {
      return fileFailed(this.name, base, dest, stage.message);
    }
    try {
      const inv = this.fileDownloadCommand(ref, stage, ctx.endpoint);
      const r = await this.run(inv, ctx.endpoint, { signal: ctx.signal });
      const end = this.clock.now();
      if (r.code !== 0 || r.killed) return this.failed(base, r, end, "get");
      return await this.#placed({ ...base, end }, ref, ctx, stage, dest);
    } finally {
      await removeStaging(stage);
    }
  }

  /** Moves the one file the client wrote to `dest`, if its size is right. */
  async #placed(
    got: AttemptResult,
    ref: ObjectRef,
    ctx: AttemptContext,
    stage: string,
    dest: string,
  ): Promise<AttemptResult> {
    const body = await onlyFile(stage);
    if (!body) {
      const c = { errorClass: "client" as const, errorCode: "NoFile" };
      const detail = "the client ended well but wrote no single file";
      return { ...got, ...c, message: clientMessage(this.name, c, detail) };
    }
    const bytes = (await Deno.stat(body)).size;
    ctx.onProgress?.(bytes);
    const r = this.sizeChecked({ ...got, bytes }, ref.size);
    if (!r.ok) return r;
    const moved = await Deno.rename(body, dest).catch((err: Error) => err);
    if (!moved) return r;
    return fileFailed(this.name, r, dest, moved.message.split("\n")[0]);
  }

  /** Downloads through the child's stdout into `consume` (awaited). */
  async #piped(
    ref: ObjectRef,
    ctx: AttemptContext,
    base: AttemptResult,
    consume?: (chunk: Uint8Array) => unknown,
  ): Promise<AttemptResult> {
    let firstByte: number | undefined;
    const onStdout = async (chunk: Uint8Array) => {
      firstByte ??= this.clock.now();
      await consume?.(chunk);
      ctx.onProgress?.(chunk.byteLength);
      if (ctx.pace) await ctx.pace(chunk.byteLength);
    };
    const inv = this.downloadCommand(ref, ctx.endpoint);
    const r = await this.run(inv, ctx.endpoint, {
      signal: ctx.signal,
      onStdout,
    });
    const end = this.clock.now();
    const got = {
      ...base,
      bytes: r.stdoutBytes,
      firstByte: firstByte ?? end,
      end,
    };
    if (r.code !== 0 || r.killed) return this.failed(got, r, end, "get");
    return this.sizeChecked(got, ref.size);
  }

  /** Runs the client's head command and reads the size it prints. */
  async head(ref: ObjectRef, ctx: AttemptContext): Promise<AttemptResult> {
    const base = this.base(ref, ctx, "head", this.clock.now());
    const why = this.unsupported("head", ref.key);
    if (why) return this.refused(base, why);
    const decoder = new TextDecoder();
    let text = "";
    const onStdout = (c: Uint8Array) => {
      text += decoder.decode(c, { stream: true });
    };
    const inv = this.headCommand(ref, ctx.endpoint);
    const r = await this.run(inv, ctx.endpoint, {
      signal: ctx.signal,
      onStdout,
    });
    const end = this.clock.now();
    if (r.code !== 0 || r.killed) return this.failed(base, r, end, "head");
    const size = this.headSize(text + decoder.decode(), ref);
    return this.#headed({ ...base, end }, size);
  }

  #headed(got: AttemptResult, size: HeadSize): AttemptResult {
    if (typeof size === "number") {
      return { ...got, size, firstByte: got.end, ok: true, httpStatus: 200 };
    }
    const c = size === "missing"
      ? this.notFound("NoSuchKey", "the client found no object at this key")
      : {
        errorClass: "client" as const,
        errorCode: "BadOutput",
        message: `${this.name}: BadOutput: no object size in its output`,
      };
    return { ...got, ...c };
  }

  /** A `not_found` outcome the client reported its own way. */
  protected notFound(code: string, detail: string): Classified {
    const c = {
      errorClass: "not_found" as const,
      errorCode: code,
      httpStatus: 404,
    };
    return { ...c, message: clientMessage(this.name, c, detail) };
  }

  /** A successful download, unless its size is not the object's. */
  protected sizeChecked(r: AttemptResult, expected: number): AttemptResult {
    if (r.bytes === expected) return { ...r, ok: true, httpStatus: 200 };
    const short = r.bytes < expected;
    return {
      ...r,
      ok: false,
      errorClass: short ? "body_truncated" : "client",
      errorCode: short ? "BodyTruncated" : "SizeMismatch",
      message: `${this.name}: ${short ? "truncated" : "too long"}: ` +
        `${r.bytes} of ${expected} bytes`,
    };
  }

  /** The record fields every attempt starts with. */
  protected base(
    ref: ObjectRef,
    ctx: AttemptContext,
    op: RunnerOp,
    start: number,
  ): AttemptResult {
    return attemptBase(this.name, ref, ctx, op, start);
  }

  /** A record for an operation this client cannot do faithfully. */
  protected refused(base: AttemptResult, why: string): AttemptResult {
    return {
      ...base,
      errorClass: "client",
      errorCode: "Unsupported",
      message: `${this.name}: Unsupported: ${why}`,
    };
  }

  /** A failed attempt's record from how its child ended. */
  protected failed(
    base: AttemptResult,
    r: ChildResult,
    end: number,
    op: ChildOp,
  ): AttemptResult {
    const c = this.classify(r, op);
    return {
      ...base,
      end,
      ok: false,
      errorClass: c.errorClass,
      errorCode: c.errorCode,
      httpStatus: c.httpStatus,
      message: this.scrub(c.message),
    };
  }

  /** Classifies a failed child; clients refine it for their quirks. */
  protected classify(r: ChildResult, _op: ChildOp): Classified {
    if (r.killed === "aborted") {
      return {
        errorClass: "aborted",
        errorCode: "Aborted",
        message: `${this.name}: aborted by s3flood (interrupt)`,
      };
    }
    if (r.killed === "timeout") {
      return {
        errorClass: "timeout",
        errorCode: "Timeout",
        message: `${this.name}: no result in time; the process was killed`,
      };
    }
    if (r.spawnError) {
      return {
        errorClass: "client",
        errorCode: "ClientMissing",
        message: `${this.name}: cannot start ${this.binary}: ` +
          `${r.spawnError}; what to do: ${INSTALL_HINT}`,
      };
    }
    return classifyClientText(this.name, r.stderr, r.code);
  }

  /** `text` without the secret key or session token, should a client echo one. */
  protected scrub(text: string): string {
    let out = text;
    for (
      const secret of [this.creds.secretAccessKey, this.creds.sessionToken]
    ) {
      if (secret && secret.length >= 4) out = out.replaceAll(secret, "***");
    }
    return out;
  }

  /** A listing that failed, as a record. */
  protected listError(
    prefix: string,
    endpoint: string,
    r: ChildResult,
  ): AttemptResult {
    const base = listFailure(this.name, prefix, endpoint);
    return this.failed(base, r, 0, "list");
  }

  /**
   * Aborts multipart uploads that a killed child may have left open: for
   * each such key, every open upload of exactly that key.
   */
  async abortOpenUploads(): Promise<number> {
    const keys = [...this.#interrupted];
    this.#interrupted.clear();
    let aborted = 0;
    for (const [key, endpoint] of keys) {
      aborted += await abortUploadsOf(this.settings, endpoint, key);
    }
    return aborted;
  }

  describe(): RunnerInfo {
    const s = this.settings;
    return {
      version: this.version,
      settings: {
        binary: this.binary,
        region: s.region,
        addressing: s.addressing,
        checksum: s.checksum,
        tlsVerify: s.tlsVerify,
        caFile: s.caFile,
        retriesBy: "s3flood (client retries off)",
        timing: "process",
        ...this.clientSettings(),
      },
      notes: [processTimingNote(this.name, this.binary.split("/").pop()!)],
    };
  }

  /** Ends running children and removes the run-local temp dir. */
  async close(): Promise<void> {
    await this.children.killAll();
    await Deno.remove(this.workDir, { recursive: true }).catch(() => {});
  }
}

async function abortUploadsOf(
  s: Settings,
  endpoint: string,
  key: string,
): Promise<number> {
  const client = new S3Client(sdkClientConfig(s, endpoint || undefined));
  let aborted = 0;
  try {
    const out = await client.send(
      new ListMultipartUploadsCommand({ Bucket: s.bucket, Prefix: key }),
    );
    for (const u of out.Uploads ?? []) {
      if (u.Key !== key) continue;
      await client.send(
        new AbortMultipartUploadCommand({
          Bucket: s.bucket,
          Key: key,
          UploadId: u.UploadId,
        }),
      );
      aborted++;
    }
  } catch {
    // best effort: the run's notes still say where the data is
  } finally {
    client.destroy();
  }
  return aborted;
}
