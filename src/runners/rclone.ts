/**
 * The rclone runner: one process per operation, on a remote defined only
 * through the environment (`RCLONE_CONFIG_S3FLOOD_*`) and an empty config
 * file of the run's own, so no rclone.conf of the user's is read. `copyto`
 * uploads, `cat` downloads to stdout, `copy` to a file, `lsjson` heads and
 * lists, and `delete` deletes. rclone's own retries are off (`--retries 1
 * --low-level-retries 1`).
 *
 * Reads name their one key in a `--files-from-raw` list with
 * `--no-traverse`: rclone then asks for exactly that object (HEAD, then
 * GET), where a path argument would make it list the key's folder on every
 * call, and read every object below the key when the key itself is missing.
 *
 * @module
 */
import { join } from "node:path";
import type { Classified } from "./_classify.ts";
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
  type SubprocessOptions,
  SubprocessRunner,
} from "./_subprocess.ts";
import type {
  ListResult,
  ObjectRef,
  RunnerOp,
  UploadSource,
} from "./runner.ts";

/** The name of the env-only remote. */
const REMOTE = "s3flood";
const VAR = "RCLONE_CONFIG_S3FLOOD_";
/** `lsjson` flags for one object's size: recursive, files, no extra reads. */
const LSJSON_ONE = ["-R", "--files-only", "--no-modtime", "--no-mimetype"];

/** Finds rclone in the tools dir or on PATH. */
export async function locateRclone(env: LocateEnv): Promise<Located> {
  for (const path of await candidates("rclone", env)) {
    const v = await versionText(path, ["version"], env);
    if (v.ok) return { path, version: v.text.split("\n")[0].trim() };
  }
  throw notFound("rclone", "rclone");
}

/** The rclone runner. */
export class RcloneRunner extends SubprocessRunner {
  readonly name = "rclone";
  readonly #configFile: string;

  constructor(o: SubprocessOptions) {
    super(o);
    this.#configFile = join(o.workDir, "rclone.conf");
    Deno.writeTextFileSync(this.#configFile, "");
  }

  protected clientEnv(endpoint: string): Record<string, string> {
    const s = this.settings;
    const t = s.clients.rclone;
    const env: Record<string, string> = {
      RCLONE_CONFIG: this.#configFile,
      [`${VAR}TYPE`]: "s3",
      [`${VAR}PROVIDER`]: t.provider,
      [`${VAR}ENV_AUTH`]: "false",
      [`${VAR}ACCESS_KEY_ID`]: this.creds.accessKeyId,
      [`${VAR}SECRET_ACCESS_KEY`]: this.creds.secretAccessKey,
      [`${VAR}REGION`]: s.region,
      [`${VAR}FORCE_PATH_STYLE`]: String(s.addressing === "path"),
      [`${VAR}NO_CHECK_BUCKET`]: "true",
      [`${VAR}CHUNK_SIZE`]: `${t.chunkSize}B`,
      // rclone chunks files larger than the cutoff; s3flood, from the threshold on
      [`${VAR}UPLOAD_CUTOFF`]: `${Math.max(0, t.uploadCutoff - 1)}B`,
      [`${VAR}UPLOAD_CONCURRENCY`]: String(t.concurrency),
      [`${VAR}DISABLE_CHECKSUM`]: String(s.checksum === "when_required"),
    };
    if (endpoint) env[`${VAR}ENDPOINT`] = endpoint;
    if (this.creds.sessionToken) {
      env[`${VAR}SESSION_TOKEN`] = this.creds.sessionToken;
    }
    if (s.caFile) env.RCLONE_CA_CERT = s.caFile;
    if (!s.tlsVerify) env.RCLONE_NO_CHECK_CERTIFICATE = "true";
    return env;
  }

  #global(): string[] {
    const t = this.settings.timeouts;
    return [
      "--retries=1",
      "--low-level-retries=1",
      "--stats=0",
      `--contimeout=${t.connectMs}ms`,
      `--timeout=${t.idleMs}ms`,
    ];
  }

  #remote(key: string): string {
    return `${REMOTE}:${this.settings.bucket}/${key}`;
  }

  protected uploadCommand(ref: ObjectRef, source: UploadSource): Invocation {
    const remote = this.#remote(ref.key);
    if (source.path) {
      const flags = ["--no-check-dest", "--s3-no-head"];
      return {
        args: [...this.#global(), "copyto", ...flags, source.path, remote],
      };
    }
    const size = `--size=${source.size}`;
    return { args: [...this.#global(), "rcat", size, remote], stdin: true };
  }

  /** Keys a `--files-from-raw` list cannot name exactly. */
  override unsupported(op: RunnerOp, key: string): string | undefined {
    if (op === "put") return undefined;
    if (/[\r\n]/.test(key)) {
      return "rclone reads one key per line of its --files-from-raw list, " +
        "so a key with a line break cannot be named exactly";
    }
    if (key.endsWith("/")) {
      return "rclone takes a key ending in '/' for a directory";
    }
    return undefined;
  }

  /** rclone's flags naming exactly `key`, with the list file they read. */
  #exactly(key: string): { flags: string[]; files: Invocation["files"] } {
    const path = join(this.workDir, `key-${crypto.randomUUID()}.txt`);
    return {
      flags: [`--files-from-raw=${path}`, "--no-traverse"],
      files: [{ path, text: `${key}\n` }],
    };
  }

  protected downloadCommand(ref: ObjectRef): Invocation {
    const { flags, files } = this.#exactly(ref.key);
    const cat = ["cat", "--error-on-no-transfer", ...flags];
    return { args: [...this.#global(), ...cat, this.#remote("")], files };
  }

  protected fileDownloadCommand(ref: ObjectRef, stage: string): Invocation {
    const { flags, files } = this.#exactly(ref.key);
    const copy = ["copy", "--error-on-no-transfer", "--no-check-dest"];
    // rclone checks a copied file's MD5 unless told not to, like a client
    // validating response checksums
    if (this.settings.checksum === "when_required") {
      copy.push("--ignore-checksum");
    }
    const args = [...this.#global(), ...copy, ...flags, this.#remote("")];
    return { args: [...args, stage], files };
  }

  protected headCommand(ref: ObjectRef): Invocation {
    const { flags, files } = this.#exactly(ref.key);
    const args = [...this.#global(), "lsjson", ...LSJSON_ONE, ...flags];
    return { args: [...args, this.#remote("")], files };
  }

  /** An empty listing: the one key asked for is not there. */
  protected headSize(stdout: string): HeadSize {
    const entries = stdout.split("\n").map(parseEntry).filter((e) => e);
    if (entries.length === 0) return "missing";
    const size = entries.length === 1 ? entries[0]!.Size : undefined;
    return typeof size === "number" ? size : undefined;
  }

  /**
   * rclone's exit codes: 9 when `cat` transferred nothing (no such key),
   * 3 when a "directory" is missing, which on S3 means the bucket.
   */
  protected override classify(r: ChildResult, op: ChildOp): Classified {
    if (r.killed || r.spawnError) return super.classify(r, op);
    if (r.code === 9 && op === "get") {
      return this.notFound("NoSuchKey", "rclone: no such object");
    }
    if (r.code === 3) {
      return this.notFound("NoSuchBucket", "rclone: directory not found");
    }
    return super.classify(r, op);
  }

  protected partPolicy(): { threshold: number; partSize: number } {
    const t = this.settings.clients.rclone;
    return { threshold: t.uploadCutoff, partSize: t.chunkSize };
  }

  protected clientSettings(): Record<string, unknown> {
    return {
      ...this.settings.clients.rclone,
      remote: "env-only (RCLONE_CONFIG_S3FLOOD_*), empty run-local rclone.conf",
      md5Metadata: this.settings.checksum === "when_supported",
      downloads: "rclone cat (HEAD, then GET) to stdout, counted; " +
        "rclone copy to a file",
      heads: "rclone lsjson of the one key (HEAD)",
    };
  }

  async list(prefix: string, endpoint: string): Promise<ListResult> {
    const keys: { key: string; size: number }[] = [];
    const lines = lineSplitter((line) => {
      const o = parseEntry(line);
      if (o) keys.push({ key: prefix + o.Path, size: o.Size ?? 0 });
    });
    const flags = ["-R", "--files-only", "--no-modtime", "--no-mimetype"];
    const r = await this.exec(
      [...this.#global(), "lsjson", ...flags, this.#remote(prefix)],
      endpoint,
      { onStdout: (c) => lines.push(c) },
    );
    lines.end();
    if (r.code === 0) return { keys };
    return { keys, error: this.listError(prefix, endpoint, r) };
  }

  async deleteKeys(
    keys: string[],
    endpoint: string,
  ): Promise<{ deleted: number; failed: { key: string; code: string }[] }> {
    const failed: { key: string; code: string }[] = [];
    const listable = keys.filter((k) => {
      const ok = !/[\r\n]/.test(k);
      if (!ok) failed.push({ key: k, code: "Unsupported" });
      return ok;
    });
    const file = join(this.workDir, `delete-${crypto.randomUUID()}.txt`);
    await Deno.writeTextFile(file, listable.map((k) => `${k}\n`).join(""));
    const errors = new Map<string, string>();
    const lines = lineSplitter((line) => {
      const m = /ERROR : (.*): (?:Couldn't delete|Failed to delete): (.*)$/
        .exec(line);
      if (m) errors.set(m[1], m[2]);
    });
    const r = await this.exec(
      [
        ...this.#global(),
        "delete",
        `--files-from-raw=${file}`,
        this.#remote(""),
      ],
      endpoint,
      { onStderr: (c) => lines.push(c) },
    );
    lines.end();
    await Deno.remove(file).catch(() => {});
    const outcome = this.#deleteOutcome(listable, r, errors);
    return { ...outcome, failed: [...failed, ...outcome.failed] };
  }

  /** Keys rclone did not complain about are gone (or never were). */
  #deleteOutcome(
    keys: string[],
    r: ChildResult,
    errors: Map<string, string>,
  ): { deleted: number; failed: { key: string; code: string }[] } {
    if (r.code !== 0 && errors.size === 0) {
      const code = this.classify(r, "delete").errorCode;
      return { deleted: 0, failed: keys.map((key) => ({ key, code })) };
    }
    const failed = [...errors].map(([key, text]) => ({
      key,
      code: /api error (\w+):/.exec(text)?.[1] ?? "DeleteFailed",
    }));
    return { deleted: keys.length - errors.size, failed };
  }
}

/** One entry of `rclone lsjson` output, which prints one per line. */
function parseEntry(line: string): { Path: string; Size?: number } | undefined {
  const text = line.trim().replace(/,$/, "");
  if (!text.startsWith("{")) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
