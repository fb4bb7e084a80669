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

/**
 * Samples the command lines of this process's children every `everyMs`,
 * the way `ps` would show them to any user of the machine.
 */
export class ArgvSampler {
  readonly #seen = new Map<number, string>();
  readonly #timer: ReturnType<typeof setInterval>;
  #busy = Promise.resolve();

  constructor(everyMs = 15) {
    this.#timer = setInterval(() => {
      this.#busy = this.#busy.then(() => this.#sample());
    }, everyMs);
  }

  async #sample(): Promise<void> {
    for await (const e of Deno.readDir("/proc")) {
      if (!/^\d+$/.test(e.name)) continue;
      const pid = Number(e.name);
      if (this.#seen.has(pid) || parentOf(pid) !== Deno.pid) continue;
      const argv = readArgv(pid);
      if (argv !== undefined) this.#seen.set(pid, argv);
    }
  }

  /** Stops sampling; returns every command line seen, NUL-separated args. */
  async stop(): Promise<string[]> {
    clearInterval(this.#timer);
    await this.#busy;
    return [...this.#seen.values()];
  }
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

function readArgv(pid: number): string | undefined {
  try {
    return Deno.readTextFileSync(`/proc/${pid}/cmdline`);
  } catch {
    return undefined;
  }
}
