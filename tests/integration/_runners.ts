/**
 * Pieces of the runner contract suite: settings for a runner against a
 * server, the environment runners search for their binaries, a sampler of
 * child processes' command lines, and byte-checking helpers.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { loadSettings } from "../../src/config/load.ts";
import type { Settings } from "../../src/config/settings.ts";
import type {
  AttemptContext,
  AttemptResult,
  ObjectRef,
  Runner,
  UploadSource,
} from "../../src/runners/runner.ts";
import type { S3Target } from "../support/mod.ts";

/** The environment runners use to find their binaries. */
export function toolEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of ["PATH", "HOME", "S3FLOOD_TOOLS"]) {
    const v = Deno.env.get(k);
    if (v !== undefined) env[k] = v;
  }
  return env;
}

/** Settings for `client` against `target`'s `bucket`. */
export function settingsFor(
  target: S3Target,
  bucket: string,
  client: string,
  opts: { secretKey?: string; extra?: string; multipart?: string } = {},
): Settings {
  const text = `endpoint: ${target.endpoint}
region: ${target.region}
bucket: ${bucket}
prefix: contract
client: ${client}
concurrency: 4
multipart: ${opts.multipart ?? "{ threshold: 16MiB, part_size: 8MiB }"}
dataset: { root: ./unused, groups: { a: { count: 1, min_size: 1, max_size: 1 } } }
${opts.extra ?? ""}`;
  const env = {
    AWS_ACCESS_KEY_ID: target.accessKey,
    AWS_SECRET_ACCESS_KEY: opts.secretKey ?? target.secretKey,
  };
  return loadSettings({
    path: "contract.yaml",
    text,
    overrides: [],
    env,
    cwd: Deno.cwd(),
    json: false,
  }).settings;
}

/** An attempt context for tests. */
export function ctxFor(
  endpoint: string,
  signal = new AbortController().signal,
): AttemptContext {
  return { phase: "contract", endpoint, due: 0, attempt: 1, signal };
}

/** A file-backed upload source. */
export function fileSource(path: string, size: number): UploadSource {
  return {
    size,
    path,
    open: async () => (await Deno.open(path)).readable,
  };
}

/** An in-memory upload source without a path (piped to a client's stdin). */
export function memorySource(bytes: Uint8Array): UploadSource {
  return {
    size: bytes.byteLength,
    open: () => Promise.resolve(ReadableStream.from([bytes])),
  };
}

/** Downloads `ref` and returns the record and the MD5 of the bytes seen. */
export async function downloadMd5(
  runner: Runner,
  ref: ObjectRef,
  ctx: AttemptContext,
): Promise<{ result: AttemptResult; md5: string }> {
  const hash = createHash("md5");
  const result = await runner.download(ref, ctx, {
    sink: (c) => hash.update(c),
  });
  return { result, md5: hash.digest("hex") };
}

/** Deterministic pseudo-random bytes (xorshift32), fast for 100 MiB. */
export function noise(size: number, seed = 1): Uint8Array {
  const out = new Uint8Array(size);
  const words = new Uint32Array(out.buffer, 0, Math.floor(size / 4));
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return out;
}

/** Writes `bytes` to a new file in `dir`; returns its path. */
export async function writeFile(
  dir: string,
  name: string,
  bytes: Uint8Array,
): Promise<string> {
  const path = join(dir, name);
  await Deno.writeFile(path, bytes);
  return path;
}

/** Runs `fn` over `items` with at most `limit` at once. */
export async function pool<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return out;
}

/** This process's children and their command lines, as `ps` shows them. */
export function childProcesses(): { pid: number; args: string }[] {
  const out = new Deno.Command("ps", {
    args: ["-eo", "ppid=,pid=,args=", "-ww"],
    stdout: "piped",
    stderr: "null",
  }).outputSync();
  const rows = new TextDecoder().decode(out.stdout).split("\n");
  const mine: { pid: number; args: string }[] = [];
  for (const row of rows) {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(row);
    if (m && Number(m[1]) === Deno.pid) mine.push({ pid: +m[2], args: m[3] });
  }
  return mine;
}

/**
 * Samples the command lines of this process's children, the way `ps`
 * shows them to any user of the machine, until stopped. (Deno reads
 * /proc only with --allow-all, so `ps` does the reading.)
 */
export class ArgvSampler {
  readonly #seen = new Map<number, string>();
  #stopped = false;
  readonly #loop: Promise<void>;

  constructor() {
    this.#loop = this.#run();
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      for (const c of childProcesses()) {
        if (!c.args.startsWith("ps ")) this.#seen.set(c.pid, c.args);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Stops sampling; returns every command line seen. */
  async stop(): Promise<string[]> {
    this.#stopped = true;
    await this.#loop;
    return [...this.#seen.values()];
  }
}
