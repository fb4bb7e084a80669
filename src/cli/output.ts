/**
 * The one colour and TTY policy, and how errors reach the user: the message
 * first, then the remedy on its own line. No colour when NO_COLOR is set,
 * `--no-color` is given, or the stream is not a terminal.
 *
 * @module
 */
import { Ansis } from "ansis";
import { S3floodError } from "../core/errors.ts";
import { ExitCode } from "../core/exit_codes.ts";
import type { ProcessIO, TextSink } from "../core/io.ts";

/** Colour functions; they return text unchanged when colour is off. */
export type Colors = Ansis;

/** Whether to colour `sink`. */
export function useColor(
  sink: TextSink,
  env: ProcessIO["env"],
  noColorFlag = false,
): boolean {
  if (noColorFlag || env.NO_COLOR !== undefined) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  return sink.isTerminal;
}

/** Colours for a sink under the policy above. */
export function colorsFor(
  sink: TextSink,
  env: ProcessIO["env"],
  noColorFlag = false,
): Colors {
  return new Ansis(useColor(sink, env, noColorFlag) ? 1 : 0);
}

/** Writes a notice line to stderr. */
export function notice(io: ProcessIO, text: string, c?: Colors): void {
  io.stderr.write(`${c ? c.yellow("notice:") : "notice:"} ${text}\n`);
}

/**
 * Reports an error: its message, then "what to do" on its own line, and
 * returns the exit code. With `json`, the error goes to stdout as JSON.
 */
export function reportError(
  io: ProcessIO,
  err: unknown,
  json: boolean,
): number {
  const known = err instanceof S3floodError;
  const code = known ? err.exitCode : ExitCode.FAILURE;
  const message = err instanceof Error ? err.message : String(err);
  const hint = known ? err.hint : "";
  if (json) {
    io.stdout.write(
      JSON.stringify({
        error: {
          message,
          hint,
          exitCode: code,
          kind: known ? err.name : "Error",
        },
      }) + "\n",
    );
  }
  const c = colorsFor(io.stderr, io.env);
  io.stderr.write(`${c.red("error:")} ${message}\n`);
  if (hint) io.stderr.write(`${c.cyan("what to do:")} ${hint}\n`);
  if (!known && err instanceof Error && err.stack && io.env.S3FLOOD_DEBUG) {
    io.stderr.write(`${err.stack}\n`);
  }
  return code;
}
