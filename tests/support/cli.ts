/**
 * Runs s3flood's CLI in-process with a captured process surface: output
 * sinks, an explicit environment, the real clock, signals fired by the
 * test, and an exit that is recorded instead of ending the test process.
 *
 * @module
 */
import { main } from "../../src/cli/mod.ts";
import {
  CaptureSink,
  type ProcessIO,
  systemClock,
  type TerminalInput,
} from "../../src/core/io.ts";

/** A CLI invocation's captured outcome. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Codes passed to `exit()` (second Ctrl-C), in order. */
  exits: number[];
  /** Raw-mode switches of the fake keyboard, in order. */
  rawModes: boolean[];
}

/** Options for {@link runCli}. */
export interface CliOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** Called once the CLI started, with a function that fires a signal. */
  signals?: (fire: (sig: "SIGINT" | "SIGTERM") => void) => void;
  terminal?: boolean;
  /**
   * Gives the CLI a keyboard (stdin as a terminal); called once it started,
   * with a function that presses keys.
   */
  keys?: (press: (keys: string) => void) => void;
}

/** A keyboard the test presses; it records raw-mode switches. */
function fakeKeys(rawModes: boolean[]) {
  const listeners = new Set<(b: Uint8Array) => void>();
  const input: TerminalInput = {
    isTerminal: true,
    setRaw: (on) => rawModes.push(on),
    onData: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    streams: () => {
      throw new Error("the fake keyboard has no prompt streams");
    },
  };
  const press = (keys: string) => {
    const bytes = new TextEncoder().encode(keys);
    for (const l of [...listeners]) l(bytes);
  };
  return { input, press };
}

/** Runs `s3flood ARGV` in-process; never touches the real process env. */
export async function runCli(
  argv: string[],
  opts: CliOptions = {},
): Promise<CliResult> {
  const stdout = new CaptureSink(opts.terminal ?? false);
  const stderr = new CaptureSink(opts.terminal ?? false);
  const handlers = new Set<{ sig: string; fn: () => void }>();
  const exits: number[] = [];
  const rawModes: boolean[] = [];
  const keys = opts.keys ? fakeKeys(rawModes) : undefined;
  const io: ProcessIO = {
    stdout,
    stderr,
    env: { NO_COLOR: "1", ...(opts.env ?? {}) },
    clock: systemClock,
    onSignal: (sig, fn) => {
      const h = { sig, fn };
      handlers.add(h);
      return () => handlers.delete(h);
    },
    stdin: keys?.input,
    cwd: opts.cwd ?? Deno.cwd(),
    argv,
    exit: (code) => {
      exits.push(code);
      return undefined as never;
    },
  };
  opts.signals?.((sig) => {
    for (const h of [...handlers]) if (h.sig === sig) h.fn();
  });
  if (keys) opts.keys?.(keys.press);
  const code = await main(io, argv);
  return {
    code,
    stdout: stdout.text(),
    stderr: stderr.text(),
    exits,
    rawModes,
  };
}
