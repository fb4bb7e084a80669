/**
 * The config file's shape, validated with zod. Field names are snake_case as
 * written in YAML; `resolve.ts` turns the validated value into `Settings`.
 * `config.sample.yaml` documents every field; a test keeps the two in step.
 *
 * @module
 */
import { z } from "zod";
import { parseDuration, parseSize } from "./units.ts";

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

const group = z.strictObject({
  count: z.number().int().min(0),
  min_size: size,
  max_size: size,
}).check((ctx) => {
  if (ctx.value.min_size > ctx.value.max_size) {
    ctx.issues.push({
      code: "custom",
      input: ctx.value,
      path: ["min_size"],
      message:
        `min_size (${ctx.value.min_size} B) must not exceed max_size (${ctx.value.max_size} B)`,
    });
  }
});

const dataset = z.strictObject({
  root: z.string().min(1).default("./data"),
  seed: z.number().int().min(0).default(1),
  groups: z.record(
    z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, {
      error: "group names use a-z, 0-9, '_' and '-'",
    }),
    group,
  ).refine((g) => Object.keys(g).length > 0, {
    error: "at least one group is needed",
  }),
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
  dataset: dataset,
  profile: z.string().min(1).default("write"),
  profiles: z.record(z.string().min(1), mix).default({}),
  concurrency: positiveInt.max(10_000).default(8),
  duration: duration.optional(),
  ops: positiveInt.optional(),
  read_from: z.string().min(1).optional(),
  multipart: z.strictObject({
    threshold: size.default(64 * 1024 * 1024),
    part_size: size.default(16 * 1024 * 1024),
    queue_size: positiveInt.max(64).default(4),
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
    request: duration.default(300_000),
  }).default({ connect: 10_000, request: 300_000 }),
  max_error_rate: z.number().min(0).max(1).default(0.05),
  output: z.strictObject({
    dir: z.string().min(1).default("./results"),
    ops_log: z.boolean().default(true),
  }).default({ dir: "./results", ops_log: true }),
  cleanup: z.boolean().default(false),
});

/** The config file after zod validation (snake_case, defaults applied). */
export type ConfigFile = z.output<typeof configSchema>;
