/**
 * Content-MD5 instead of the SDK's CRC32 for operations S3 says need a
 * checksum (DeleteObjects and a few bucket calls). With checksum mode
 * `when_required` the SDK still adds `x-amz-checksum-crc32` and
 * `x-amz-sdk-checksum-algorithm` to those, and stores without flexible
 * checksums refuse them (case C01): cleanup would fail there. Content-MD5
 * is what S3 asked for before flexible checksums, and every store takes it.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { S3Client } from "@aws-sdk/client-s3";

const FLEXIBLE = /^x-amz-(checksum-.+|sdk-checksum-algorithm)$/i;

/** Swaps flexible-checksum headers of in-memory bodies for Content-MD5. */
export function useContentMd5(client: S3Client): void {
  client.middlewareStack.add(
    (next) => (args) => {
      swap(args.request as Request | undefined);
      return next(args);
    },
    { step: "build", priority: "low", name: "s3floodContentMd5" },
  );
}

interface Request {
  headers?: Record<string, string>;
  body?: unknown;
}

function swap(req: Request | undefined): void {
  const headers = req?.headers;
  if (!headers) return;
  const flexible = Object.keys(headers).filter((h) => FLEXIBLE.test(h));
  const body = req.body;
  if (flexible.length === 0) return;
  if (typeof body !== "string" && !(body instanceof Uint8Array)) return;
  for (const h of flexible) delete headers[h];
  headers["content-md5"] = createHash("md5").update(body).digest("base64");
}
