/**
 * The MinIO child process: finding the binary, picking ports, spawning it
 * under a small bash supervisor and waiting until it answers.
 *
 * The supervisor exists so that a test process that dies without cleaning
 * up (SIGKILL, a CI timeout) does not leave MinIO running: it watches the
 * Deno process and stops MinIO and removes its directory when Deno is gone.
 * MinIO's output goes to a log file, not a pipe, so no read is pending
 * while tests run (Deno's op sanitizer would flag it).
 *
 * @module
 */
import { join } from "node:path";

/** True when `path` is an executable regular file. */
async function isExecutable(path: string): Promise<boolean> {
  try {
    const info = await Deno.stat(path);
    return info.isFile && ((info.mode ?? 0o111) & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** The environment variables {@link findMinio} reads. */
export type FindEnv = Partial<
  Record<"S3FLOOD_TOOLS" | "HOME" | "PATH", string>
>;

/**
 * Finds the minio binary: `$S3FLOOD_TOOLS/bin`, then the default tools
 * dir (`~/.cache/s3flood/tools/bin`, where scripts/setup.sh puts it),
 * then each PATH entry. Throws naming scripts/setup.sh when absent.
 */
export async function findMinio(
  env: FindEnv = Deno.env.toObject(),
): Promise<string> {
  const dirs = [
    ...(env.S3FLOOD_TOOLS ? [join(env.S3FLOOD_TOOLS, "bin")] : []),
    join(env.HOME ?? "", ".cache", "s3flood", "tools", "bin"),
    ...(env.PATH ?? "").split(":").filter((d) => d !== ""),
  ];
  for (const dir of dirs) {
    const candidate = join(dir, "minio");
    if (await isExecutable(candidate)) return candidate;
  }
  throw new Error(
    `find minio: no executable 'minio' in ${dirs.slice(0, 2).join(", ")}` +
      " or PATH\n  what to do: run `bash scripts/setup.sh` (builds MinIO" +
      " into the tools dir), or set S3FLOOD_TEST_ENDPOINT to a running server",
  );
}

/**
 * A loopback port that was free a moment ago. Another process may take it
 * before MinIO binds; callers retry on "port already in use".
 */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** Supervisor: `bash -c SCRIPT minio-sv ROOT DENO_PID MINIO ARGS...`. */
const SUPERVISOR = `
root=$1; parent=$2; shift 2
"$@" >>"$root/minio.log" 2>&1 &
m=$!; stopping=0; k=
trap 'stopping=1; kill -TERM "$m" 2>/dev/null
  (sleep 5; kill -KILL "$m" 2>/dev/null) & k=$!' TERM INT HUP
(while kill -0 "$parent" 2>/dev/null; do sleep 1; done
  kill -TERM $$ 2>/dev/null) &
w=$!
wait "$m"; rc=$?
while kill -0 "$m" 2>/dev/null; do wait "$m"; rc=$?; done
kill "$w" $k 2>/dev/null
[ "$stopping" = 1 ] && rm -rf "$root"
exit "$rc"
`;

/** What a MinIO process is started with. */
export interface SpawnSpec {
  /** Absolute path of the minio binary. */
  binary: string;
  /** Temp dir holding `data/`, `certs/` and `minio.log`. */
  root: string;
  /** S3 API port on 127.0.0.1. */
  port: number;
  /** Console port on 127.0.0.1 (the console itself is off). */
  consolePort: number;
  /** The complete environment of the process. */
  env: Record<string, string>;
}

/**
 * Starts MinIO under the supervisor. The process stops MinIO and deletes
 * `root` on SIGTERM; if MinIO exits by itself, `root` stays for the log.
 */
export function spawnMinio(spec: SpawnSpec): Deno.ChildProcess {
  const args = [
    "-c",
    SUPERVISOR,
    "minio-sv",
    spec.root,
    String(Deno.pid),
    spec.binary,
    "server",
    join(spec.root, "data"),
    "--address",
    `127.0.0.1:${spec.port}`,
    "--console-address",
    `127.0.0.1:${spec.consolePort}`,
    "--certs-dir",
    join(spec.root, "certs"),
    "--quiet",
  ];
  return new Deno.Command("bash", {
    args,
    env: spec.env,
    clearEnv: true,
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
}

/** The last `lines` lines of MinIO's log in `root`, or a note if none. */
export async function logTail(root: string, lines = 20): Promise<string> {
  try {
    const text = await Deno.readTextFile(join(root, "minio.log"));
    const tail = text.trimEnd().split("\n").slice(-lines).join("\n");
    return tail === "" ? "(log is empty)" : tail;
  } catch {
    return "(no log written)";
  }
}

/** Raised when MinIO exits because its port was taken meanwhile. */
export class PortInUseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PortInUseError";
  }
}

/** Resolves after `ms`; the timer never outlives the promise. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One GET of the liveness URL, bounded to a second. */
async function isLive(endpoint: string): Promise<boolean> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 1000);
  try {
    const res = await fetch(`${endpoint}/minio/health/live`, {
      signal: abort.signal,
    });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Polls `/minio/health/live` every 100 ms until it answers 200, the
 * process exits or `timeoutMs` passes. Errors carry the log's tail.
 */
export async function waitHealthy(
  endpoint: string,
  child: Deno.ChildProcess,
  root: string,
  timeoutMs = 30_000,
): Promise<void> {
  let exited: Deno.CommandStatus | undefined;
  child.status.then((s) => exited = s);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isLive(endpoint)) return;
    if (exited) throw await exitError(endpoint, exited, root);
    await sleep(100);
  }
  const tail = await logTail(root);
  throw new Error(
    `start MinIO: ${endpoint} not healthy after ${timeoutMs / 1000} s\n` +
      `last lines of its log:\n${tail}`,
  );
}

/** The error for a MinIO that exited before becoming healthy. */
async function exitError(
  endpoint: string,
  status: Deno.CommandStatus,
  root: string,
): Promise<Error> {
  const tail = await logTail(root);
  const message = `start MinIO: exited with code ${status.code} before ` +
    `${endpoint} became healthy\nlast lines of its log:\n${tail}`;
  return /already in use/i.test(tail)
    ? new PortInUseError(message)
    : new Error(message);
}
