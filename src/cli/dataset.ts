/**
 * `s3flood dataset create`: generates the config's dataset, or reuses it
 * when it already matches its manifest.
 *
 * @module
 */
import { ExitCode } from "../core/exit_codes.ts";
import type { ProcessIO } from "../core/io.ts";
import { formatBytes } from "../config/units.ts";
import type { Settings } from "../config/settings.ts";
import { ensureDataset } from "../dataset/mod.ts";
import type { Manifest } from "../dataset/manifest.ts";
import { loadConfig } from "./_config.ts";
import { reportError } from "./output.ts";

/** Runs `dataset create`; returns the exit code. */
export async function datasetCreateCommand(
  io: ProcessIO,
  path: string,
  opts: Record<string, unknown>,
): Promise<number> {
  try {
    const { settings } = await loadConfig(io, path, opts);
    const { manifest, created } = await prepareDataset(
      io,
      settings,
      opts.verify === true,
    );
    const verb = created ? "created" : "reused";
    io.stdout.write(
      `${verb} dataset at ${settings.dataset.root}: ${manifest.count} files, ${
        formatBytes(manifest.totalBytes)
      }\n`,
    );
    return ExitCode.OK;
  } catch (err) {
    return reportError(io, err, false);
  }
}

/** Ensures the dataset exists, with progress on stderr. */
export async function prepareDataset(
  io: ProcessIO,
  settings: Settings,
  verify = false,
): Promise<{ manifest: Manifest; created: boolean }> {
  let last = 0;
  const tty = io.stderr.isTerminal;
  const result = await ensureDataset(
    {
      root: settings.dataset.root,
      seed: settings.dataset.seed,
      groups: settings.dataset.groups,
    },
    {
      verify,
      onProgress: (done, total, bytes) => {
        const now = io.clock.now();
        if (now - last < (tty ? 200 : 5000) && done < total) return;
        last = now;
        const line = `dataset: ${done}/${total} files, ${formatBytes(bytes)}`;
        io.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
      },
    },
  );
  if (tty && result.created) io.stderr.write("\n");
  return result;
}
