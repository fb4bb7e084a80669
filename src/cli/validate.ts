/**
 * `s3flood config validate`: checks a config and prints what it resolves
 * to. Sends nothing and writes nothing.
 *
 * @module
 */
import { ExitCode } from "../core/exit_codes.ts";
import type { ProcessIO } from "../core/io.ts";
import { formatBytes, formatDuration } from "../config/units.ts";
import type { Settings } from "../config/settings.ts";
import { loadConfig } from "./_config.ts";
import { colorsFor, reportError } from "./output.ts";

/** Runs `config validate`; returns the exit code. */
export async function validateCommand(
  io: ProcessIO,
  path: string,
  opts: Record<string, unknown>,
): Promise<number> {
  const json = opts.json === true;
  try {
    const { settings, warnings, maskedConfig } = await loadConfig(
      io,
      path,
      opts,
    );
    if (json) {
      io.stdout.write(
        JSON.stringify(
          {
            valid: true,
            warnings,
            config: maskedConfig,
            settings: publicSettings(settings),
          },
          null,
          2,
        ) + "\n",
      );
    } else {
      const c = colorsFor(io.stdout, io.env, opts.color === false);
      io.stdout.write(
        `${c.green("ok:")} ${path} is valid\n${describeSettings(settings)}`,
      );
    }
    return ExitCode.OK;
  } catch (err) {
    return reportError(io, err, json);
  }
}

/** Settings without secrets, for printing. */
export function publicSettings(s: Settings): Record<string, unknown> {
  const c = s.credentials;
  const credentials = c.kind === "profile"
    ? { source: "profile", profile: c.profile }
    : { source: c.kind };
  return { ...s, credentials };
}

/** A short human description of resolved settings. */
export function describeSettings(s: Settings): string {
  const total = s.dataset.groups.reduce((n, g) => n + g.count, 0);
  const stop = s.ops !== undefined
    ? `${s.ops} ops`
    : s.durationMs !== undefined
    ? formatDuration(s.durationMs)
    : "one pass over the dataset";
  const lines = [
    `  endpoint    ${s.endpoints.join(", ") || `AWS (${s.region})`}`,
    `  bucket      ${s.bucket}  prefix '${s.prefix}'  region ${s.region}  addressing ${s.addressing}`,
    `  client      ${s.client}  checksum ${s.checksum}  tls_verify ${s.tlsVerify}`,
    `  profile     ${s.profile.name} (read ${s.profile.mix.read} : write ${s.profile.mix.write})  concurrency ${s.concurrency}  stop after ${stop}`,
    `  dataset     ${total} files in ${s.dataset.groups.length} groups at ${s.dataset.root} (seed ${s.dataset.seed})`,
    ...s.dataset.groups.map((g) =>
      `    ${g.name.padEnd(10)} ${String(g.count).padStart(6)} x ${
        formatBytes(g.minSize)
      } .. ${formatBytes(g.maxSize)}`
    ),
    `  output      ${s.output.dir}`,
  ];
  return lines.join("\n") + "\n";
}
