/**
 * Turns a validated config into {@link Settings}: normalises endpoints and
 * the prefix, fills defaults that depend on other fields (path-style
 * addressing with an endpoint, region, checksum mode), picks credentials,
 * and checks what spans several fields. Every problem is gathered.
 *
 * @module
 */
import { isAbsolute, join } from "node:path";
import { ConfigError, type ConfigIssue } from "../core/errors.ts";
import type { ConfigFile } from "./schema.ts";
import type { Locator } from "./load.ts";
import { suggest } from "./_suggest.ts";
import { resolveClients } from "./clients.ts";
import { resolveGroups } from "./dataset_sizes.ts";
import { resolveObservability } from "./observability.ts";
import type {
  CredentialSource,
  GroupSpec,
  LoadedSettings,
  Mix,
  Settings,
} from "./settings.ts";

/** S3's limits on multipart uploads. */
export const S3_LIMITS = {
  minPartSize: 5 * 1024 ** 2,
  maxPartSize: 5 * 1024 ** 3,
  maxParts: 10_000,
  maxSinglePut: 5 * 1024 ** 3,
  maxObjectSize: 5 * 1024 ** 4,
  maxKeyBytes: 1024,
} as const;

/** The built-in profiles: read and write weights. */
export const BUILTIN_MIX: Readonly<Record<string, Mix>> = {
  write: { read: 0, write: 1 },
  read: { read: 1, write: 0 },
  mixed: { read: 1, write: 1 },
  "read-heavy": { read: 80, write: 20 },
  "write-heavy": { read: 20, write: 80 },
};

interface ResolveContext {
  locate: Locator;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  configPath: string;
  json: boolean;
  /** The config as written, with env and flag overrides applied. */
  raw: Record<string, unknown>;
}

/**
 * Normalises an endpoint URL: strips a trailing slash; refuses a path,
 * query, credentials or a scheme other than http/https.
 */
export function normaliseEndpoint(input: string): string | { error: string } {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return {
      error:
        `'${input}' is not a URL; write it with its scheme, e.g. http://${input}`,
    };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    if (!input.includes("://")) {
      return {
        error:
          `'${input}' has no scheme; write http://${input} or https://${input}`,
      };
    }
    return {
      error: `scheme '${url.protocol}' is not allowed (allowed: http, https)`,
    };
  }
  if (url.username || url.password) {
    return { error: "credentials must not be written into the endpoint URL" };
  }
  if (url.pathname !== "/" || url.search || url.hash) {
    return {
      error:
        `'${input}' has a path or query; give only scheme, host and port (e.g. ${url.origin}) and put the bucket in 'bucket'`,
    };
  }
  return url.origin;
}

/**
 * Normalises a key prefix: no leading slash, no trailing slash, no empty
 * segments. Returns the prefix and whether it changed.
 */
export function normalisePrefix(
  input: string,
): { prefix: string; changed: boolean } {
  const prefix = input.split("/").filter((s) => s.length > 0).join("/");
  return { prefix, changed: prefix !== input.replace(/\/$/, "") };
}

/** Joins key segments with single slashes, never making empty segments. */
export function joinKey(...parts: string[]): string {
  return parts.flatMap((p) => p.split("/")).filter((s) => s.length > 0).join(
    "/",
  );
}

function isAws(endpoint: string): boolean {
  return /\.amazonaws\.com(\.cn)?$/.test(new URL(endpoint).hostname);
}

function credentialsFrom(
  file: ConfigFile,
  env: ResolveContext["env"],
  warn: (s: string) => void,
): CredentialSource {
  const c = file.credentials;
  if (c?.access_key_id && c.secret_access_key) {
    warn(
      "credentials are written in the config file; prefer AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or a profile, and keep the file out of version control",
    );
    return {
      kind: "config",
      accessKeyId: c.access_key_id,
      secretAccessKey: c.secret_access_key,
      sessionToken: c.session_token,
    };
  }
  if (c?.profile) return { kind: "profile", profile: c.profile };
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return {
      kind: "env",
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      sessionToken: env.AWS_SESSION_TOKEN || undefined,
    };
  }
  if (env.AWS_PROFILE) return { kind: "profile", profile: env.AWS_PROFILE };
  return { kind: "chain" };
}

/**
 * Masks secrets in a config as written (sizes and durations keep their
 * units, so the result is itself a valid config), for reports.
 */
export function maskConfig(
  raw: Record<string, unknown>,
): Record<string, unknown> {
  const copy = structuredClone(raw);
  const c = copy.credentials as Record<string, unknown> | undefined;
  if (c) {
    for (const k of ["access_key_id", "secret_access_key", "session_token"]) {
      if (c[k] !== undefined) c[k] = "***";
    }
  }
  return copy;
}

/** Resolves a validated config; throws a ConfigError with every problem. */
export function resolveSettings(
  file: ConfigFile,
  ctx: ResolveContext,
): LoadedSettings {
  const issues: ConfigIssue[] = [];
  const warnings: string[] = [];
  const bad = (path: PropertyKey[], msg: string) =>
    issues.push(ctx.locate(path, msg));
  const abs = (p: string) => (isAbsolute(p) ? p : join(ctx.cwd, p));

  if (file.endpoint !== undefined && file.endpoints !== undefined) {
    bad(["endpoints"], "give either 'endpoint' or 'endpoints', not both");
  }
  const envEndpoint =
    file.endpoint === undefined && file.endpoints === undefined
      ? ctx.env.AWS_ENDPOINT_URL_S3 || ctx.env.AWS_ENDPOINT_URL
      : undefined;
  if (envEndpoint) {
    warnings.push(
      `no endpoint in the config; using ${envEndpoint} from AWS_ENDPOINT_URL`,
    );
  }
  const rawEndpoints = file.endpoints ??
    (file.endpoint ? [file.endpoint] : envEndpoint ? [envEndpoint] : []);
  const endpoints: string[] = [];
  rawEndpoints.forEach((e, i) => {
    const r = normaliseEndpoint(e);
    const path = file.endpoints ? ["endpoints", i] : ["endpoint"];
    if (typeof r === "string") endpoints.push(r);
    else bad(path, r.error);
  });
  if (new Set(endpoints).size !== endpoints.length) {
    bad(["endpoints"], "the same endpoint is listed twice");
  }

  const region = file.region ?? ctx.env.AWS_REGION ??
    ctx.env.AWS_DEFAULT_REGION;
  if (region === undefined) {
    warnings.push(
      "no region set; using us-east-1 (set 'region:' to change it)",
    );
  }
  const addressing = file.addressing ??
    (endpoints.length > 0 ? "path" : "virtual");
  const checksum = file.checksum ??
    (endpoints.length > 0 && !endpoints.every(isAws)
      ? "when_required"
      : "when_supported");

  const pre = normalisePrefix(file.prefix);
  if (pre.changed) {
    warnings.push(
      `prefix '${file.prefix}' normalised to '${pre.prefix}' (no leading or double slashes)`,
    );
  }

  for (const name of Object.keys(file.profiles)) {
    if (name in BUILTIN_MIX) {
      bad(
        ["profiles", name],
        `'${name}' is a built-in profile; give your profile another name`,
      );
    }
  }
  if (file.duration !== undefined && file.ops !== undefined) {
    bad(["ops"], "give either duration or ops, not both: a run stops on one");
  }
  if (file.duration !== undefined && file.duration <= 0) {
    bad(["duration"], "the duration must be longer than 0");
  }
  const mixes: Record<string, Mix> = { ...BUILTIN_MIX, ...file.profiles };
  const mix = mixes[file.profile];
  if (!mix) {
    const names = Object.keys(mixes);
    const near = suggest(file.profile, names);
    bad(
      ["profile"],
      `unknown profile '${file.profile}'${
        near ? ` (did you mean '${near}'?)` : ""
      }; allowed: ${names.join(", ")}`,
    );
  }

  const groups = resolveGroups(file.dataset, bad);
  checkMultipart(file, groups, bad);
  groups.forEach((g) => {
    if (g.maxSize > S3_LIMITS.maxObjectSize) {
      bad(
        ["dataset", "groups", g.name, "max_size"],
        `${g.maxSize} B is over S3's largest object (5 TiB)`,
      );
    }
  });
  if (pre.prefix.split("/").some((x) => x === "." || x === "..")) {
    bad(
      ["prefix"],
      `prefix '${file.prefix}' has a '.' or '..' segment, which servers resolve to other keys`,
    );
  }
  checkKeyLength(pre.prefix, groups.map((g) => g.name), bad);
  if (groups.length > 0 && groups.every((g) => g.count === 0)) {
    bad(["dataset", "groups"], "every group has count 0; nothing to upload");
  }
  if (file.read_from !== undefined && file.profile === "write") {
    warnings.push("read_from is ignored by the write profile");
  }
  checkLoad(file, endpoints.length, bad, (w) => warnings.push(w));
  if (file.cleanup && pre.prefix === "") {
    bad(
      ["prefix"],
      "cleanup needs a non-empty prefix, so that a run's keys can never match another's; set prefix: s3flood (or any name)",
    );
  }
  const clients = resolveClients(file.clients, {
    multipart: file.multipart,
    hasEndpoint: endpoints.length > 0,
    bad,
    warn: (w) => warnings.push(w),
  });
  const observability = resolveObservability(file, bad);
  if (issues.length > 0) throw new ConfigError(issues);

  const settings: Settings = {
    configPath: abs(ctx.configPath),
    endpoints,
    region: region ?? "us-east-1",
    bucket: file.bucket,
    createBucket: file.create_bucket,
    prefix: pre.prefix,
    addressing,
    tlsVerify: file.tls_verify,
    caFile: file.ca_file ? abs(file.ca_file) : undefined,
    credentials: credentialsFrom(file, ctx.env, (w) => warnings.push(w)),
    checksum,
    client: file.client,
    clients,
    dataset: {
      root: abs(file.dataset.root),
      seed: file.dataset.seed,
      groups,
      source: file.dataset.source,
      compressibility: file.dataset.compressibility,
    },
    profile: { name: file.profile, mix: mix! },
    concurrency: file.concurrency,
    durationMs: file.duration,
    ops: file.ops,
    readFrom: file.read_from ? abs(file.read_from) : undefined,
    multipart: {
      threshold: file.multipart.threshold,
      partSize: file.multipart.part_size,
      queueSize: file.multipart.queue_size,
      memoryBudget: file.multipart.memory_budget,
    },
    retry: {
      maxAttempts: file.retry.max_attempts,
      baseDelayMs: file.retry.base_delay,
      maxDelayMs: file.retry.max_delay,
    },
    timeouts: {
      connectMs: file.timeouts.connect,
      firstByteMs: file.timeouts.first_byte,
      idleMs: file.timeouts.idle,
    },
    load: loadShape(file),
    throttle: {
      maxBytesPerSec: file.max_throughput_mbps === undefined
        ? undefined
        : file.max_throughput_mbps * 1e6,
      maxIops: file.max_iops,
      perWorker: file.throttle_per_worker,
    },
    cluster: {
      choice: file.endpoint_choice,
      readAffinity: file.read_affinity,
    },
    maxErrorRate: file.max_error_rate,
    output: { dir: abs(file.output.dir), opsLog: file.output.ops_log },
    cleanup: file.cleanup,
    ...observability,
    verify: file.verify,
    readPopularity: {
      model: file.read_popularity.model,
      zipfS: file.read_popularity.zipf_s,
      hotFraction: file.read_popularity.hot_fraction,
      hotWeight: file.read_popularity.hot_weight,
    },
    json: ctx.json,
  };
  if (!settings.tlsVerify) {
    warnings.push("TLS certificate verification is OFF (tls_verify: false)");
  }
  return { settings, warnings, maskedConfig: maskConfig(ctx.raw) };
}

const utf8 = new TextEncoder();

/**
 * The longest key a run can write must fit S3's 1024 bytes: PREFIX/RUN_ID/
 * pN/GROUP/GROUP-NNNNNNNN.bin. Checked before any run (C10).
 */
function checkKeyLength(
  prefix: string,
  groups: string[],
  bad: (path: PropertyKey[], msg: string) => void,
): void {
  const longest = Math.max(0, ...groups.map((g) => utf8.encode(g).length));
  // run id 20, pass "p" + up to 10 digits + "/", "-" + 8 digits + ".bin"
  const bytes = utf8.encode(prefix).length + 1 + 20 + 1 + 12 +
    2 * longest + 1 + 13;
  if (bytes > S3_LIMITS.maxKeyBytes) {
    bad(
      ["prefix"],
      `keys would be up to ${bytes} bytes, over S3's 1024; shorten the prefix or the group names`,
    );
  }
}

function loadShape(file: ConfigFile): Settings["load"] {
  const b = file.burst;
  return {
    model: file.model,
    rate: file.rate,
    rateEnd: file.rate_end,
    arrivals: file.arrivals,
    maxInFlight: file.max_in_flight ?? Math.max(file.concurrency, 1000),
    pattern: file.pattern === "bursty" && b
      ? {
        kind: "bursty",
        onMs: b.on,
        offMs: b.off,
        burstRate: b.burst_rate,
        idleRate: b.idle_rate,
      }
      : { kind: "sustained" },
    warmupMs: file.warmup,
  };
}

function checkLoad(
  file: ConfigFile,
  endpointCount: number,
  bad: (path: PropertyKey[], msg: string) => void,
  warn: (w: string) => void,
): void {
  const burstRate = file.burst?.burst_rate;
  if (
    file.model === "open" && file.rate === undefined && burstRate === undefined
  ) {
    bad(["rate"], "the open model needs a target rate in ops/s (rate: 200)");
  }
  if (file.rate_end !== undefined && file.duration === undefined) {
    bad(["rate_end"], "a ramp (rate_end) needs a duration to ramp over");
  }
  if (file.rate_end !== undefined && file.rate === undefined) {
    bad(["rate_end"], "a ramp (rate_end) needs a start rate (rate)");
  }
  if (file.pattern === "bursty" && file.burst === undefined) {
    bad(
      ["burst"],
      "pattern: bursty needs burst: { on: 5s, off: 5s, burst_rate: N, idle_rate: 0 }",
    );
  }
  if (file.pattern !== "bursty" && file.burst !== undefined) {
    warn("burst: is ignored unless pattern: bursty");
  }
  if (file.throttle_per_worker && file.model === "open") {
    bad(
      ["throttle_per_worker"],
      "per-worker throttling needs the closed model (the open model has no workers)",
    );
  }
  if (
    file.warmup !== undefined && file.duration !== undefined &&
    file.warmup >= file.duration
  ) {
    bad(
      ["warmup"],
      `warm-up (${file.warmup} ms) must be shorter than the duration (${file.duration} ms)`,
    );
  }
  if (file.read_affinity === "other" && endpointCount < 2) {
    bad(["read_affinity"], "read_affinity: other needs at least two endpoints");
  }
}

function checkMultipart(
  file: ConfigFile,
  groups: readonly GroupSpec[],
  bad: (path: PropertyKey[], msg: string) => void,
): void {
  const mp = file.multipart;
  if (mp.part_size < S3_LIMITS.minPartSize) {
    bad(
      ["multipart", "part_size"],
      `${mp.part_size} B is below S3's minimum part size of 5 MiB`,
    );
  }
  if (mp.part_size > S3_LIMITS.maxPartSize) {
    bad(
      ["multipart", "part_size"],
      `${mp.part_size} B is above S3's maximum part size of 5 GiB`,
    );
  }
  const largest = Math.max(
    0,
    ...groups.map((g) => g.maxSize),
  );
  if (largest >= mp.threshold) return;
  if (largest > S3_LIMITS.maxSinglePut) {
    bad(
      ["multipart", "threshold"],
      `objects up to ${largest} B would be sent as one PUT, over S3's 5 GiB limit; lower the threshold`,
    );
  }
}
