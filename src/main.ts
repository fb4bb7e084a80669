/**
 * s3flood's entry point: builds the process surface (streams, env, clock,
 * signals, exit) from Deno and hands it to the CLI. The only file that
 * touches `Deno.exit`, `Deno.stdout` and signal listeners directly.
 *
 * @module
 */
import { main } from "./cli/mod.ts";
import { type ProcessIO, systemClock, type TextSink } from "./core/io.ts";

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
  cwd: Deno.cwd(),
  argv: Deno.args,
  exit: (code) => Deno.exit(code),
};

if (import.meta.main) {
  Deno.exit(await main(io, [...Deno.args]));
}
