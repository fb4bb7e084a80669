/**
 * The `clients:` section: tuning of the subprocess clients (aws CLI, s5cmd,
 * rclone). Part sizes and thresholds default to the shared `multipart:`
 * section, so one config drives every client alike unless told otherwise.
 *
 * @module
 */
import { z } from "zod";
import { parseSize } from "./units.ts";

/** A size as in schema.ts (kept here to avoid an import cycle). */
const size = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const r = parseSize(v);
  if (typeof r === "string") {
    ctx.addIssue({ code: "custom", message: r });
    return z.NEVER;
  }
  return r;
});

const positiveInt = z.number().int().positive();
const MiB = 1024 * 1024;
const MIN_PART = 5 * MiB;
const MAX_PART = 5 * 1024 * MiB;

/** The `clients:` section as written in YAML. */
export const clientsSchema = z.strictObject({
  awscli: z.strictObject({
    multipart_threshold: size.optional(),
    multipart_chunksize: size.optional(),
    max_concurrent_requests: positiveInt.max(1000).default(10),
    max_queue_size: positiveInt.max(100_000).default(1000),
  }).default({ max_concurrent_requests: 10, max_queue_size: 1000 }),
  s5cmd: z.strictObject({
    batch: z.boolean().default(false),
    concurrency: positiveInt.max(1000).default(5),
    part_size: size.optional(),
  }).default({ batch: false, concurrency: 5 }),
  rclone: z.strictObject({
    chunk_size: size.optional(),
    upload_cutoff: size.optional(),
    concurrency: positiveInt.max(1000).default(4),
    provider: z.string().min(1).optional(),
  }).default({ concurrency: 4 }),
}).default({
  awscli: { max_concurrent_requests: 10, max_queue_size: 1000 },
  s5cmd: { batch: false, concurrency: 5 },
  rclone: { concurrency: 4 },
});

/** The `clients:` section after validation. */
export type ClientsFile = z.output<typeof clientsSchema>;

/** Resolved tuning of the subprocess clients; sizes in bytes. */
export interface ClientTuning {
  awscli: {
    /** Objects at or above this go multipart (`multipart_threshold`). */
    multipartThreshold: number;
    /** Part size (`multipart_chunksize`). */
    multipartChunksize: number;
    /** Requests one `aws` process keeps in flight. */
    maxConcurrentRequests: number;
    /** Tasks one `aws` process queues. */
    maxQueueSize: number;
  };
  s5cmd: {
    /** Gather the uploads in flight into one `s5cmd run`. */
    batch: boolean;
    /** Parts of one object in flight (`cp --concurrency`). */
    concurrency: number;
    /** Part size, a whole number of MiB (`cp --part-size`). */
    partSize: number;
  };
  rclone: {
    /** Part size (`--s3-chunk-size`). */
    chunkSize: number;
    /** Objects at or above this go multipart (`--s3-upload-cutoff`). */
    uploadCutoff: number;
    /** Parts of one object in flight (`--s3-upload-concurrency`). */
    concurrency: number;
    /** rclone's S3 provider: `Other` with an endpoint, `AWS` without. */
    provider: string;
  };
}

/** Shared inputs of {@link resolveClients}. */
export interface ClientsContext {
  multipart: { threshold: number; part_size: number };
  hasEndpoint: boolean;
  bad(path: PropertyKey[], msg: string): void;
  warn(msg: string): void;
}

/** Fills the defaults of the `clients:` section and checks part sizes. */
export function resolveClients(
  file: ClientsFile,
  ctx: ClientsContext,
): ClientTuning {
  const aws = file.awscli;
  const chunk = aws.multipart_chunksize ?? ctx.multipart.part_size;
  checkPart(["clients", "awscli", "multipart_chunksize"], chunk, ctx);
  const rc = file.rclone;
  const rcChunk = rc.chunk_size ?? ctx.multipart.part_size;
  checkPart(["clients", "rclone", "chunk_size"], rcChunk, ctx);
  return {
    awscli: {
      multipartThreshold: aws.multipart_threshold ?? ctx.multipart.threshold,
      multipartChunksize: chunk,
      maxConcurrentRequests: aws.max_concurrent_requests,
      maxQueueSize: aws.max_queue_size,
    },
    s5cmd: {
      batch: file.s5cmd.batch,
      concurrency: file.s5cmd.concurrency,
      partSize: s5cmdPartSize(file.s5cmd.part_size, ctx),
    },
    rclone: {
      chunkSize: rcChunk,
      uploadCutoff: rc.upload_cutoff ?? ctx.multipart.threshold,
      concurrency: rc.concurrency,
      provider: rc.provider ?? (ctx.hasEndpoint ? "Other" : "AWS"),
    },
  };
}

function checkPart(path: string[], bytes: number, ctx: ClientsContext) {
  if (bytes < MIN_PART || bytes > MAX_PART) {
    ctx.bad(path, `${bytes} B is outside S3's part sizes (5 MiB to 5 GiB)`);
  }
}

/** s5cmd takes whole MiB: round up, and say so. */
function s5cmdPartSize(given: number | undefined, ctx: ClientsContext) {
  const path = ["clients", "s5cmd", "part_size"];
  const bytes = given ?? ctx.multipart.part_size;
  checkPart(path, bytes, ctx);
  const whole = Math.ceil(bytes / MiB) * MiB;
  if (whole !== bytes) {
    ctx.warn(
      `clients.s5cmd.part_size: s5cmd takes whole MiB; using ${
        whole / MiB
      } MiB`,
    );
  }
  return whole;
}
