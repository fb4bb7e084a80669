/**
 * Finding a client's binary: the tools dir that `scripts/setup.sh` fills
 * (`$S3FLOOD_TOOLS/bin`, else `~/.cache/s3flood/tools/bin`) comes first,
 * then fixed paths a client names, then PATH. Each candidate is asked for
 * its version, once per process.
 *
 * @module
 */
import { join } from "node:path";
import { ClientNotFoundError } from "../core/errors.ts";
import { baseEnv, commandText } from "./_child.ts";

/** The variables that steer the search. */
export type LocateEnv = Readonly<Record<string, string | undefined>>;

/** A client binary that was found and runs. */
export interface Located {
  path: string;
  /** Its version line, e.g. `aws-cli/2.9.19`. */
  version: string;
}

/** What to install when a client is missing. */
export const INSTALL_HINT =
  "run: bash scripts/setup.sh (installs aws, s5cmd and rclone into the " +
  "tools dir; then put its bin/ first on PATH, or set S3FLOOD_TOOLS)";

/** The tools dirs, in search order. */
export function toolDirs(env: LocateEnv): string[] {
  const dirs: string[] = [];
  if (env.S3FLOOD_TOOLS) dirs.push(join(env.S3FLOOD_TOOLS, "bin"));
  if (env.HOME) dirs.push(join(env.HOME, ".cache", "s3flood", "tools", "bin"));
  return dirs;
}

/** Every executable called `name` in the search order, without repeats. */
export async function candidates(
  name: string,
  env: LocateEnv,
  fixed: string[] = [],
): Promise<string[]> {
  const pathDirs = (env.PATH ?? "").split(":").filter((d) => d !== "");
  const all = [
    ...toolDirs(env).map((d) => join(d, name)),
    ...fixed,
    ...pathDirs.map((d) => join(d, name)),
  ];
  const found: string[] = [];
  for (const path of new Set(all)) {
    if (await isExecutable(path)) found.push(path);
  }
  return found;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    const info = await Deno.stat(path);
    return info.isFile && ((info.mode ?? 0o111) & 0o111) !== 0;
  } catch {
    return false;
  }
}

const versions = new Map<string, Promise<{ ok: boolean; text: string }>>();

/** `binary args` output, asked once per process with a clean env. */
export function versionText(
  binary: string,
  args: string[],
  env: LocateEnv,
): Promise<{ ok: boolean; text: string }> {
  const id = `${binary}\0${args.join(" ")}`;
  let v = versions.get(id);
  if (!v) {
    const home = Deno.makeTempDirSync({ prefix: "s3flood-version-" });
    v = commandText(binary, args, baseEnv(home, env.PATH)).finally(() =>
      Deno.remove(home, { recursive: true }).catch(() => {})
    );
    versions.set(id, v);
  }
  return v;
}

/** The error for a client that is not installed. */
export function notFound(client: string, binary: string): ClientNotFoundError {
  return new ClientNotFoundError(
    client,
    `client ${client}: no '${binary}' found in the tools dir or on PATH`,
    INSTALL_HINT,
  );
}
