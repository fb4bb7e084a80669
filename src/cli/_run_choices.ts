/**
 * What interactive mode chose for a run, and its two ways to be repeated
 * without prompts: the equivalent command line, and a config file with the
 * choices written in (comments and the rest of the file kept).
 *
 * @module
 */
import { parseDocument } from "yaml";
import { flagOverrides } from "../config/overrides.ts";

/** When a run stops: the config's own rule, a duration or an op count. */
export type StopChoice =
  | { kind: "config" }
  | { kind: "duration"; value: string }
  | { kind: "ops"; value: number };

/** The settings picked in interactive mode; each one is a flag. */
export interface RunChoices {
  /** The config file, as the user would type it. */
  config: string;
  profile: string;
  client: string;
  concurrency: number;
  stop: StopChoice;
  /** Endpoint URL; empty keeps the config's (or AWS). */
  endpoint: string;
}

/** The choices as the `run` command's options. */
export function choiceFlags(c: RunChoices): Record<string, unknown> {
  const flags: Record<string, unknown> = {
    profile: c.profile,
    client: c.client,
    concurrency: c.concurrency,
  };
  if (c.stop.kind === "duration") flags.duration = c.stop.value;
  if (c.stop.kind === "ops") flags.ops = c.stop.value;
  if (c.endpoint !== "") flags.endpoint = c.endpoint;
  return flags;
}

/** The command line that runs the same without prompts. */
export function commandLine(c: RunChoices): string {
  const args = ["s3flood", "run", c.config];
  const flags = choiceFlags(c);
  const names: Record<string, string> = {
    profile: "--profile",
    client: "--client",
    concurrency: "--concurrency",
    duration: "--duration",
    ops: "--ops",
    endpoint: "--endpoint",
  };
  for (const [k, v] of Object.entries(flags)) args.push(names[k], String(v));
  return args.map(shellQuote).join(" ");
}

/** `text` (a config) with the choices written in, to be saved as `name`. */
export function configWithChoices(
  text: string,
  c: RunChoices,
  name: string,
): string {
  const doc = parseDocument(text);
  for (const o of flagOverrides(choiceFlags(c))) {
    for (const path of o.clears) doc.deleteIn(path);
    doc.setIn(o.path, o.value);
  }
  const head = `# Saved by s3flood interactive from ${c.config}; run with:\n` +
    `#   s3flood run ${shellQuote(name)}\n`;
  return head + doc.toString();
}

/** Quotes `arg` for a POSIX shell when it needs it. */
export function shellQuote(arg: string): string {
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}
