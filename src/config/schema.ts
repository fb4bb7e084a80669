/**
 * The config file's shape, validated with zod. Field names are snake_case as
 * written in YAML; `resolve.ts` turns the validated value into `Settings`.
 * `config.sample.yaml` documents every field; a test keeps the two in step.
 *
 * @module
 */
import { z } from "zod";
import { parseDuration, parseSize } from "./units.ts";
import { clientsSchema } from "./clients.ts";
import { POPULARITY_MODELS, SIZE_DISTRIBUTIONS } from "./dataset_settings.ts";

/** A size written as `4KiB`, `10MB` or a number of bytes. */
export const size = z.union([z.string(), z.number()]).transform(
  (v, ctx) => {
    const r = parseSize(v);
    if (typeof r === "string") {
      ctx.addIssue({ code: "custom", message: r });
      return z.NEVER;
    }
    return r;
  },
);

/** A duration written as `500ms`, `30s`, `1m30s`; milliseconds out. */
export const duration = z.union([z.string(), z.number()]).transform(
  (v, ctx) => {
    const r = parseDuration(v);
    if (typeof r === "string") {
      ctx.addIssue({ code: "custom", message: r });
      return z.NEVER;
    }
    return r;
  },
);

const positiveInt = z.number().int().positive();

/** The clients s3flood can drive. */
export const CLIENT_NAMES = ["sdk", "awscli", "s5cmd", "rclone"] as const;

/** The built-in profile names. */
export const BUILTIN_PROFILES = ["write", "read", "mixed"] as const;

/**
 * How sizes are drawn, for a group or for the whole dataset (whose values
 * every group inherits unless it sets its own). `dataset_sizes.ts` checks
 * which fields each distribution needs.
 */
const sizeFields = {
  distribution: z.enum(SIZE_DISTRIBUTIONS).optional(),
  min_size: size.optional(),
  max_size: size.optional(),
  size: size.optional(),
  sizes: z.array(size).min(1).optional(),
  size_step: size.optional(),
  pareto_alpha: z.number().positive().optional(),
  zipf_s: z.number().positive().optional(),
  mu: z.number().optional(),
  sigma: z.number().positive().optional(),
  buckets: z.string().min(1).optional(),
};

const group = z.strictObject({
  count: z.number().int().min(0),
  ...sizeFields,
}).check((ctx) => {
  const { min_size: lo, max_size: hi } = ctx.value;
  if (lo !== undefined && hi !== undefined && lo > hi) {
    ctx.issues.push({
      code: "custom",
      input: ctx.value,
      path: ["min_size"],
      message: `min_size (${lo} B) must not exceed max_size (${hi} B)`,
    });
  }
});

const dataset = z.strictObject({
  root: z.string().min(1).default("./data"),
  seed: z.number().int().min(0).default(1),
  source: z.enum(["files", "synthetic"]).default("files"),
  compressibility: z.number().min(0).max(0.9).default(0),
  count: z.number().int().min(0).optional(),
  ...sizeFields,
  groups: z.record(
    z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, {
      error: "group names use a-z, 0-9, '_' and '-'",
    }),
    group,
  ).refine((g) => Object.keys(g).length > 0, {
    error: "at least one group is needed",
  }).optional(),
});

const popularity = z.strictObject({
  model: z.enum(POPULARITY_MODELS).default("uniform"),
  zipf_s: z.number().positive().default(1),
  hot_fraction: z.number().gt(0).lt(1).default(0.1),
  hot_weight: z.number().min(0).max(1).default(0.9),
});

const mix = z.strictObject({
  read: z.number().min(0).default(0),
  write: z.number().min(0).default(0),
}).refine((m) => m.read + m.write > 0, {
  error: "a profile needs read + write > 0",
});

const credentials = z.strictObject({
  profile: z.string().min(1).optional(),
  access_key_id: z.string().min(1).optional(),
  secret_access_key: z.string().min(1).optional(),
  session_token: z.string().min(1).optional(),
}).refine(
  (c) =>
    (c.access_key_id === undefined) === (c.secret_access_key === undefined),
  { error: "access_key_id and secret_access_key go together" },
);

/** The whole config file. */
export const configSchema = z.strictObject({
  endpoint: z.string().min(1).optional(),
  endpoints: z.array(z.string().min(1)).min(1).optional(),
  region: z.string().min(1).optional(),
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    error:
      "bucket names are 3-63 characters of a-z, 0-9, '.' and '-', starting and ending with a letter or digit",
  }),
  create_bucket: z.boolean().default(false),
  prefix: z.string().default("s3flood"),
  addressing: z.enum(["path", "virtual"]).optional(),
  tls_verify: z.boolean().default(true),
  ca_file: z.string().min(1).optional(),
  credentials: credentials.optional(),
  checksum: z.enum(["when_required", "when_supported"]).optional(),
  client: z.enum(CLIENT_NAMES).default("sdk"),
  clients: clientsSchema,
  dataset: dataset,
  profile: z.string().min(1).default("write"),
  profiles: z.record(z.string().min(1), mix).default({}),
  concurrency: positiveInt.max(10_000).default(8),
  duration: duration.optional(),
  ops: positiveInt.optional(),
  read_from: z.string().min(1).optional(),
  model: z.enum(["closed", "open"]).default("closed"),
  rate: z.number().positive().optional(),
  rate_end: z.number().positive().optional(),
  arrivals: z.enum(["constant", "poisson"]).default("constant"),
  max_in_flight: positiveInt.max(100_000).optional(),
  pattern: z.enum(["sustained", "bursty"]).default("sustained"),
  burst: z.strictObject({
    on: duration,
    off: duration,
    burst_rate: z.number().positive().optional(),
    idle_rate: z.number().min(0).default(0),
  }).optional(),
  warmup: duration.optional(),
  max_throughput_mbps: z.number().positive().optional(),
  max_iops: z.number().positive().optional(),
  throttle_per_worker: z.boolean().default(false),
  endpoint_choice: z.enum(["round_robin", "least_in_flight"]).default(
    "round_robin",
  ),
  read_affinity: z.enum(["any", "same", "other"]).default("any"),
  multipart: z.strictObject({
    threshold: size.default(64 * 1024 * 1024),
    part_size: size.default(16 * 1024 * 1024),
    queue_size: positiveInt.max(64).default(4),
    memory_budget: size.optional(),
  }).default({
    threshold: 64 * 1024 * 1024,
    part_size: 16 * 1024 * 1024,
    queue_size: 4,
  }),
  retry: z.strictObject({
    max_attempts: positiveInt.max(100).default(3),
    base_delay: duration.default(100),
    max_delay: duration.default(5000),
  }).default({ max_attempts: 3, base_delay: 100, max_delay: 5000 }),
  timeouts: z.strictObject({
    connect: duration.default(10_000),
    first_byte: duration.default(60_000),
    idle: duration.default(30_000),
  }).default({ connect: 10_000, first_byte: 60_000, idle: 30_000 }),
  max_error_rate: z.number().min(0).max(1).default(0.05),
  output: z.strictObject({
    dir: z.string().min(1).default("./results"),
    ops_log: z.boolean().default(true),
  }).default({ dir: "./results", ops_log: true }),
  cleanup: z.boolean().default(false),
  metrics_format: z.enum(["none", "prometheus"]).default("none"),
  metrics_listen: z.string().min(1).optional(),
  pushgateway: z.string().min(1).optional(),
  push_interval: duration.default(10_000),
  thresholds: z.array(z.string().min(1)).default([]),
  verify: z.boolean().default(false),
  read_popularity: z.union([
    z.enum(POPULARITY_MODELS).transform((model) => popularity.parse({ model })),
    popularity,
  ]).default({
    model: "uniform",
    zipf_s: 1,
    hot_fraction: 0.1,
    hot_weight: 0.9,
  }),
});

/** The config file after zod validation (snake_case, defaults applied). */
export type ConfigFile = z.output<typeof configSchema>;
