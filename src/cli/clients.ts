/**
 * `s3flood clients`: each S3 client s3flood can drive, whether it was
 * found, where, its version and what to install when it is missing.
 *
 * @module
 */
import { ExitCode } from "../core/exit_codes.ts";
import type { ProcessIO } from "../core/io.ts";
import { type ClientStatus, probeClients } from "../runners/mod.ts";
import { colorsFor, reportError } from "./output.ts";

/** Runs `clients`; exit 0 when every client is usable, else 4. */
export async function clientsCommand(
  io: ProcessIO,
  opts: Record<string, unknown>,
): Promise<number> {
  const json = opts.json === true;
  try {
    const found = await probeClients(io.env);
    const code = found.every((c) => c.found)
      ? ExitCode.OK
      : ExitCode.CLIENT_MISSING;
    if (json) {
      io.stdout.write(JSON.stringify({ clients: found }, null, 2) + "\n");
    } else {io.stdout.write(
        renderClients(
          found,
          colorsFor(io.stdout, io.env, opts.color === false),
        ),
      );}
    return code;
  } catch (err) {
    return reportError(io, err, json);
  }
}

/** The human listing: one line per client, then what to do for the missing. */
export function renderClients(
  found: ClientStatus[],
  c: ReturnType<typeof colorsFor>,
): string {
  const w = Math.max(...found.map((f) => (f.version ?? "").length), 7);
  const lines = found.map((f) => {
    const state = f.found ? c.green("found  ") : c.red("missing");
    const version = (f.version ?? "-").padEnd(w);
    return `${f.name.padEnd(7)} ${state} ${version}  ${f.path ?? "-"}`;
  });
  for (const f of found.filter((f) => !f.found)) {
    lines.push("", `${f.name}: ${f.problem}`, `  what to do: ${f.hint}`);
  }
  return lines.join("\n") + "\n";
}
