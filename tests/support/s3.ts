/**
 * Small S3 helpers for setting up and checking integration tests, on the
 * AWS SDK with settings that suit MinIO and the test proxy: path-style
 * addressing, checksums only when an operation requires them, fetch as
 * the HTTP handler and no retries (so injected faults are seen as sent).
 *
 * @module
 */
import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { FetchHttpHandler } from "@smithy/fetch-http-handler";
import { createHash } from "node:crypto";

/** Where and as whom to connect; a `MinioServer` is one. */
export interface S3Target {
  /** Base URL, e.g. a MinIO's or a proxy's endpoint. */
  endpoint: string;
  accessKey: string;
  secretKey: string;
  region: string;
}

/** Client options beyond the target. */
export interface ClientOptions {
  /** Attempts per request, retries included; 1 (no retries). */
  maxAttempts?: number;
}

/** An SDK client for `target`. The caller may `destroy()` it. */
export function s3Client(
  target: S3Target,
  options: ClientOptions = {},
): S3Client {
  return new S3Client({
    endpoint: target.endpoint,
    region: target.region,
    credentials: {
      accessKeyId: target.accessKey,
      secretAccessKey: target.secretKey,
    },
    forcePathStyle: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    requestHandler: new FetchHttpHandler(),
    maxAttempts: options.maxAttempts ?? 1,
  });
}

const clients = new Map<string, S3Client>();

/** One cached client per target, for the helpers below. */
function clientFor(target: S3Target): S3Client {
  const id = [target.endpoint, target.accessKey, target.region].join("|");
  let client = clients.get(id);
  if (!client) {
    client = s3Client(target, { maxAttempts: 3 });
    clients.set(id, client);
  }
  return client;
}

/** A fresh bucket name, e.g. `s3flood-test-1a2b3c4d`. */
export function uniqueBucket(prefix = "s3flood-test"): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}

/** Creates `name`; a bucket that already exists and is ours is fine. */
export async function createBucket(
  target: S3Target,
  name: string,
): Promise<void> {
  const config = target.region === "us-east-1"
    ? undefined
    : { LocationConstraint: target.region as never };
  try {
    await clientFor(target).send(
      new CreateBucketCommand({
        Bucket: name,
        CreateBucketConfiguration: config,
      }),
    );
  } catch (err) {
    if ((err as Error).name !== "BucketAlreadyOwnedByYou") throw err;
  }
}

/** A listed object: its key and size in bytes. */
export interface ListedObject {
  key: string;
  size: number;
}

/** Every object under `prefix`, in listing order, all pages. */
export async function listAll(
  target: S3Target,
  bucket: string,
  prefix = "",
): Promise<ListedObject[]> {
  const found: ListedObject[] = [];
  let token: string | undefined;
  do {
    const page = await clientFor(target).send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        ContinuationToken: token,
      }),
    );
    for (const o of page.Contents ?? []) {
      found.push({ key: o.Key ?? "", size: o.Size ?? 0 });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return found;
}

/** Writes one object; strings are UTF-8. */
export async function putObject(
  target: S3Target,
  bucket: string,
  key: string,
  body: Uint8Array | string,
): Promise<void> {
  const bytes = typeof body === "string"
    ? new TextEncoder().encode(body)
    : body;
  await clientFor(target).send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: bytes,
      ContentLength: bytes.byteLength,
    }),
  );
}

/** Reads one object's bytes. */
export async function getObject(
  target: S3Target,
  bucket: string,
  key: string,
): Promise<Uint8Array> {
  const res = await clientFor(target).send(
    new GetObjectCommand({ Bucket: bucket, Key: key }),
  );
  return await res.Body?.transformToByteArray() ?? new Uint8Array();
}

/** MD5 of `bytes` as lowercase hex. */
export function md5Hex(bytes: Uint8Array): string {
  return createHash("md5").update(bytes).digest("hex");
}

/** MD5 (hex) of one object's bytes, as read back. */
export async function getObjectMd5(
  target: S3Target,
  bucket: string,
  key: string,
): Promise<string> {
  return md5Hex(await getObject(target, bucket, key));
}

/** Deletes every object under `prefix`; returns how many went. */
export async function deleteAll(
  target: S3Target,
  bucket: string,
  prefix = "",
): Promise<number> {
  const keys = (await listAll(target, bucket, prefix)).map((o) => o.key);
  for (let i = 0; i < keys.length; i += 1000) {
    const batch = keys.slice(i, i + 1000).map((Key) => ({ Key }));
    const res = await clientFor(target).send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: batch, Quiet: true },
      }),
    );
    if (res.Errors?.length) {
      const first = res.Errors[0];
      throw new Error(
        `delete objects in '${bucket}': ${res.Errors.length} failed, ` +
          `first '${first.Key}': ${first.Code} ${first.Message}`,
      );
    }
  }
  return keys.length;
}
