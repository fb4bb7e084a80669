/**
 * Child processes of the subprocess runners (aws CLI, s5cmd, rclone).
 *
 * - Arguments go as an array, never through a shell.
 * - The environment is built from scratch by the runner: nothing of the
 *   parent's leaks in (no AWS_CA_BUNDLE, SSL_CERT_FILE, AWS_PROFILE, ...).
 * - Output is streamed as it comes: stdout to a callback, stderr into a
 *   bounded tail for error messages.
 * - Each child leads its own process group (`detached`), so a terminal's
 *   Ctrl-C reaches s3flood only, which drains in-flight work as it decides,
 *   and aborting kills the whole group: SIGINT first (the clients abort
 *   their multipart uploads on it), SIGKILL after a grace period.
 *
 * @module
 */

/** How to run one child. */
export interface ChildSpec {
  binary: string;
  args: string[];
  /** The complete environment of the child. */
  env: Record<string, string>;
  cwd?: string;
  /** Bytes for the child's stdin; stdin is closed at their end. */
  stdin?: ReadableStream<Uint8Array>;
  /**
   * Receives stdout chunks as they arrive; discarded when absent. A promise
   * it returns is awaited before the next read, so a slow consumer slows
   * the child down through the pipe (byte throttling).
   */
  onStdout?: (chunk: Uint8Array) => unknown;
  /** Receives stderr chunks as they arrive (the tail is kept anyway). */
  onStderr?: (chunk: Uint8Array) => void;
  /** Aborting kills the child's process group. */
  signal?: AbortSignal;
  /** Kills the child when it runs longer than this (ms). */
  timeoutMs?: number;
}

/** How a child ended. */
export interface ChildResult {
  /** Exit code; -1 when the child could not be started. */
  code: number;
  /** The signal that ended it, if one did. */
  signal: string | null;
  /** The last {@link STDERR_TAIL} characters of stderr. */
  stderr: string;
  stdoutBytes: number;
  /** Why s3flood ended the child, if it did. */
  killed?: "aborted" | "timeout";
  /** Why the child could not be started (binary gone, no permission). */
  spawnError?: string;
}

/** How much of a child's stderr is kept for messages. */
export const STDERR_TAIL = 16 * 1024;

/** Grace between SIGINT and SIGKILL when ending a child. */
const KILL_GRACE_MS = 3000;

const DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

/**
 * The base of every child's environment: PATH, a HOME in the run's own
 * temp dir (so no client reads the user's ~/.aws or rclone config) and a
 * UTF-8 locale (keys are UTF-8). Runners add their own variables.
 */
export function baseEnv(
  home: string,
  path: string | undefined,
): Record<string, string> {
  return {
    PATH: path || DEFAULT_PATH,
    HOME: home,
    TMPDIR: home,
    LANG: "C.UTF-8",
    LC_ALL: "C.UTF-8",
  };
}

/** The children of one runner, so that all can be ended at once. */
export class ChildGroup {
  readonly #live = new Set<Supervised>();

  /** Runs one child to its end; never throws for the child's failure. */
  async run(spec: ChildSpec): Promise<ChildResult> {
    let child: Deno.ChildProcess;
    try {
      child = spawn(spec);
    } catch (err) {
      const spawnError = (err as Error).message;
      return { code: -1, signal: null, stderr: "", stdoutBytes: 0, spawnError };
    }
    const supervised = new Supervised(child, spec);
    this.#live.add(supervised);
    try {
      return await supervised.done;
    } finally {
      this.#live.delete(supervised);
    }
  }

  /** Number of children running now. */
  get size(): number {
    return this.#live.size;
  }

  /** Ends every running child (SIGINT, then SIGKILL) and waits for them. */
  async killAll(): Promise<void> {
    const live = [...this.#live];
    for (const s of live) s.kill("aborted");
    await Promise.allSettled(live.map((s) => s.done));
  }
}

function spawn(spec: ChildSpec): Deno.ChildProcess {
  return new Deno.Command(spec.binary, {
    args: spec.args,
    env: spec.env,
    clearEnv: true,
    cwd: spec.cwd,
    stdin: spec.stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
    detached: true,
  }).spawn();
}

/**
 * One running child: streams its output, enforces abort and timeout, and
 * is done when the child has exited and its output pipes have closed (a
 * grandchild may hold them open after the child is gone).
 */
class Supervised {
  readonly done: Promise<ChildResult>;
  readonly #child: Deno.ChildProcess;
  #killed: ChildResult["killed"];
  #hardKill: ReturnType<typeof setTimeout> | undefined;

  constructor(child: Deno.ChildProcess, spec: ChildSpec) {
    this.#child = child;
    this.done = this.#supervise(spec);
  }

  /** SIGINT to the child's group; SIGKILL if it is not done in time. */
  kill(why: "aborted" | "timeout"): void {
    if (this.#killed) return;
    this.#killed = why;
    const pid = this.#child.pid;
    signalGroup(pid, "SIGINT");
    this.#hardKill = setTimeout(
      () => signalGroup(pid, "SIGKILL"),
      KILL_GRACE_MS,
    );
  }

  async #supervise(spec: ChildSpec): Promise<ChildResult> {
    const child = this.#child;
    const onAbort = () => this.kill("aborted");
    if (spec.signal?.aborted) onAbort();
    spec.signal?.addEventListener("abort", onAbort, { once: true });
    const timer = spec.timeoutMs
      ? setTimeout(() => this.kill("timeout"), spec.timeoutMs)
      : undefined;
    try {
      const [stdoutBytes, stderr, status] = await Promise.all([
        pump(child.stdout, spec.onStdout),
        tail(child.stderr, spec.onStderr),
        child.status,
        spec.stdin ? feed(child, spec.stdin) : undefined,
      ]);
      const { code, signal } = status;
      return { code, signal, stderr, stdoutBytes, killed: this.#killed };
    } finally {
      clearTimeout(timer);
      clearTimeout(this.#hardKill);
      spec.signal?.removeEventListener("abort", onAbort);
    }
  }
}

function signalGroup(pid: number, sig: Deno.Signal): void {
  try {
    Deno.kill(-pid, sig);
  } catch {
    // the group is gone already
  }
}

async function feed(
  child: Deno.ChildProcess,
  body: ReadableStream<Uint8Array>,
): Promise<void> {
  try {
    await body.pipeTo(child.stdin);
  } catch {
    // the child exited before reading everything; its status says why
    await body.cancel().catch(() => {});
  }
}

async function pump(
  stream: ReadableStream<Uint8Array>,
  onChunk?: (chunk: Uint8Array) => unknown,
): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) {
    bytes += chunk.byteLength;
    const r = onChunk?.(chunk);
    if (r instanceof Promise) await r;
  }
  return bytes;
}

async function tail(
  stream: ReadableStream<Uint8Array>,
  onChunk?: (chunk: Uint8Array) => void,
): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of stream) {
    onChunk?.(chunk);
    text += decoder.decode(chunk, { stream: true });
    if (text.length > 2 * STDERR_TAIL) text = text.slice(-STDERR_TAIL);
  }
  return (text + decoder.decode()).slice(-STDERR_TAIL);
}

/**
 * Splits a byte stream into lines (UTF-8), calling `onLine` for each
 * complete one; `end()` flushes a last line without a newline.
 */
export function lineSplitter(onLine: (line: string) => void): {
  push(chunk: Uint8Array): void;
  end(): void;
} {
  const decoder = new TextDecoder();
  let rest = "";
  return {
    push(chunk) {
      const lines = (rest + decoder.decode(chunk, { stream: true }))
        .split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) onLine(line);
    },
    end() {
      const last = rest + decoder.decode();
      rest = "";
      if (last) onLine(last);
    },
  };
}

/** Runs `binary args` with `env` and returns its output (for --version). */
export async function commandText(
  binary: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 20_000,
): Promise<{ ok: boolean; text: string }> {
  const chunks: Uint8Array[] = [];
  const r = await new ChildGroup().run({
    binary,
    args,
    env,
    timeoutMs,
    onStdout: (c) => chunks.push(c.slice()),
  });
  const out = new TextDecoder().decode(concat(chunks));
  if (r.spawnError) return { ok: false, text: r.spawnError };
  return { ok: r.code === 0, text: `${out}\n${r.stderr}`.trim() };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return out;
}
