/**
 * The aws CLI runner: Debian's aws CLI v2, one process per operation.
 * `aws s3 cp` uploads (multipart by its own transfer manager) and downloads
 * to stdout or a file; `aws s3api` heads, lists and deletes. Its settings come from an AWS
 * config file written for the run (region, retries off, checksum mode,
 * path-style addressing, transfer tuning) and credentials from the
 * environment; the endpoint is the one argument that is not in the file.
 *
 * @module
 */
import { join } from "node:path";
import type { Settings } from "../config/settings.ts";
import { ClientNotFoundError } from "../core/errors.ts";
import type { ChildResult } from "./_child.ts";
import {
  candidates,
  type Located,
  type LocateEnv,
  notFound,
  versionText,
} from "./_locate.ts";
import {
  type HeadSize,
  type Invocation,
  type SubprocessOptions,
  SubprocessRunner,
} from "./_subprocess.ts";
import type { ListResult, ObjectRef, UploadSource } from "./runner.ts";

/**
 * Finds the aws CLI v2: the tools dir, then `fixed` (Debian's
 * /usr/bin/aws), then PATH. A v1 found on the way (pyenv, pip) is refused
 * by name.
 */
export async function locateAwsCli(
  env: LocateEnv,
  fixed: string[] = ["/usr/bin/aws"],
): Promise<Located> {
  let v1: Located | undefined;
  for (const path of await candidates("aws", env, fixed)) {
    const v = await versionText(path, ["--version"], env);
    const m = /aws-cli\/(\d+)\.\d+\.\d+/.exec(v.text);
    if (v.ok && m && Number(m[1]) >= 2) return { path, version: m[0] };
    if (m) v1 ??= { path, version: m[0] };
  }
  if (!v1) throw notFound("awscli", "aws");
  throw new ClientNotFoundError(
    "awscli",
    `client awscli: the aws CLI at ${v1.path} is ${v1.version}; ` +
      "s3flood needs the aws CLI v2",
    "install Debian's v2 (apt-get install awscli, or bash scripts/setup.sh, " +
      "which links it into the tools dir searched first)",
  );
}

/** The run-local AWS config file's text. */
export function awsConfigText(s: Settings): string {
  const t = s.clients.awscli;
  const lines = [
    "[default]",
    `region = ${s.region}`,
    "max_attempts = 1",
    "retry_mode = standard",
    `request_checksum_calculation = ${s.checksum}`,
    `response_checksum_validation = ${s.checksum}`,
  ];
  if (s.caFile) lines.push(`ca_bundle = ${s.caFile}`);
  lines.push(
    "s3 =",
    `  addressing_style = ${s.addressing}`,
    `  multipart_threshold = ${t.multipartThreshold}`,
    `  multipart_chunksize = ${t.multipartChunksize}`,
    `  max_concurrent_requests = ${t.maxConcurrentRequests}`,
    `  max_queue_size = ${t.maxQueueSize}`,
  );
  return lines.join("\n") + "\n";
}

/** The aws CLI runner. */
export class AwsCliRunner extends SubprocessRunner {
  readonly name = "awscli";
  readonly #configFile: string;

  constructor(o: SubprocessOptions) {
    super(o);
    this.#configFile = join(o.workDir, "config");
    Deno.writeTextFileSync(this.#configFile, awsConfigText(o.settings));
  }

  protected clientEnv(): Record<string, string> {
    const s = this.settings;
    const env: Record<string, string> = {
      AWS_CONFIG_FILE: this.#configFile,
      AWS_SHARED_CREDENTIALS_FILE: join(this.workDir, "credentials"),
      AWS_ACCESS_KEY_ID: this.creds.accessKeyId,
      AWS_SECRET_ACCESS_KEY: this.creds.secretAccessKey,
      AWS_REGION: s.region,
      AWS_DEFAULT_REGION: s.region,
      AWS_MAX_ATTEMPTS: "1",
      AWS_RETRY_MODE: "standard",
      AWS_REQUEST_CHECKSUM_CALCULATION: s.checksum,
      AWS_RESPONSE_CHECKSUM_VALIDATION: s.checksum,
      AWS_PAGER: "",
      AWS_CLI_AUTO_PROMPT: "off",
      AWS_EC2_METADATA_DISABLED: "true",
    };
    if (this.creds.sessionToken) {
      env.AWS_SESSION_TOKEN = this.creds.sessionToken;
    }
    if (s.caFile) env.AWS_CA_BUNDLE = s.caFile;
    return env;
  }

  /** Flags every call takes: endpoint, TLS and timeouts. */
  #global(endpoint: string): string[] {
    const t = this.settings.timeouts;
    const args = [
      `--cli-connect-timeout=${Math.ceil(t.connectMs / 1000)}`,
      `--cli-read-timeout=${Math.ceil(t.idleMs / 1000)}`,
    ];
    if (endpoint) args.push(`--endpoint-url=${endpoint}`);
    if (!this.settings.tlsVerify) args.push("--no-verify-ssl");
    return args;
  }

  #url(key: string): string {
    return `s3://${this.settings.bucket}/${key}`;
  }

  protected uploadCommand(
    ref: ObjectRef,
    source: UploadSource,
    endpoint: string,
  ): Invocation {
    const cp = [...this.#global(endpoint), "s3", "cp", "--only-show-errors"];
    if (source.path) {
      return {
        args: [...cp, "--no-progress", source.path, this.#url(ref.key)],
      };
    }
    const size = `--expected-size=${source.size}`;
    return { args: [...cp, size, "-", this.#url(ref.key)], stdin: true };
  }

  protected downloadCommand(ref: ObjectRef, endpoint: string): Invocation {
    return { args: [...this.#cpFrom(ref, endpoint), "-"] };
  }

  protected fileDownloadCommand(
    ref: ObjectRef,
    stage: string,
    endpoint: string,
  ): Invocation {
    return { args: [...this.#cpFrom(ref, endpoint), join(stage, "body")] };
  }

  #cpFrom(ref: ObjectRef, endpoint: string): string[] {
    const cp = [...this.#global(endpoint), "s3", "cp", "--only-show-errors"];
    return [...cp, "--no-progress", this.#url(ref.key)];
  }

  /**
   * `s3api head-object`, the key read from a file (`file://`): the aws
   * CLI would read a key that itself began with `file://` from a file.
   */
  protected headCommand(ref: ObjectRef, endpoint: string): Invocation {
    const keyFile = join(this.workDir, `key-${crypto.randomUUID()}`);
    return {
      args: [
        ...this.#global(endpoint),
        "s3api",
        "head-object",
        `--bucket=${this.settings.bucket}`,
        `--key=file://${keyFile}`,
        "--output=json",
      ],
      files: [{ path: keyFile, text: ref.key }],
    };
  }

  protected headSize(stdout: string): HeadSize {
    try {
      const size = JSON.parse(stdout).ContentLength;
      return typeof size === "number" ? size : undefined;
    } catch {
      return undefined;
    }
  }

  protected partPolicy(): { threshold: number; partSize: number } {
    const t = this.settings.clients.awscli;
    return {
      threshold: t.multipartThreshold,
      partSize: t.multipartChunksize,
    };
  }

  protected clientSettings(): Record<string, unknown> {
    return {
      ...this.settings.clients.awscli,
      configFile: "run-local AWS config (max_attempts 1)",
      endpointBy: "--endpoint-url",
      downloads: "aws s3 cp s3://... - (stdout, counted), or to a file",
      heads: "aws s3api head-object",
    };
  }

  async list(prefix: string, endpoint: string): Promise<ListResult> {
    const keys: { key: string; size: number }[] = [];
    let token: string | undefined;
    do {
      const page = await this.#s3api(endpoint, [
        "list-objects-v2",
        `--bucket=${this.settings.bucket}`,
        `--prefix=${prefix}`,
        "--max-items=1000",
        ...(token ? [`--starting-token=${token}`] : []),
      ]);
      if ("error" in page) {
        return { keys, error: this.listError(prefix, endpoint, page.error) };
      }
      const out = page.json as ListPage;
      for (const o of out.Contents ?? []) {
        keys.push({ key: o.Key, size: o.Size ?? 0 });
      }
      token = out.NextToken;
    } while (token);
    return { keys };
  }

  async deleteKeys(
    keys: string[],
    endpoint: string,
  ): Promise<{ deleted: number; failed: { key: string; code: string }[] }> {
    let deleted = 0;
    const failed: { key: string; code: string }[] = [];
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      const r = await this.#deleteBatch(batch, endpoint);
      deleted += batch.length - r.length;
      failed.push(...r);
    }
    return { deleted, failed };
  }

  async #deleteBatch(
    batch: string[],
    endpoint: string,
  ): Promise<{ key: string; code: string }[]> {
    const file = join(this.workDir, `delete-${crypto.randomUUID()}.json`);
    const body = { Objects: batch.map((Key) => ({ Key })), Quiet: true };
    await Deno.writeTextFile(file, JSON.stringify(body));
    try {
      const r = await this.#s3api(endpoint, [
        "delete-objects",
        `--bucket=${this.settings.bucket}`,
        `--delete=file://${file}`,
      ]);
      if ("error" in r) {
        const code = this.classify(r.error, "delete").errorCode;
        return batch.map((key) => ({ key, code }));
      }
      const errors = (r.json as DeletePage).Errors ?? [];
      return errors.map((e) => ({ key: e.Key, code: e.Code ?? "Unknown" }));
    } finally {
      await Deno.remove(file).catch(() => {});
    }
  }

  /** Runs `aws s3api ...` and parses its JSON output. */
  async #s3api(
    endpoint: string,
    args: string[],
  ): Promise<{ json: unknown } | { error: ChildResult }> {
    const decoder = new TextDecoder();
    let text = "";
    const r = await this.exec(
      [...this.#global(endpoint), "s3api", ...args, "--output=json"],
      endpoint,
      { onStdout: (c) => text += decoder.decode(c, { stream: true }) },
    );
    if (r.code !== 0 || r.killed || r.spawnError) return { error: r };
    text += decoder.decode();
    return { json: text.trim() ? JSON.parse(text) : {} };
  }
}

interface ListPage {
  Contents?: { Key: string; Size?: number }[];
  NextToken?: string;
}

interface DeletePage {
  Errors?: { Key: string; Code?: string }[];
}
