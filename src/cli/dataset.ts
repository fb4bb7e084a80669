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
import { type DatasetSpec, ensureDataset } from "../dataset/mod.ts";
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
    const what = settings.dataset.source === "synthetic"
      ? "synthetic dataset (manifest only; bytes are generated on upload)"
      : "dataset";
    io.stdout.write(
      `${verb} ${what} at ${settings.dataset.root}: ${manifest.count} ` +
        `objects, ${formatBytes(manifest.totalBytes)}\n`,
    );
    return ExitCode.OK;
  } catch (err) {
    return reportError(io, err, false);
  }
}

/** The dataset spec of resolved settings. */
export function datasetSpec(s: Settings): DatasetSpec {
  const d = s.dataset;
  return {
    root: d.root,
    seed: d.seed,
    groups: d.groups,
    source: d.source ?? "files",
    compressibility: d.compressibility ?? 0,
  };
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
    datasetSpec(settings),
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
