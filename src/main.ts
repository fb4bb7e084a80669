/**
 * s3flood's entry point: builds the process surface (streams, env, clock,
 * signals, exit) from Deno and hands it to the CLI. The only file that
 * touches `Deno.exit`, `Deno.stdout` and signal listeners directly.
 *
 * @module
 */
import process from "node:process";
import { main } from "./cli/mod.ts";
import {
  type ProcessIO,
  systemClock,
  type TerminalInput,
  type TextSink,
} from "./core/io.ts";

const encoder = new TextEncoder();

function sink(stream: typeof Deno.stdout | typeof Deno.stderr): TextSink {
  return {
    write: (text) => {
      const data = encoder.encode(text);
      let off = 0;
      while (off < data.length) off += stream.writeSync(data.subarray(off));
    },
    isTerminal: stream.isTerminal(),
    columns: () => {
      try {
        return Deno.consoleSize().columns;
      } catch {
        return undefined;
      }
    },
    rows: () => {
      try {
        return Deno.consoleSize().rows;
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * The keyboard. Raw mode goes through Deno (cbreak keeps Ctrl-C a signal);
 * keys are read through node's stdin stream, which pauses cleanly, where a
 * pending `Deno.stdin.read` cannot be cancelled and would eat the first
 * key of the next prompt.
 */
function terminalInput(): TerminalInput {
  let raw = false;
  const setRaw = (on: boolean) => {
    if (on === raw) return;
    // cbreak keeps Ctrl-C a signal; Windows has no cbreak, and there the
    // dashboard reads Ctrl-C as a key that acts the same.
    const cbreak = Deno.build.os !== "windows";
    Deno.stdin.setRaw(on, cbreak ? { cbreak } : undefined);
    raw = on;
  };
  addEventListener("unload", () => {
    if (!raw) return;
    // Left in raw mode means a dashboard was up: give the terminal back.
    Deno.stderr.writeSync(encoder.encode("\x1b[0m\x1b[?25h\x1b[?1049l"));
    setRaw(false);
  });
  return {
    isTerminal: true,
    setRaw,
    onData: (listener) => {
      process.stdin.on("data", listener);
      process.stdin.resume();
      return () => {
        process.stdin.off("data", listener);
        process.stdin.pause();
      };
    },
    streams: () => ({ input: process.stdin, output: process.stdout }),
  };
}

function onSignal(
  signal: "SIGINT" | "SIGTERM",
  handler: () => void,
): () => void {
  if (Deno.build.os === "windows" && signal === "SIGTERM") return () => {};
  Deno.addSignalListener(signal, handler);
  return () => Deno.removeSignalListener(signal, handler);
}

const io: ProcessIO = {
  stdout: sink(Deno.stdout),
  stderr: sink(Deno.stderr),
  env: Deno.env.toObject(),
  clock: systemClock,
  onSignal,
  stdin: Deno.stdin.isTerminal() ? terminalInput() : undefined,
  cwd: Deno.cwd(),
  argv: Deno.args,
  exit: (code) => Deno.exit(code),
};

if (import.meta.main) {
  Deno.exit(await main(io, [...Deno.args]));
}
