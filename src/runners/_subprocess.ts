/**
 * What the subprocess runners (aws CLI, s5cmd, rclone) share: one child
 * per operation, records with whole-process timing, downloads streamed from
 * the child's stdout, failures classified like the SDK's, credentials
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
import type { Settings } from "../config/settings.ts";
import { PreflightError } from "../core/errors.ts";
import type { Clock } from "../core/io.ts";
import { type Classified, classifyClientText } from "./_classify.ts";
import {
  baseEnv,
  ChildGroup,
  type ChildResult,
  type ChildSpec,
} from "./_child.ts";
import { INSTALL_HINT } from "./_locate.ts";
import { credentialSourceText } from "./preflight.ts";
import type {
  AttemptContext,
  AttemptResult,
  DownloadOptions,
  ListResult,
  ObjectRef,
  Runner,
  RunnerInfo,
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
}

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
  /** Parts an upload of `size` bytes makes with this client (1: one PUT). */
  protected abstract partsFor(size: number): number;
  /** The client's own effective settings, for the report. */
  protected abstract clientSettings(): Record<string, unknown>;
  abstract list(prefix: string, endpoint: string): Promise<ListResult>;
  abstract deleteKeys(
    keys: string[],
    endpoint: string,
  ): Promise<{ deleted: number; failed: { key: string; code: string }[] }>;

  unsupported(_op: "put" | "get", _key: string): string | undefined {
    return undefined;
  }

  /** The whole environment of a child for `endpoint`. */
  protected env(endpoint: string): Record<string, string> {
    return {
      ...baseEnv(this.workDir, this.#path),
      ...this.clientEnv(endpoint),
    };
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
    const r = await this.exec(inv.args, ctx.endpoint, {
      signal: ctx.signal,
      stdin,
    });
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

  async download(
    ref: ObjectRef,
    ctx: AttemptContext,
    opts: DownloadOptions = {},
  ): Promise<AttemptResult> {
    const base = this.base(ref, ctx, "get", this.clock.now());
    const why = this.unsupported("get", ref.key);
    if (why) return this.refused(base, why);
    let firstByte: number | undefined;
    const onStdout = async (chunk: Uint8Array) => {
      firstByte ??= this.clock.now();
      opts.sink?.(chunk);
      ctx.onProgress?.(chunk.byteLength);
      if (ctx.pace) await ctx.pace(chunk.byteLength);
    };
    const inv = this.downloadCommand(ref, ctx.endpoint);
    const r = await this.exec(inv.args, ctx.endpoint, {
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
    op: "put" | "get",
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
      client: this.name,
      due: ctx.due,
      start,
      end: start,
      ok: false,
      attempt: ctx.attempt,
    };
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
    op: "put" | "get" | "list" | "delete",
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
  protected classify(
    r: ChildResult,
    _op: "put" | "get" | "list" | "delete",
  ): Classified {
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
    const base: AttemptResult = {
      phase: "list",
      op: "list",
      key: prefix,
      size: 0,
      bytes: 0,
      group: "",
      endpoint,
      client: this.name,
      due: 0,
      start: 0,
      end: 0,
      ok: false,
      attempt: 1,
    };
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
