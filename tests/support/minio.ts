/**
 * A real MinIO for integration tests: on a free loopback port, with a fresh
 * data dir and random credentials, or the external server named by
 * `S3FLOOD_TEST_ENDPOINT` (+ `S3FLOOD_TEST_ACCESS_KEY`,
 * `S3FLOOD_TEST_SECRET_KEY`, optional `S3FLOOD_TEST_REGION`).
 *
 * Three ways to get one:
 * - {@link sharedMinio}: one server per test file (each test file runs in
 *   its own isolate), started by the first caller and stopped when the
 *   file's tests are done. The cheap default.
 * - {@link startMinio} with `await using`: a private server for one test,
 *   e.g. with another region.
 * - {@link withMinio}: the same as a callback.
 *
 * @example Shared server in a test
 * ```ts ignore
 * Deno.test("lists", async () => {
 *   const minio = await sharedMinio();
 *   await createBucket(minio, "bench");
 * });
 * ```
 *
 * @module
 */
import { join } from "node:path";
import {
  findMinio,
  freePort,
  PortInUseError,
  sleep,
  spawnMinio,
  waitHealthy,
} from "./_minio_process.ts";

/** How to start a private MinIO. */
export interface MinioOptions {
  /** Region the server reports and checks signatures for; us-east-1. */
  region?: string;
  /** Root user (access key); random when omitted. */
  accessKey?: string;
  /** Root password (secret key, ≥ 8 chars); random when omitted. */
  secretKey?: string;
}

/** A running MinIO (or an external S3 server) and how to reach it. */
export interface MinioServer extends AsyncDisposable {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:40123`. */
  readonly endpoint: string;
  /** Access key of the root user. */
  readonly accessKey: string;
  /** Secret key of the root user. */
  readonly secretKey: string;
  /** Region the server signs for. */
  readonly region: string;
  /** The data dir; empty for an external server. */
  readonly dataDir: string;
  /** True when the server came from `S3FLOOD_TEST_ENDPOINT`. */
  readonly external: boolean;
  /** Stops the process, waits for it and removes its files. Idempotent. */
  stop(): Promise<void>;
  /** Credentials and region as `AWS_*` variables for child processes. */
  env(): Record<string, string>;
}

/** `bytes` random bytes as lowercase hex. */
function randomHex(bytes: number): string {
  const buf = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(buf, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The `AWS_*` variables a child process needs to reach `server`. */
function awsEnv(server: MinioServer): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: server.accessKey,
    AWS_SECRET_ACCESS_KEY: server.secretKey,
    AWS_REGION: server.region,
    AWS_DEFAULT_REGION: server.region,
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

/** Environment of the MinIO process: nothing inherited but PATH. */
function minioEnv(root: string, opts: LaunchOptions) {
  const env: Record<string, string> = {
    PATH: Deno.env.get("PATH") ?? "/usr/local/bin:/usr/bin:/bin",
    HOME: root,
    MINIO_ROOT_USER: opts.accessKey,
    MINIO_ROOT_PASSWORD: opts.secretKey,
    MINIO_BROWSER: "off",
    MINIO_UPDATE: "off",
    MINIO_CI_CD: "on",
  };
  if (opts.region !== "us-east-1") {
    env.MINIO_SITE_REGION = opts.region;
    env.MINIO_REGION = opts.region;
  }
  return env;
}

/** A free loopback port other than `port`. */
function otherPort(port: number): number {
  let other = freePort();
  while (other === port) other = freePort();
  return other;
}

/** A MinIO this process started; see {@link MinioServer}. */
class LocalMinio implements MinioServer {
  readonly external = false;
  readonly endpoint: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly region: string;
  readonly dataDir: string;
  readonly #child: Deno.ChildProcess;
  readonly #root: string;
  #stopping: Promise<void> | undefined;

  constructor(port: number, opts: LaunchOptions, root: string) {
    this.endpoint = `http://127.0.0.1:${port}`;
    this.accessKey = opts.accessKey;
    this.secretKey = opts.secretKey;
    this.region = opts.region;
    this.dataDir = join(root, "data");
    this.#root = root;
    this.#child = spawnMinio({
      binary: opts.binary,
      root,
      port,
      consolePort: otherPort(port),
      env: minioEnv(root, opts),
    });
  }

  /** Waits until the server is live; stops it when it does not get there. */
  async ready(): Promise<this> {
    try {
      await waitHealthy(this.endpoint, this.#child, this.#root);
      return this;
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  env(): Record<string, string> {
    return awsEnv(this);
  }

  stop(): Promise<void> {
    this.#stopping ??= stopChild(this.#child, this.#root);
    return this.#stopping;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }

  /** Lets the process exit while MinIO runs (shared server). */
  unref(): void {
    this.#child.unref();
  }

  /** Synchronous stop for `unload`: the supervisor finishes the cleanup. */
  signalStop(): void {
    if (this.#stopping) return;
    try {
      this.#child.kill("SIGTERM");
    } catch {
      // already exited
    }
  }
}

/** SIGTERM, wait up to 10 s, SIGKILL, then make sure `root` is gone. */
async function stopChild(child: Deno.ChildProcess, root: string) {
  let done = false;
  const status = child.status.then(() => done = true);
  try {
    child.kill("SIGTERM");
  } catch {
    // already exited
  }
  for (let waited = 0; !done && waited < 10_000; waited += 50) {
    await sleep(50);
  }
  if (!done) child.kill("SIGKILL");
  await status;
  await Deno.remove(root, { recursive: true }).catch(() => {});
}

/** Everything MinIO is started with. */
type LaunchOptions = Required<MinioOptions> & { binary: string };

/** One attempt at starting MinIO on fresh ports in a fresh temp dir. */
async function launch(opts: LaunchOptions): Promise<LocalMinio> {
  const root = await Deno.makeTempDir({ prefix: "s3flood-minio-" });
  return await new LocalMinio(freePort(), opts, root).ready();
}

/**
 * Starts a private MinIO and waits (≤ 30 s) until it is live. Retries on
 * fresh ports when a port was taken between choosing and binding.
 * Throws with the log's tail when MinIO does not come up.
 */
export function startMinio(opts: MinioOptions = {}): Promise<MinioServer> {
  return startLocal(opts);
}

/** {@link startMinio}, keeping the class for the shared server. */
async function startLocal(opts: MinioOptions): Promise<LocalMinio> {
  const full: LaunchOptions = {
    binary: await findMinio(),
    region: opts.region ?? "us-east-1",
    accessKey: opts.accessKey ?? `s3flood${randomHex(6)}`,
    secretKey: opts.secretKey ?? randomHex(20),
  };
  for (let attempt = 1;; attempt++) {
    try {
      return await launch(full);
    } catch (err) {
      if (!(err instanceof PortInUseError) || attempt >= 3) throw err;
    }
  }
}

/** Reads `S3FLOOD_TEST_*`; undefined when no external server is named. */
export function externalMinio(): MinioServer | undefined {
  const endpoint = Deno.env.get("S3FLOOD_TEST_ENDPOINT");
  if (!endpoint) return undefined;
  const accessKey = Deno.env.get("S3FLOOD_TEST_ACCESS_KEY");
  const secretKey = Deno.env.get("S3FLOOD_TEST_SECRET_KEY");
  if (!accessKey || !secretKey) {
    throw new Error(
      "use S3FLOOD_TEST_ENDPOINT: S3FLOOD_TEST_ACCESS_KEY and " +
        "S3FLOOD_TEST_SECRET_KEY must be set too",
    );
  }
  const server: MinioServer = {
    endpoint: endpoint.replace(/\/+$/, ""),
    accessKey,
    secretKey,
    region: Deno.env.get("S3FLOOD_TEST_REGION") ?? "us-east-1",
    dataDir: "",
    external: true,
    stop: () => Promise.resolve(),
    env: () => awsEnv(server),
    [Symbol.asyncDispose]: () => Promise.resolve(),
  };
  return server;
}

/**
 * Runs `fn` against a server and stops it afterwards. Uses the external
 * server when one is named and `opts` asks for nothing specific.
 */
export async function withMinio<T>(
  fn: (server: MinioServer) => Promise<T>,
  opts: MinioOptions = {},
): Promise<T> {
  const generic = Object.values(opts).every((v) => v === undefined);
  const external = generic ? externalMinio() : undefined;
  await using server = external ?? await startMinio(opts);
  return await fn(server);
}

let shared: Promise<MinioServer> | undefined;

/**
 * The test file's shared server, started on first use. Every test file
 * runs in its own isolate, so each file gets one server (started in about
 * a second). It is stopped by an `unload` listener when the file's tests
 * end; a supervisor stops it too if the Deno process dies. Calling
 * `stop()` on it is allowed: the next call starts a new one.
 */
export function sharedMinio(): Promise<MinioServer> {
  shared ??= startShared().catch((err) => {
    shared = undefined;
    throw err;
  });
  return shared;
}

async function startShared(): Promise<MinioServer> {
  const external = externalMinio();
  if (external) return external;
  const server = await startLocal({});
  server.unref();
  const onUnload = () => server.signalStop();
  globalThis.addEventListener("unload", onUnload);
  const stop = async () => {
    globalThis.removeEventListener("unload", onUnload);
    shared = undefined;
    await server.stop();
  };
  return {
    endpoint: server.endpoint,
    accessKey: server.accessKey,
    secretKey: server.secretKey,
    region: server.region,
    dataDir: server.dataDir,
    external: false,
    stop,
    env: () => server.env(),
    [Symbol.asyncDispose]: stop,
  };
}
