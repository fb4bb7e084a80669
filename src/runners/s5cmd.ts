/**
 * The s5cmd runner. Per operation: `s5cmd cp --raw` uploads, `s5cmd cat
 * --raw` downloads to stdout (exact keys, `*` and `?` included), `cp --raw` to a file, `head --raw` heads, `ls`
 * lists and `rm --raw` deletes, one process each.
 *
 * Batch mode (`clients.s5cmd.batch: true`): the engine still calls
 * {@link S5cmdRunner.upload} once per operation; the runner gathers the
 * uploads in flight (up to `concurrency`, or those arriving within
 * {@link BATCH_LINGER_MS}) into one command file for `s5cmd run`, so one
 * process start serves many objects. Each upload's result is read from
 * s5cmd's JSON output as it is printed: its end time is when s5cmd reported
 * it, its start the batch's start.
 *
 * @module
 */
import { join } from "node:path";
import {
  type Classified,
  classifyClientText,
  clientMessage,
} from "./_classify.ts";
import { type ChildResult, lineSplitter } from "./_child.ts";
import {
  candidates,
  type Located,
  type LocateEnv,
  notFound,
  versionText,
} from "./_locate.ts";
import {
  type ChildOp,
  type HeadSize,
  type Invocation,
  SubprocessRunner,
} from "./_subprocess.ts";
import type {
  AttemptContext,
  AttemptResult,
  BatchItem,
  ListResult,
  ObjectRef,
  RunnerOp,
  UploadSource,
} from "./runner.ts";

/** How long the batcher waits for more uploads before starting a batch. */
export const BATCH_LINGER_MS = 20;

const MiB = 1024 * 1024;
const RM_BATCH = 100;

/** Finds s5cmd in the tools dir or on PATH. */
export async function locateS5cmd(env: LocateEnv): Promise<Located> {
  for (const path of await candidates("s5cmd", env)) {
    const v = await versionText(path, ["version"], env);
    if (v.ok) return { path, version: `s5cmd ${v.text.split("\n")[0]}` };
  }
  throw notFound("s5cmd", "s5cmd");
}

/** Quotes one argument for a line of an `s5cmd run` command file. */
export function shellQuote(arg: string): string {
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** One upload waiting for, or in, a batch. */
interface Queued {
  ref: ObjectRef;
  source: UploadSource;
  ctx: AttemptContext;
  done: (r: AttemptResult) => void;
}

/** The s5cmd runner. */
export class S5cmdRunner extends SubprocessRunner {
  readonly name = "s5cmd";
  readonly #waiting = new Map<string, Queued[]>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();

  protected clientEnv(): Record<string, string> {
    const env: Record<string, string> = {
      AWS_ACCESS_KEY_ID: this.creds.accessKeyId,
      AWS_SECRET_ACCESS_KEY: this.creds.secretAccessKey,
      AWS_REGION: this.settings.region,
      AWS_DEFAULT_REGION: this.settings.region,
      AWS_SHARED_CREDENTIALS_FILE: join(this.workDir, "credentials"),
      AWS_CONFIG_FILE: join(this.workDir, "config"),
      AWS_EC2_METADATA_DISABLED: "true",
    };
    if (this.creds.sessionToken) {
      env.AWS_SESSION_TOKEN = this.creds.sessionToken;
    }
    if (this.settings.caFile) env.SSL_CERT_FILE = this.settings.caFile;
    return env;
  }

  #global(endpoint: string, workers?: number): string[] {
    const args = ["--json", "--retry-count=0"];
    if (endpoint) args.push(`--endpoint-url=${endpoint}`);
    if (!this.settings.tlsVerify) args.push("--no-verify-ssl");
    if (workers) args.push(`--numworkers=${workers}`);
    return args;
  }

  #partFlags(): string[] {
    const t = this.settings.clients.s5cmd;
    return [
      `--concurrency=${t.concurrency}`,
      `--part-size=${t.partSize / MiB}`,
    ];
  }

  #url(key: string): string {
    return `s3://${this.settings.bucket}/${key}`;
  }

  override unsupported(op: RunnerOp, key: string): string | undefined {
    if (op === "head" && key.endsWith("/")) {
      return "s5cmd head takes a key ending in '/' for a prefix and " +
        "refuses it";
    }
    return undefined;
  }

  protected uploadCommand(
    ref: ObjectRef,
    source: UploadSource,
    endpoint: string,
  ): Invocation {
    const g = this.#global(endpoint);
    const url = this.#url(ref.key);
    if (source.path) {
      return {
        args: [...g, "cp", "--raw", ...this.#partFlags(), source.path, url],
      };
    }
    return {
      args: [...g, "pipe", "--raw", ...this.#partFlags(), url],
      stdin: true,
    };
  }

  protected downloadCommand(ref: ObjectRef, endpoint: string): Invocation {
    const url = this.#url(ref.key);
    return { args: [...this.#global(endpoint), "cat", "--raw", url] };
  }

  protected fileDownloadCommand(
    ref: ObjectRef,
    stage: string,
    endpoint: string,
  ): Invocation {
    const g = this.#global(endpoint);
    const to = join(stage, "body");
    return {
      args: [...g, "cp", "--raw", ...this.#partFlags(), this.#url(ref.key), to],
    };
  }

  protected headCommand(ref: ObjectRef, endpoint: string): Invocation {
    const g = this.#global(endpoint);
    return { args: [...g, "head", "--raw", this.#url(ref.key)] };
  }

  /** s5cmd leaves `size` out of its JSON for an empty object. */
  protected headSize(stdout: string): HeadSize {
    const o = parseJson(stdout.trim()) as { key?: unknown; size?: unknown };
    if (typeof o?.key !== "string") return undefined;
    return typeof o.size === "number" ? o.size : 0;
  }

  /**
   * s5cmd's errors are JSON lines; only their `error` text is read, so a
   * message does not repeat the command. s5cmd says "given object ... not
   * found" for a missing key or bucket.
   */
  protected override classify(r: ChildResult, op: ChildOp): Classified {
    const stderr = r.stderr.split("\n").map(errorText).join("\n");
    const line = /given object (.*) not found/.exec(stderr)?.[0];
    const read = op === "get" || op === "head";
    if (!read || r.killed || !line) return super.classify({ ...r, stderr }, op);
    const c = {
      errorClass: "not_found" as const,
      errorCode: "NoSuchKey",
      httpStatus: 404,
    };
    return { ...c, message: clientMessage(this.name, c, line) };
  }

  protected partPolicy(): { threshold: number; partSize: number } {
    const partSize = this.settings.clients.s5cmd.partSize;
    return { threshold: partSize + 1, partSize };
  }

  protected clientSettings(): Record<string, unknown> {
    const t = this.settings.clients.s5cmd;
    return {
      ...t,
      multipartThreshold: "objects over one part (s5cmd has no threshold)",
      addressing: "s5cmd's own: path-style for any non-AWS endpoint",
      batchLingerMs: t.batch ? BATCH_LINGER_MS : undefined,
      timing: t.batch ? "batch" : "process",
    };
  }

  override describe() {
    const info = super.describe();
    if (this.settings.clients.s5cmd.batch) {
      info.notes = [
        "s5cmd: batch mode; the uploads in flight share one `s5cmd run`: " +
        "an upload's latency runs from its due time to when s5cmd " +
        "reported it, and includes process start and waiting for the batch",
      ];
    }
    return info;
  }

  override upload(
    ref: ObjectRef,
    source: UploadSource,
    ctx: AttemptContext,
  ): Promise<AttemptResult> {
    if (!this.#batchable(ref, source)) return super.upload(ref, source, ctx);
    return new Promise((done) => {
      const queue = this.#waiting.get(ctx.endpoint) ?? [];
      this.#waiting.set(ctx.endpoint, queue);
      queue.push({ ref, source, ctx, done });
      if (queue.length >= this.settings.concurrency) this.#flush(ctx.endpoint);
      else if (!this.#timers.has(ctx.endpoint)) {
        const flush = () => this.#flush(ctx.endpoint);
        this.#timers.set(ctx.endpoint, setTimeout(flush, BATCH_LINGER_MS));
      }
    });
  }

  #batchable(ref: ObjectRef, source: UploadSource): boolean {
    const noNewline = (s: string) => !s.includes("\n") && !s.includes("\r");
    return this.settings.clients.s5cmd.batch && source.path !== undefined &&
      noNewline(ref.key) && noNewline(source.path);
  }

  #flush(endpoint: string): void {
    clearTimeout(this.#timers.get(endpoint));
    this.#timers.delete(endpoint);
    const queue = this.#waiting.get(endpoint) ?? [];
    this.#waiting.delete(endpoint);
    if (queue.length === 0) return;
    this.#runBatch(queue, endpoint, (i, r) => queue[i].done(r));
  }

  /** Uploads `items` through one `s5cmd run`; see the module doc. */
  uploadBatch(
    items: BatchItem[],
    ctx: AttemptContext,
    onResult?: (index: number, result: AttemptResult) => void,
  ): Promise<AttemptResult[]> {
    const queued = items.map((it) => ({ ...it, ctx, done: () => {} }));
    return this.#runBatch(queued, ctx.endpoint, onResult);
  }

  async #runBatch(
    items: Queued[],
    endpoint: string,
    onResult?: (index: number, result: AttemptResult) => void,
  ): Promise<AttemptResult[]> {
    const file = join(this.workDir, `batch-${crypto.randomUUID()}.txt`);
    await Deno.writeTextFile(file, this.#commandFile(items));
    const start = this.clock.now();
    const results: (AttemptResult | undefined)[] = items.map(() => undefined);
    const settle = (i: number, r: AttemptResult) => {
      if (results[i]) return;
      results[i] = r;
      onResult?.(i, r);
    };
    const base = (i: number) =>
      this.base(items[i].ref, items[i].ctx, "put", start);
    const lines = this.#batchReaders(items, base, settle);
    const child = await this.exec(
      [...this.#global(endpoint, items.length), "run", file],
      endpoint,
      {
        signal: items[0].ctx.signal,
        onStdout: (c) => lines.out.push(c),
        onStderr: (c) => lines.err.push(c),
      },
    );
    lines.out.end();
    lines.err.end();
    await Deno.remove(file).catch(() => {});
    const end = this.clock.now();
    items.forEach((_, i) => settle(i, this.#unreported(base(i), child, end)));
    return results as AttemptResult[];
  }

  /** Readers of s5cmd's output that settle each upload as it is reported. */
  #batchReaders(
    items: Queued[],
    base: (i: number) => AttemptResult,
    settle: (i: number, r: AttemptResult) => void,
  ) {
    const match = new BatchMatcher(items.map((it) => this.#cpPair(it)));
    const out = lineSplitter((line) => {
      const i = match.success(line);
      if (i === undefined) return;
      const end = this.clock.now();
      const bytes = items[i].source.size;
      const parts = this.partsFor(bytes);
      settle(i, { ...base(i), bytes, firstByte: end, end, ok: true, parts });
    });
    const err = lineSplitter((line) => {
      const hit = match.failure(line);
      if (!hit) return;
      const c = classifyClientText(this.name, hit.error, 1);
      const r = { ...base(hit.index), end: this.clock.now(), ...c };
      settle(hit.index, { ...r, message: this.scrub(c.message) });
    });
    return { out, err };
  }

  #cpPair(it: Queued): [string, string] {
    return [it.source.path!, this.#url(it.ref.key)];
  }

  #commandFile(items: Queued[]): string {
    const flags = ["--raw", ...this.#partFlags()].join(" ");
    return items.map((it) => {
      const [src, dst] = this.#cpPair(it).map(shellQuote);
      return `cp ${flags} ${src} ${dst}\n`;
    }).join("");
  }

  /** The record of an upload s5cmd never reported on. */
  #unreported(base: AttemptResult, r: ChildResult, end: number) {
    if (r.code !== 0 || r.killed || r.spawnError) {
      return this.failed(base, r, end, "put");
    }
    return {
      ...base,
      end,
      errorClass: "client" as const,
      errorCode: "NoResult",
      message: `${this.name}: s5cmd run ended without a result for this upload`,
    };
  }

  async list(prefix: string, endpoint: string): Promise<ListResult> {
    const keys: { key: string; size: number }[] = [];
    const head = `s3://${this.settings.bucket}/`;
    const lines = lineSplitter((line) => {
      const o = parseJson(line) as {
        key?: string;
        size?: number;
        type?: string;
      };
      if (o?.type !== "file" || !o.key?.startsWith(head)) return;
      const key = o.key.slice(head.length);
      if (key.startsWith(prefix)) keys.push({ key, size: o.size ?? 0 });
    });
    const r = await this.exec(
      [...this.#global(endpoint), "ls", `${head}${prefix}*`],
      endpoint,
      { onStdout: (c) => lines.push(c) },
    );
    lines.end();
    if (r.code === 0 || /"error":"no object found"/.test(r.stderr)) {
      return { keys };
    }
    return { keys, error: this.listError(prefix, endpoint, r) };
  }

  async deleteKeys(
    keys: string[],
    endpoint: string,
  ): Promise<{ deleted: number; failed: { key: string; code: string }[] }> {
    let deleted = 0;
    const failed: { key: string; code: string }[] = [];
    for (let i = 0; i < keys.length; i += RM_BATCH) {
      const batch = keys.slice(i, i + RM_BATCH);
      const { gone, code } = await this.#rm(batch, endpoint);
      deleted += gone.size;
      for (const key of batch) {
        if (!gone.has(this.#url(key))) failed.push({ key, code });
      }
    }
    return { deleted, failed };
  }

  async #rm(
    batch: string[],
    endpoint: string,
  ): Promise<{ gone: Set<string>; code: string }> {
    const gone = new Set<string>();
    const lines = lineSplitter((line) => {
      const o = parseJson(line) as { success?: boolean; source?: string };
      if (o?.success && o.source) gone.add(o.source);
    });
    const urls = batch.map((k) => this.#url(k));
    const r = await this.exec(
      [...this.#global(endpoint), "rm", "--raw", ...urls],
      endpoint,
      { onStdout: (c) => lines.push(c) },
    );
    lines.end();
    const code = r.code === 0
      ? "NoResult"
      : this.classify(r, "delete").errorCode;
    return { gone, code };
  }
}

/**
 * Matches s5cmd's JSON output lines to the uploads of a batch: a success
 * line by its destination, a failure by the end of its command
 * (`cp [flags] SRC DST`). Each upload is matched at most once.
 */
export class BatchMatcher {
  readonly #pairs: [string, string][];
  readonly #open: Set<number>;

  constructor(pairs: [string, string][]) {
    this.#pairs = pairs;
    this.#open = new Set(pairs.map((_, i) => i));
  }

  /** The index a success line reports, if any. */
  success(line: string): number | undefined {
    const o = parseJson(line) as { success?: boolean; destination?: string };
    if (!o?.success || o.destination === undefined) return undefined;
    return this.#take((_src, dst) => dst === o.destination);
  }

  /** The index and error text of a failure line, if any. */
  failure(line: string): { index: number; error: string } | undefined {
    const o = parseJson(line) as { command?: string; error?: string };
    if (!o?.command || o.error === undefined) return undefined;
    const cmd = o.command;
    const index = this.#take((src, dst) => cmd.endsWith(` ${src} ${dst}`));
    return index === undefined ? undefined : { index, error: o.error };
  }

  #take(hit: (src: string, dst: string) => boolean): number | undefined {
    for (const i of this.#open) {
      const [src, dst] = this.#pairs[i];
      if (!hit(src, dst)) continue;
      this.#open.delete(i);
      return i;
    }
    return undefined;
  }
}

/** The `error` of one of s5cmd's JSON lines, or the line as it is. */
function errorText(line: string): string {
  const o = parseJson(line) as { error?: unknown } | undefined;
  return typeof o?.error === "string" ? o.error : line;
}

function parseJson(line: string): unknown {
  if (!line.startsWith("{")) return undefined;
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
