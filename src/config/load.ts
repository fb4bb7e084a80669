/**
 * Reads a config file, applies env and flag overrides (see `overrides.ts`
 * for the precedence), validates everything with zod, and reports every
 * problem at once with its file, line and field path.
 *
 * @module
 */
import { isMap, isScalar, LineCounter, parseDocument } from "yaml";
import type { Document } from "yaml";
import type { z } from "zod";
import { ConfigError, type ConfigIssue } from "../core/errors.ts";
import { configSchema } from "./schema.ts";
import { applyOverrides, type Override } from "./overrides.ts";
import { knownKeysAt, suggest } from "./_suggest.ts";
import { resolveSettings } from "./resolve.ts";
import type { LoadedSettings } from "./settings.ts";

/** Inputs to {@link loadSettings}. */
export interface LoadOptions {
  /** Path of the config file as given (for messages). */
  path: string;
  /** The file's text. */
  text: string;
  /** Env then flag overrides, in precedence order. */
  overrides?: Override[];
  /** Environment, for credentials and AWS_* variables. */
  env: Readonly<Record<string, string | undefined>>;
  /** Working directory for relative paths. */
  cwd: string;
  /** `--json` was given. */
  json?: boolean;
}

/**
 * Parses, overrides, validates and resolves a config. Throws a
 * {@link ConfigError} listing every problem found.
 */
export function loadSettings(opts: LoadOptions): LoadedSettings {
  const lines = new LineCounter();
  const doc = parseDocument(opts.text, {
    lineCounter: lines,
    prettyErrors: true,
  });
  if (doc.errors.length > 0) {
    throw new ConfigError(doc.errors.map((e) => {
      const pos = e.linePos?.[0];
      return {
        path: "",
        source: opts.path,
        line: pos?.line,
        col: pos?.col,
        message: `YAML syntax: ${e.message.split("\n")[0]}`,
      };
    }));
  }
  const raw = doc.toJS() ?? {};
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw new ConfigError([{
      path: "",
      source: opts.path,
      line: 1,
      message: "expected a mapping of settings (key: value) at the top level",
    }]);
  }
  const overrides = opts.overrides ?? [];
  applyOverrides(raw, overrides);

  const locate = locator(doc, lines, opts.path, overrides);
  const parsed = configSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const keyAt = (parent: string[], key: string) =>
      keyLocation(doc, lines, parent, key);
    throw new ConfigError(
      sortIssues(zodIssues(parsed.error.issues, locate, keyAt)),
    );
  }
  return resolveSettings(parsed.data, {
    locate,
    env: opts.env,
    cwd: opts.cwd,
    configPath: opts.path,
    json: opts.json ?? false,
    raw,
  });
}

/** Finds where a field path came from: a file line or an override. */
export type Locator = (path: PropertyKey[], message: string) => ConfigIssue;

function locator(
  doc: Document,
  lines: LineCounter,
  file: string,
  overrides: Override[],
): Locator {
  return (path, message) => {
    const p = path.map(String);
    const dotted = p.join(".");
    const ov = [...overrides].reverse().find((o) =>
      o.path.every((seg, i) => seg === p[i])
    );
    if (ov) return { path: dotted, source: ov.source, message };
    for (let n = p.length; n >= 0; n--) {
      const node = doc.getIn(p.slice(0, n), true) as
        | { range?: [number, number, number] }
        | undefined;
      if (node?.range) {
        const pos = lines.linePos(node.range[0]);
        return {
          path: dotted,
          source: file,
          line: pos.line,
          col: pos.col,
          message,
        };
      }
    }
    return { path: dotted, source: file, message };
  };
}

function keyLocation(
  doc: Document,
  lines: LineCounter,
  parent: string[],
  key: string,
): { line: number; col: number } | undefined {
  const node = parent.length === 0 ? doc.contents : doc.getIn(parent, true);
  if (!isMap(node)) return undefined;
  for (const pair of node.items) {
    if (
      isScalar(pair.key) && String(pair.key.value) === key && pair.key.range
    ) {
      return lines.linePos(pair.key.range[0]);
    }
  }
  return undefined;
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${JSON.stringify(value)}`;
}

function zodIssues(
  issues: z.core.$ZodIssue[],
  locate: Locator,
  keyAt: (
    parent: string[],
    key: string,
  ) => { line: number; col: number } | undefined,
): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const known = knownKeysAt(configSchema, issue.path.map(String));
        const near = suggest(key, known);
        const hint = near ? ` (did you mean '${near}'?)` : "";
        const found = locate([...issue.path, key], "");
        const pos = found.line === undefined
          ? undefined
          : keyAt(issue.path.map(String), key);
        out.push({
          ...found,
          ...pos,
          message: `unknown key '${key}'${hint}; allowed here: ${
            known.join(", ")
          }`,
        });
      }
      continue;
    }
    out.push(locate(issue.path, messageFor(issue)));
  }
  return out;
}

function messageFor(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type": {
      const input = (issue as { input?: unknown }).input;
      if (input === undefined) return `required, expected ${issue.expected}`;
      return `expected ${issue.expected}, found ${describe(input)}`;
    }
    case "invalid_value":
      return `found ${
        describe((issue as { input?: unknown }).input)
      }; allowed: ${issue.values.map((v) => String(v)).join(", ")}`;
    case "too_small":
      return `${issue.message} (minimum ${String(issue.minimum)})`;
    case "too_big":
      return `${issue.message} (maximum ${String(issue.maximum)})`;
    default:
      return issue.message;
  }
}

function sortIssues(issues: ConfigIssue[]): ConfigIssue[] {
  return issues.sort((a, b) =>
    (a.line ?? Infinity) - (b.line ?? Infinity) || a.path.localeCompare(b.path)
  );
}
