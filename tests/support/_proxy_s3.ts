/**
 * What the test proxy knows about S3: which operation a path-style request
 * is, and how an S3 error body looks.
 *
 * @module
 */

/** The S3 operations the proxy tells apart; `Unknown` for the rest. */
export type S3Op =
  | "ListBuckets"
  | "CreateBucket"
  | "DeleteBucket"
  | "HeadBucket"
  | "GetBucketLocation"
  | "ListObjects"
  | "ListObjectsV2"
  | "ListObjectVersions"
  | "ListMultipartUploads"
  | "DeleteObjects"
  | "GetObject"
  | "HeadObject"
  | "PutObject"
  | "CopyObject"
  | "DeleteObject"
  | "CreateMultipartUpload"
  | "UploadPart"
  | "UploadPartCopy"
  | "CompleteMultipartUpload"
  | "AbortMultipartUpload"
  | "ListParts"
  | "Unknown";

/** Bucket and key of a path-style request path, percent-decoded. */
export function splitPath(path: string): { bucket?: string; key?: string } {
  const match = /^\/([^/]+)(?:\/(.*))?$/.exec(path);
  if (!match) return {};
  const bucket = safeDecode(match[1]);
  return match[2] === undefined || match[2] === ""
    ? { bucket }
    : { bucket, key: safeDecode(match[2]) };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Guesses the S3 operation of a path-style request. */
export function guessOp(
  method: string,
  path: string,
  query: URLSearchParams,
  headers: Headers,
): S3Op {
  const { bucket, key } = splitPath(path);
  if (bucket === undefined) return method === "GET" ? "ListBuckets" : "Unknown";
  return key === undefined
    ? bucketOp(method, query)
    : objectOp(method, query, headers);
}

function bucketOp(method: string, query: URLSearchParams): S3Op {
  switch (method) {
    case "HEAD":
      return "HeadBucket";
    case "PUT":
      return "CreateBucket";
    case "DELETE":
      return "DeleteBucket";
    case "POST":
      return query.has("delete") ? "DeleteObjects" : "Unknown";
    case "GET":
      return bucketGetOp(query);
  }
  return "Unknown";
}

function bucketGetOp(query: URLSearchParams): S3Op {
  if (query.has("location")) return "GetBucketLocation";
  if (query.has("uploads")) return "ListMultipartUploads";
  if (query.has("versions")) return "ListObjectVersions";
  if (query.get("list-type") === "2") return "ListObjectsV2";
  return "ListObjects";
}

function objectOp(
  method: string,
  query: URLSearchParams,
  headers: Headers,
): S3Op {
  const upload = query.has("uploadId");
  const copy = headers.has("x-amz-copy-source");
  switch (method) {
    case "GET":
      return upload ? "ListParts" : "GetObject";
    case "HEAD":
      return "HeadObject";
    case "DELETE":
      return upload ? "AbortMultipartUpload" : "DeleteObject";
    case "POST":
      if (query.has("uploads")) return "CreateMultipartUpload";
      return upload ? "CompleteMultipartUpload" : "Unknown";
    case "PUT":
      if (upload) return copy ? "UploadPartCopy" : "UploadPart";
      return copy ? "CopyObject" : "PutObject";
  }
  return "Unknown";
}

const DEFAULT_CODES: Record<number, string> = {
  301: "PermanentRedirect",
  400: "InvalidRequest",
  403: "AccessDenied",
  404: "NoSuchKey",
  500: "InternalError",
  501: "NotImplemented",
  503: "SlowDown",
};

/** The S3 error code used when a rule names only a status. */
export function defaultCode(status: number): string {
  return DEFAULT_CODES[status] ?? "InjectedError";
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** An S3 `<Error>` document as MinIO and AWS send it. */
export function errorXml(
  code: string,
  message: string,
  resource: string,
  requestId: string,
): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error>` +
    `<Code>${escapeXml(code)}</Code>` +
    `<Message>${escapeXml(message)}</Message>` +
    `<Resource>${escapeXml(resource)}</Resource>` +
    `<RequestId>${escapeXml(requestId)}</RequestId></Error>`;
}
