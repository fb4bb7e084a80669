/**
 * The precedence of settings, written down once:
 *
 *     built-in defaults  <  config file  <  S3FLOOD_* environment  <  flags
 *
 * A value from a later source replaces the earlier one for the same field.
 * `duration` and `ops` are one choice: setting either in a later source
 * clears the other from earlier sources. Likewise `endpoint` clears
 * `endpoints`. Secrets are never taken from flags.
 *
 * @module
 */

/** One overridable field: its config path, env var and flag. */
export interface OverrideField {
  /** Path in the config file. */
  path: string[];
  /** `S3FLOOD_*` environment variable. */
  env: string;
  /** Commander option name (camelCase of the long flag). */
  flag: string;
  /** Long flag as typed. */
  flagName: string;
  kind: "string" | "number" | "boolean";
  /** Config paths this field clears when set. */
  clears?: string[][];
  /** One-line description for help and the README. */
  help: string;
}

/** Every field that env vars and flags may set. */
export const OVERRIDE_FIELDS: readonly OverrideField[] = [
  {
    path: ["endpoint"],
    env: "S3FLOOD_ENDPOINT",
    flag: "endpoint",
    flagName: "--endpoint",
    kind: "string",
    clears: [["endpoints"]],
    help: "S3 endpoint URL, e.g. http://127.0.0.1:9000",
  },
  {
    path: ["region"],
    env: "S3FLOOD_REGION",
    flag: "region",
    flagName: "--region",
    kind: "string",
    help: "region used for signing",
  },
  {
    path: ["bucket"],
    env: "S3FLOOD_BUCKET",
    flag: "bucket",
    flagName: "--bucket",
    kind: "string",
    help: "bucket to load",
  },
  {
    path: ["prefix"],
    env: "S3FLOOD_PREFIX",
    flag: "prefix",
    flagName: "--prefix",
    kind: "string",
    help: "key prefix; each run writes below PREFIX/RUN_ID/",
  },
  {
    path: ["profile"],
    env: "S3FLOOD_PROFILE",
    flag: "profile",
    flagName: "--profile",
    kind: "string",
    help: "load profile: write, read, mixed or one from `profiles:`",
  },
  {
    path: ["client"],
    env: "S3FLOOD_CLIENT",
    flag: "client",
    flagName: "--client",
    kind: "string",
    help: "S3 client: sdk, awscli, s5cmd, rclone",
  },
  {
    path: ["concurrency"],
    env: "S3FLOOD_CONCURRENCY",
    flag: "concurrency",
    flagName: "--concurrency",
    kind: "number",
    help: "number of workers (closed model)",
  },
  {
    path: ["duration"],
    env: "S3FLOOD_DURATION",
    flag: "duration",
    flagName: "--duration",
    kind: "string",
    clears: [["ops"]],
    help: "stop after this long, e.g. 30s, 5m",
  },
  {
    path: ["ops"],
    env: "S3FLOOD_OPS",
    flag: "ops",
    flagName: "--ops",
    kind: "number",
    clears: [["duration"]],
    help: "stop after this many operations",
  },
  {
    path: ["read_from"],
    env: "S3FLOOD_READ_FROM",
    flag: "readFrom",
    flagName: "--read-from",
    kind: "string",
    help: "earlier run directory whose written keys the read profile uses",
  },
  {
    path: ["output", "dir"],
    env: "S3FLOOD_OUT",
    flag: "out",
    flagName: "--out",
    kind: "string",
    help: "directory for run reports (default ./results)",
  },
  {
    path: ["cleanup"],
    env: "S3FLOOD_CLEANUP",
    flag: "cleanup",
    flagName: "--cleanup",
    kind: "boolean",
    help: "delete the run's own objects at the end",
  },
  {
    path: ["metrics_format"],
    env: "S3FLOOD_METRICS_FORMAT",
    flag: "metricsFormat",
    flagName: "--metrics-format",
    kind: "string",
    help: "prometheus: write metrics.prom at the end (default none)",
  },
  {
    path: ["metrics_listen"],
    env: "S3FLOOD_METRICS_LISTEN",
    flag: "metricsListen",
    flagName: "--metrics-listen",
    kind: "string",
    help: "serve live metrics at HOST:PORT/metrics (e.g. 127.0.0.1:9464)",
  },
  {
    path: ["pushgateway"],
    env: "S3FLOOD_PUSHGATEWAY",
    flag: "pushgateway",
    flagName: "--pushgateway",
    kind: "string",
    help: "push metrics to this Pushgateway URL during and after the run",
  },
];

/** A value applied over the file, with where it came from. */
export interface Override {
  path: string[];
  value: unknown;
  /** `env:S3FLOOD_X` or `flag:--x`. */
  source: string;
  clears: string[][];
}

function coerce(kind: OverrideField["kind"], text: string): unknown {
  if (kind === "number") {
    const n = Number(text);
    return text.trim() !== "" && Number.isFinite(n) ? n : text;
  }
  if (kind === "boolean") {
    if (/^(1|true|yes|on)$/i.test(text)) return true;
    if (/^(0|false|no|off)$/i.test(text)) return false;
    return text;
  }
  return text;
}

/** Overrides from `S3FLOOD_*` environment variables, in table order. */
export function envOverrides(
  env: Readonly<Record<string, string | undefined>>,
): Override[] {
  const out: Override[] = [];
  for (const f of OVERRIDE_FIELDS) {
    const v = env[f.env];
    if (v === undefined || v === "") continue;
    out.push({
      path: f.path,
      value: coerce(f.kind, v),
      source: `env:${f.env}`,
      clears: f.clears ?? [],
    });
  }
  return out;
}

/** Overrides from parsed command-line options (commander's camelCase). */
export function flagOverrides(opts: Record<string, unknown>): Override[] {
  const out: Override[] = [];
  for (const f of OVERRIDE_FIELDS) {
    const v = opts[f.flag];
    if (v === undefined) continue;
    out.push({
      path: f.path,
      value: typeof v === "string" ? coerce(f.kind, v) : v,
      source: `flag:${f.flagName}`,
      clears: f.clears ?? [],
    });
  }
  return out;
}

/** Applies overrides in order to a plain config object (mutates it). */
export function applyOverrides(
  raw: Record<string, unknown>,
  overrides: Override[],
): void {
  for (const o of overrides) {
    for (const c of o.clears) deletePath(raw, c);
    setPath(raw, o.path, o.value);
  }
}

function setPath(obj: Record<string, unknown>, path: string[], v: unknown) {
  let cur = obj;
  for (const p of path.slice(0, -1)) {
    const next = cur[p];
    if (typeof next !== "object" || next === null || Array.isArray(next)) {
      cur[p] = {};
    }
    cur = cur[p] as Record<string, unknown>;
  }
  cur[path[path.length - 1]] = v;
}

function deletePath(obj: Record<string, unknown>, path: string[]) {
  let cur: unknown = obj;
  for (const p of path.slice(0, -1)) {
    if (typeof cur !== "object" || cur === null) return;
    cur = (cur as Record<string, unknown>)[p];
  }
  if (typeof cur === "object" && cur !== null) {
    delete (cur as Record<string, unknown>)[path[path.length - 1]];
  }
}
