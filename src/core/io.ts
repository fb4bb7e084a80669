/**
 * The process surface, passed in from `main.ts` so every layer can be tested
 * without spawning a process: output streams, environment, clock, signals.
 *
 * @module
 */
import type { Readable, Writable } from "node:stream";

/** A text sink such as stdout or stderr. */
export interface TextSink {
  /** Writes text as is (no newline added). */
  write(text: string): void;
  /** True when the sink is an interactive terminal. */
  readonly isTerminal: boolean;
  /** Terminal width in columns, when known. */
  columns?(): number | undefined;
  /** Terminal height in rows, when known. */
  rows?(): number | undefined;
}

/**
 * The keyboard and the prompts' streams, when stdin is a terminal. Raw
 * mode keeps Ctrl-C a signal (cbreak), so the interrupt policy stays one.
 */
export interface TerminalInput {
  /** True when stdin is an interactive terminal. */
  readonly isTerminal: boolean;
  /** Switches raw (cbreak) mode: keys arrive one by one, unechoed. */
  setRaw(on: boolean): void;
  /**
   * Delivers the bytes of each key press; returns a function that stops
   * listening and lets stdin go (a pending read never eats later input).
   */
  onData(listener: (bytes: Uint8Array) => void): () => void;
  /** Node-style streams for a prompt library (stdin and stdout). */
  streams(): { input: Readable; output: Writable };
}

/** Monotonic clock in milliseconds plus a wall clock, injectable for tests. */
export interface Clock {
  /** Monotonic milliseconds, fractional. */
  now(): number;
  /** Wall-clock epoch milliseconds matching `now()`. */
  wallMs(monotonic: number): number;
  /** Resolves after `ms`, or rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Signal registration; returns a function that removes the listener. */
export type SignalHook = (
  signal: "SIGINT" | "SIGTERM",
  handler: () => void,
) => () => void;

/** Everything a command may touch of the process. */
export interface ProcessIO {
  stdout: TextSink;
  stderr: TextSink;
  /** Environment variables (a snapshot; never mutated). */
  env: Readonly<Record<string, string | undefined>>;
  clock: Clock;
  onSignal: SignalHook;
  /** The keyboard; absent in tests and when stdin is not a terminal. */
  stdin?: TerminalInput;
  /** Working directory used to resolve relative paths. */
  cwd: string;
  /** The command line as given, for reports (secrets masked later). */
  argv: readonly string[];
  /** Ends the process at once (second Ctrl-C). Tests pass a throwing stub. */
  exit(code: number): never;
}

/** The real monotonic clock. */
export const systemClock: Clock = {
  now: () => performance.now(),
  wallMs: (m) => performance.timeOrigin + m,
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(id);
        reject(signal?.reason);
      };
      const id = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};

/** A sink that collects text, for tests. */
export class CaptureSink implements TextSink {
  #chunks: string[] = [];
  readonly isTerminal: boolean;

  constructor(isTerminal = false) {
    this.isTerminal = isTerminal;
  }

  write(text: string): void {
    this.#chunks.push(text);
  }

  /** Everything written so far. */
  text(): string {
    return this.#chunks.join("");
  }
}
