/**
 * `s3flood dataset show CONFIG|DIR`: the manifest summary and a text
 * histogram of sizes. Given a dataset directory (or its manifest.json), it
 * reads the manifest there; given a config, it describes the dataset the
 * config asks for, in memory, without touching the disk.
 *
 * @module
 */
import { basename, dirname, isAbsolute, join } from "node:path";
import { ExitCode } from "../core/exit_codes.ts";
import type { ProcessIO } from "../core/io.ts";
import { formatBytes } from "../config/units.ts";
import {
  DatasetView,
  describeDataset,
  type HistogramBin,
  type Manifest,
  MANIFEST_FILE,
  type ManifestGroup,
  readManifest,
  sizeHistogram,
  type SizeSummary,
  summariseSizes,
} from "../dataset/mod.ts";
import { loadConfig } from "./_config.ts";
import { datasetSpec } from "./dataset.ts";
import { reportError } from "./output.ts";

/** Width of the longest histogram bar, in characters. */
const BAR_WIDTH = 32;

/** Runs `dataset show`; returns the exit code. */
export async function datasetShowCommand(
  io: ProcessIO,
  target: string,
  opts: Record<string, unknown>,
): Promise<number> {
  const json = opts.json === true;
  try {
    const { manifest, from } = await loadTarget(io, target, opts);
    const sizes = manifestSizes(manifest);
    const summary = manifest.summary ?? summariseSizes(sizes);
    const bins = sizeHistogram(sizes);
    if (json) {
      const { entries: _, ...head } = manifest;
      const out = { from, ...head, summary, histogram: bins };
      io.stdout.write(JSON.stringify(out, null, 2) + "\n");
    } else {
      io.stdout.write(renderShow(manifest, summary, bins, from));
    }
    return ExitCode.OK;
  } catch (err) {
    return reportError(io, err, json);
  }
}

/** Reads the manifest of a directory, or describes a config's dataset. */
async function loadTarget(
  io: ProcessIO,
  target: string,
  opts: Record<string, unknown>,
): Promise<{ manifest: Manifest; from: string }> {
  const full = isAbsolute(target) ? target : join(io.cwd, target);
  const info = await Deno.stat(full).catch(() => undefined);
  if (info?.isDirectory) {
    return { manifest: await readManifest(full), from: full };
  }
  if (info?.isFile && basename(full) === MANIFEST_FILE) {
    return { manifest: await readManifest(dirname(full)), from: dirname(full) };
  }
  const { settings } = await loadConfig(io, target, opts);
  const manifest = describeDataset(datasetSpec(settings));
  return { manifest, from: `${target} (described from the config)` };
}

/**
 * Every size of a manifest: its entries', or, when it lists none (a
 * synthetic dataset), drawn again from its groups and seed.
 */
export function manifestSizes(m: Manifest): Float64Array {
  if (m.entries.length > 0) return Float64Array.from(m.entries, (e) => e.size);
  return DatasetView.fromSpec({ seed: m.seed, groups: m.groups }).sizes();
}

/** The text of `dataset show`. */
export function renderShow(
  m: Manifest,
  s: SizeSummary,
  bins: HistogramBin[],
  from: string,
): string {
  const source = m.source ?? "files";
  const lines = [
    `dataset     ${from}`,
    `  made by   ${m.generator}, seed ${m.seed}, source ${source}, ` +
    `compressibility ${m.compressibility ?? 0}`,
    `  objects   ${s.count}, ${formatBytes(s.totalBytes)}`,
    `  sizes     min ${fmt(s.minSize)}  p50 ${fmt(s.p50)}  ` +
    `p90 ${fmt(s.p90)}  p99 ${fmt(s.p99)}  max ${fmt(s.maxSize)}`,
    "  groups",
    ...m.groups.map(groupLine),
    "  histogram (objects by size; bytes share on the right)",
    ...histogramLines(bins, s.totalBytes),
  ];
  return lines.join("\n") + "\n";
}

function groupLine(g: ManifestGroup): string {
  return `    ${g.name.padEnd(12)} ${String(g.count).padStart(9)}  ` +
    `${describeDistribution(g)}`;
}

/** A group's distribution and its parameters, in config terms. */
export function describeDistribution(g: ManifestGroup): string {
  const range = `${fmt(g.minSize)} .. ${fmt(g.maxSize)}`;
  const p = g.params ?? {};
  switch (g.distribution) {
    case "fixed":
      return `fixed ${fmt(g.minSize)}`;
    case "pareto":
      return `pareto alpha ${p.alpha} over ${range}`;
    case "lognormal":
      return `lognormal mu ${p.mu} sigma ${p.sigma} within ${range}`;
    case "zipf":
      return p.values
        ? `zipf s ${p.s} over ${p.values.map(fmt).join(", ")}`
        : `zipf s ${p.s} over ${range} in steps of ${fmt(p.step ?? 1)}`;
    case "buckets":
      return `buckets ${
        (p.buckets ?? []).map((b) => `${fmt(b.size)}:${b.weight}`).join(",")
      }`;
    default:
      return `uniform ${range}`;
  }
}

function histogramLines(bins: HistogramBin[], total: number): string[] {
  const most = Math.max(1, ...bins.map((b) => b.count));
  const label = (b: HistogramBin) =>
    `[${fmt(b.lower).padStart(10)}, ${fmt(b.upper).padStart(10)})`;
  return bins.map((b) => {
    const bar = "#".repeat(Math.ceil(b.count / most * BAR_WIDTH));
    const share = total > 0 ? (b.bytes / total * 100).toFixed(1) : "0.0";
    return `    ${label(b)} ${bar.padEnd(BAR_WIDTH)} ` +
      `${String(b.count).padStart(9)}  ${share.padStart(5)}%`;
  });
}

/** Bytes in the largest binary unit that keeps the number >= 1. */
function fmt(bytes: number): string {
  return formatBytes(bytes).replace(/\.00 /, " ");
}
