/**
 * The JSON Schema (draft 2020-12) of `report.json`, as a constant so that a
 * compiled binary embeds it. `scripts/gen_schema.ts` writes it to
 * `schemas/report.schema.json`; a test keeps file and constant equal.
 *
 * @module
 */
import { ERROR_CLASSES, OP_TYPES } from "../core/record.ts";

const num = { type: "number" } as const;
const count = { type: "integer", minimum: 0 } as const;
const nullableMs = { type: ["number", "null"], minimum: 0 } as const;
const nullableRate = { type: ["number", "null"], minimum: 0 } as const;
const counts = {
  type: "object",
  additionalProperties: count,
} as const;

const percentiles = {
  description: "Latency in ms (3 decimals); null figures when n is 0.",
  type: "object",
  required: [
    "n",
    "min",
    "mean",
    "p50",
    "p90",
    "p95",
    "p99",
    "p999",
    "max",
    "p999LowN",
  ],
  additionalProperties: false,
  properties: {
    n: count,
    min: nullableMs,
    mean: nullableMs,
    p50: nullableMs,
    p90: nullableMs,
    p95: nullableMs,
    p99: nullableMs,
    p999: nullableMs,
    max: nullableMs,
    p999LowN: { type: "boolean" },
  },
} as const;

const histograms = {
  description: "HDR histograms, compressed base64 (V2), in microseconds.",
  type: "object",
  required: ["unit", "latency", "service", "ttfb", "speed", "part", "startLag"],
  additionalProperties: false,
  properties: {
    unit: { const: "us" },
    latency: { type: "string", minLength: 1 },
    service: { type: "string", minLength: 1 },
    ttfb: { type: "string", minLength: 1 },
    speed: {
      description: "MiB/s per operation, in thousandths of a MiB/s.",
      type: "string",
      minLength: 1,
    },
    part: { type: "string", minLength: 1 },
    startLag: { type: "string", minLength: 1 },
  },
} as const;

const opStats = {
  description: "Figures for one slice; rates per wall second of the phase.",
  type: "object",
  required: [
    "count",
    "ok",
    "errors",
    "throttled",
    "retries",
    "errorsByClass",
    "errorsByCode",
    "bytes",
    "failedBytes",
    "opsPerSec",
    "okOpsPerSec",
    "bytesPerSec",
    "mibPerSec",
    "mbPerSec",
    "latencyMs",
    "serviceMs",
    "ttfbMs",
    "speedMibps",
    "partMs",
    "startLagMs",
    "histograms",
  ],
  additionalProperties: false,
  properties: {
    count,
    ok: count,
    errors: count,
    throttled: count,
    retries: count,
    errorsByClass: {
      ...counts,
      propertyNames: { enum: [...ERROR_CLASSES, "unclassified"] },
    },
    errorsByCode: counts,
    bytes: count,
    failedBytes: count,
    opsPerSec: nullableRate,
    okOpsPerSec: nullableRate,
    bytesPerSec: nullableRate,
    mibPerSec: nullableRate,
    mbPerSec: nullableRate,
    latencyMs: { $ref: "#/$defs/percentiles" },
    serviceMs: { $ref: "#/$defs/percentiles" },
    ttfbMs: { $ref: "#/$defs/percentiles" },
    speedMibps: {
      description: "Per-operation speed in MiB/s (same fields, not ms).",
      $ref: "#/$defs/percentiles",
    },
    partMs: {
      description: "Service time of each multipart part; n counts parts.",
      $ref: "#/$defs/percentiles",
    },
    startLagMs: {
      description: "start - due of each operation's first attempt.",
      $ref: "#/$defs/percentiles",
    },
    histograms: { $ref: "#/$defs/histograms" },
  },
} as const;

const opNames = { enum: [...OP_TYPES] } as const;

const byOp = {
  type: "object",
  propertyNames: opNames,
  additionalProperties: { $ref: "#/$defs/opStats" },
} as const;

const byOpLabel = {
  type: "object",
  propertyNames: opNames,
  additionalProperties: {
    type: "object",
    additionalProperties: { $ref: "#/$defs/opStats" },
  },
} as const;

const isoTime = { type: "string", format: "date-time" } as const;

const label = { type: "string" } as const;

const slice = {
  description: "One op × group × endpoint × client leaf.",
  type: "object",
  required: ["op", "group", "endpoint", "client", "stats"],
  additionalProperties: false,
  properties: {
    op: opNames,
    group: label,
    endpoint: label,
    client: label,
    stats: { $ref: "#/$defs/opStats" },
  },
} as const;

const nullableNum = { type: ["number", "null"] } as const;

const timeOpStats = {
  type: "object",
  required: [
    "ops",
    "ok",
    "errors",
    "retries",
    "bytes",
    "latencyP50Ms",
    "latencyP99Ms",
    "latency",
  ],
  additionalProperties: false,
  properties: {
    ops: count,
    ok: count,
    errors: count,
    retries: count,
    bytes: count,
    latencyP50Ms: nullableMs,
    latencyP99Ms: nullableMs,
    latency: { type: "string", minLength: 1 },
  },
} as const;

const timeseries = {
  description: "Per-interval figures; t is the interval's wall-clock start " +
    "in epoch ms, on whole seconds.",
  type: "object",
  required: ["intervalSeconds", "points"],
  additionalProperties: false,
  properties: {
    intervalSeconds: { type: "integer", minimum: 1 },
    points: {
      type: "array",
      items: {
        type: "object",
        required: ["t", "seconds", "phase", "ops"],
        additionalProperties: false,
        properties: {
          t: count,
          seconds: { type: "integer", minimum: 1 },
          phase: { type: "string" },
          ops: {
            type: "object",
            propertyNames: opNames,
            additionalProperties: { $ref: "#/$defs/timeOpStats" },
          },
        },
      },
    },
  },
} as const;

const thresholdResult = {
  type: "object",
  required: ["expression", "actual", "n", "pass"],
  additionalProperties: false,
  properties: {
    expression: { type: "string", minLength: 1 },
    actual: nullableNum,
    n: count,
    pass: { type: "boolean" },
  },
} as const;

const phase = {
  type: "object",
  required: [
    "name",
    "startMs",
    "endMs",
    "wallSeconds",
    "open",
    "totals",
    "byOp",
    "byOpGroup",
    "byOpEndpoint",
    "byOpClient",
    "slices",
  ],
  additionalProperties: false,
  properties: {
    name: { type: "string", minLength: 1 },
    startMs: num,
    endMs: num,
    startedAt: isoTime,
    endedAt: isoTime,
    wallSeconds: { type: "number", minimum: 0 },
    open: { type: "boolean" },
    dropped: {
      description: "Open model: arrivals dropped at max_in_flight.",
      ...count,
    },
    totals: { $ref: "#/$defs/opStats" },
    byOp,
    byOpGroup: byOpLabel,
    byOpEndpoint: byOpLabel,
    byOpClient: byOpLabel,
    slices: { type: "array", items: { $ref: "#/$defs/slice" } },
  },
} as const;

const runTotals = {
  type: "object",
  required: [
    "phases",
    "count",
    "ok",
    "errors",
    "throttled",
    "retries",
    "bytes",
    "failedBytes",
    "wallSeconds",
  ],
  additionalProperties: false,
  properties: {
    phases: count,
    count,
    ok: count,
    errors: count,
    throttled: count,
    retries: count,
    bytes: count,
    failedBytes: count,
    wallSeconds: { type: "number", minimum: 0 },
  },
} as const;

const tool = {
  type: "object",
  required: ["name", "version", "commit", "deno"],
  additionalProperties: false,
  properties: {
    name: { type: "string" },
    version: { type: "string" },
    commit: { type: ["string", "null"] },
    deno: { type: "string" },
  },
} as const;

const client = {
  type: "object",
  required: ["settings"],
  additionalProperties: false,
  properties: {
    version: { type: "string" },
    settings: { type: "object" },
  },
} as const;

/** The JSON Schema of `report.json` (schemaVersion 2). */
export const REPORT_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "urn:s3flood:schema:report:2",
  title: "s3flood report",
  description: "What one s3flood run leaves in report.json. Times in ms " +
    "unless named otherwise; MiB = 2^20 bytes, MB = 10^6 bytes.",
  type: "object",
  required: [
    "schemaVersion",
    "tool",
    "runId",
    "status",
    "command",
    "startedAt",
    "endedAt",
    "settings",
    "clients",
    "notes",
    "phases",
    "exitCode",
  ],
  additionalProperties: false,
  properties: {
    schemaVersion: { const: 2 },
    tool: { $ref: "#/$defs/tool" },
    runId: { type: "string", minLength: 1 },
    status: { enum: ["completed", "interrupted", "failed"] },
    command: { type: "array", items: { type: "string" } },
    startedAt: isoTime,
    endedAt: isoTime,
    settings: { type: "object" },
    clients: {
      type: "object",
      additionalProperties: { $ref: "#/$defs/client" },
    },
    notes: { type: "array", items: { type: "string" } },
    phases: { type: "array", items: { $ref: "#/$defs/phase" } },
    totals: { $ref: "#/$defs/runTotals" },
    timeseries: { $ref: "#/$defs/timeseries" },
    thresholds: { type: "array", items: { $ref: "#/$defs/thresholdResult" } },
    mergedFrom: { type: "array", items: { type: "string" } },
    exitCode: { type: "integer", minimum: 0, maximum: 255 },
  },
  $defs: {
    tool,
    client,
    phase,
    opStats,
    percentiles,
    histograms,
    runTotals,
    slice,
    timeOpStats,
    timeseries,
    thresholdResult,
  },
} as const;

/** The schema as the text of `schemas/report.schema.json`. */
export function reportSchemaText(): string {
  return JSON.stringify(REPORT_SCHEMA, null, 2) + "\n";
}
