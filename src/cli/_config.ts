/**
 * Loads a config for a command: reads the file, takes `S3FLOOD_*` env and
 * flags as overrides, validates, and prints the warnings.
 *
 * @module
 */
import { isAbsolute, join } from "node:path";
import { UsageError } from "../core/errors.ts";
import type { ProcessIO } from "../core/io.ts";
import { loadSettings } from "../config/load.ts";
import { envOverrides, flagOverrides } from "../config/overrides.ts";
import type { LoadedSettings } from "../config/settings.ts";
import { colorsFor, notice } from "./output.ts";

/** Reads and resolves `path`; throws ConfigError / UsageError. */
export async function loadConfig(
  io: ProcessIO,
  path: string,
  opts: Record<string, unknown>,
): Promise<LoadedSettings> {
  if (opts.duration !== undefined && opts.ops !== undefined) {
    throw new UsageError(
      "--duration and --ops were both given; a run stops on one of them",
      "pass only one of --duration or --ops",
    );
  }
  const text = await readConfigText(io, path);
  const loaded = loadSettings({
    path,
    text,
    overrides: [...envOverrides(io.env), ...flagOverrides(opts)],
    env: io.env,
    cwd: io.cwd,
    json: opts.json === true,
  });
  const c = colorsFor(io.stderr, io.env, opts.color === false);
  for (const w of loaded.warnings) notice(io, w, c);
  return loaded;
}

async function readConfigText(io: ProcessIO, path: string): Promise<string> {
  const full = isAbsolute(path) ? path : join(io.cwd, path);
  try {
    return await Deno.readTextFile(full);
  } catch (err) {
    const why = err instanceof Deno.errors.NotFound
      ? "no such file"
      : err instanceof Deno.errors.PermissionDenied
      ? "permission denied"
      : err instanceof Deno.errors.IsADirectory
      ? "it is a directory"
      : (err as Error).message;
    throw new UsageError(
      `cannot read config file '${path}': ${why}`,
      "check the path, or create a config with: s3flood init " + path,
    );
  }
}
