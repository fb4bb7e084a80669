/**
 * A real terminal for tests: a command in a tmux pane on a private tmux
 * server (its own socket, so the user's sessions are never touched), with
 * keys sent and the screen captured as text. Every wait is bounded.
 *
 * After the command ends the pane prints `EXIT=<code>` and `TTY=same` or
 * `TTY=changed` (the terminal modes from `stty -g`, compared with those
 * before the command), then stays open for inspection.
 *
 * @module
 */

const MAIN = new URL("../../src/main.ts", import.meta.url).pathname;

/** `s3flood ARGS` as a real process: `deno run src/main.ts ARGS`. */
export function s3floodArgv(args: string[]): string[] {
  return [Deno.execPath(), "run", "--quiet", "--allow-all", MAIN, ...args];
}

/** True when tmux is on PATH. */
export function hasTmux(): boolean {
  try {
    const out = new Deno.Command("tmux", { args: ["-V"], stdout: "null" })
      .outputSync();
    return out.success;
  } catch {
    return false;
  }
}

/** How to start a pane. */
export interface PaneOptions {
  cwd: string;
  env?: Record<string, string>;
  width?: number;
  height?: number;
}

/** Quotes `s` for the shell. */
function q(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/** A command running in a tmux pane. */
export class TmuxPane implements AsyncDisposable {
  readonly #socket: string;

  private constructor(socket: string) {
    this.#socket = socket;
  }

  /** Starts `argv` in a new pane of a new private tmux server. */
  static async start(argv: string[], o: PaneOptions): Promise<TmuxPane> {
    const socket = `s3flood-test-${crypto.randomUUID().slice(0, 8)}`;
    const env = Object.entries(o.env ?? {}).map(([k, v]) => `${k}=${q(v)}`);
    const script = `cd ${q(o.cwd)} && before=$(stty -g) && ` +
      `env ${env.join(" ")} ${argv.map(q).join(" ")}; echo EXIT=$?; ` +
      `[ "$(stty -g)" = "$before" ] && echo TTY=same || echo TTY=changed; ` +
      `sleep 600`;
    const pane = new TmuxPane(socket);
    await pane.#tmux([
      "new-session",
      "-d",
      "-s",
      "t",
      "-x",
      String(o.width ?? 120),
      "-y",
      String(o.height ?? 40),
      "bash",
      "--norc",
      "--noprofile",
      "-c",
      script,
    ]);
    return pane;
  }

  async #tmux(args: string[]): Promise<string> {
    const out = await new Deno.Command("tmux", {
      args: ["-L", this.#socket, "-f", "/dev/null", ...args],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) {
      const err = new TextDecoder().decode(out.stderr);
      throw new Error(`tmux ${args[0]}: ${err.trim()}`);
    }
    return new TextDecoder().decode(out.stdout);
  }

  /** The visible screen as text. */
  capture(): Promise<string> {
    return this.#tmux(["capture-pane", "-p", "-t", "t"]);
  }

  /** Sends keys in tmux's names (`Enter`, `Up`, `BSpace`, `q`). */
  async keys(...keys: string[]): Promise<void> {
    await this.#tmux(["send-keys", "-t", "t", ...keys]);
  }

  /** Sends `text` literally. */
  async type(text: string): Promise<void> {
    await this.#tmux(["send-keys", "-t", "t", "-l", text]);
  }

  /** A tmux format of the pane, e.g. `#{alternate_on}`. */
  async display(format: string): Promise<string> {
    return (await this.#tmux(["display", "-p", "-t", "t", format])).trim();
  }

  /**
   * Waits until the screen matches `pattern`; returns the match. Fails
   * with the screen after `timeoutMs`.
   */
  async waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<RegExpExecArray> {
    const end = Date.now() + timeoutMs;
    let screen = "";
    while (Date.now() < end) {
      screen = await this.capture();
      const m = pattern.exec(screen);
      if (m) return m;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`timed out waiting for ${pattern}; screen:\n${screen}`);
  }

  /** Kills the private tmux server and everything in it. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.#tmux(["kill-server"]).catch(() => {});
  }
}
