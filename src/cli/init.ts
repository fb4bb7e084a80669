/**
 * `s3flood init [PATH]`: writes the commented sample config.
 *
 * @module
 */
import { isAbsolute, join } from "node:path";
import { UsageError } from "../core/errors.ts";
import { ExitCode } from "../core/exit_codes.ts";
import type { ProcessIO } from "../core/io.ts";
import { SAMPLE_CONFIG } from "../config/sample.ts";
import { reportError } from "./output.ts";

/** Runs `init`; returns the exit code. */
export async function initCommand(
  io: ProcessIO,
  path: string,
  force: boolean,
): Promise<number> {
  const full = isAbsolute(path) ? path : join(io.cwd, path);
  try {
    await Deno.writeTextFile(full, SAMPLE_CONFIG, { createNew: !force });
  } catch (err) {
    if (err instanceof Deno.errors.AlreadyExists) {
      return reportError(
        io,
        new UsageError(
          `'${path}' already exists`,
          "pick another path, or pass --force to overwrite it",
        ),
        false,
      );
    }
    return reportError(io, err, false);
  }
  io.stdout.write(
    `wrote ${path}\nnext: edit endpoint and bucket, then: s3flood config validate ${path} && s3flood run ${path}\n`,
  );
  return ExitCode.OK;
}
