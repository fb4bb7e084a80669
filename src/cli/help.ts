/**
 * Help text shared by commands and the README: the precedence of settings
 * and the exit-code table.
 *
 * @module
 */
import { OVERRIDE_FIELDS } from "../config/overrides.ts";

/** How settings combine, for help output. */
export const PRECEDENCE_HELP = `Settings precedence (later wins):
  built-in defaults < config file < S3FLOOD_* environment < command-line flags
Environment variables:
${wrap(OVERRIDE_FIELDS.map((f) => f.env).join(", "), 76, "  ")}`;

function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines.join("\n");
}

/** The exit-code table, for help output. */
export const EXIT_CODE_HELP = `Exit codes:
  0    ok
  1    unexpected failure
  2    bad command line or config (nothing sent, nothing written)
  3    preflight failed: endpoint, bucket, credentials or clock (no load sent)
  4    a client binary is missing
  5    the run's error rate exceeded max_error_rate
  6    a threshold failed
  7    the dataset on disk does not match its manifest
  130  interrupted (Ctrl-C); the report is written and marked interrupted`;
