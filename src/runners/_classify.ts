/**
 * Maps a failure (an S3 error code, an HTTP status, a network error) to an
 * {@link ErrorClass}. Shared by every runner so all clients report alike.
 *
 * @module
 */
import type { ErrorClass } from "../core/record.ts";

const THROTTLE_CODES = new Set([
  "SlowDown",
  "ServiceUnavailable",
  "RequestLimitExceeded",
  "TooManyRequests",
  "Throttling",
  "ThrottlingException",
  "RequestThrottled",
]);

const NOT_FOUND_CODES = new Set(["NoSuchKey", "NoSuchBucket", "NotFound"]);

/** Classifies an S3 error by code and HTTP status. */
export function classifyS3(
  code: string | undefined,
  status?: number,
): ErrorClass {
  if (code && THROTTLE_CODES.has(code)) return "throttled";
  if (status === 429 || status === 503) return "throttled";
  if (code && NOT_FOUND_CODES.has(code)) return "not_found";
  if (status === 404) return "not_found";
  if (status === 403) return "access_denied";
  if (code === "AccessDenied" || code === "InvalidAccessKeyId") {
    return "access_denied";
  }
  if (code === "SignatureDoesNotMatch") return "access_denied";
  if (status !== undefined && status >= 500) return "server";
  if (status !== undefined && status >= 400) return "client_4xx";
  return "client";
}

/** What we learned about a thrown error. */
export interface Classified {
  errorClass: ErrorClass;
  errorCode: string;
  httpStatus?: number;
  message: string;
}

const CONNECTION_PATTERNS =
  /ECONNRESET|ECONNREFUSED|EPIPE|connection (reset|refused|closed)|error sending request|broken pipe|socket hang up|connection error|tcp connect error|dns error|failed to lookup|ENOTFOUND|EAI_AGAIN/i;

/** Classifies anything an SDK call may throw. */
export function classifyError(err: unknown, aborted: boolean): Classified {
  const e = err as {
    name?: string;
    message?: string;
    Code?: string;
    $metadata?: { httpStatusCode?: number };
    $response?: { statusCode?: number };
  };
  const message = oneLine(e?.message ?? String(err));
  if (aborted || e?.name === "AbortError") {
    return { errorClass: "aborted", errorCode: "Aborted", message };
  }
  if (e?.name === "TimeoutError" || /timed? ?out/i.test(message)) {
    return { errorClass: "timeout", errorCode: "Timeout", message };
  }
  const status = e?.$metadata?.httpStatusCode ?? e?.$response?.statusCode;
  if (status !== undefined) {
    const code = e.Code ?? e.name ?? `Http${status}`;
    const generic = code === "Unknown" || code === "UnknownError";
    return {
      errorClass: classifyS3(generic ? undefined : code, status),
      errorCode: generic ? `Http${status}` : code,
      httpStatus: status,
      message,
    };
  }
  if (CONNECTION_PATTERNS.test(message) || e?.name === "TypeError") {
    return { errorClass: "connection", errorCode: "ConnectionError", message };
  }
  return { errorClass: "client", errorCode: e?.name ?? "Error", message };
}

/** First line of a message, trimmed to a sane length. */
export function oneLine(text: string, max = 300): string {
  const line = text.split("\n")[0].trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** HTTP statuses of the S3 codes a client may print without one. */
const CODE_STATUS: Record<string, number> = {
  NoSuchBucket: 404,
  NoSuchKey: 404,
  NotFound: 404,
  AccessDenied: 403,
  Forbidden: 403,
  InvalidAccessKeyId: 403,
  SignatureDoesNotMatch: 403,
  RequestTimeTooSkewed: 403,
  SlowDown: 503,
  ServiceUnavailable: 503,
  InternalError: 500,
  NotImplemented: 501,
  InvalidBucketName: 400,
  AuthorizationHeaderMalformed: 400,
  PermanentRedirect: 301,
};

/** S3 code names for a bare status, as the SDK names them. */
const STATUS_CODE: Record<number, string> = {
  400: "BadRequest",
  403: "Forbidden",
  404: "NotFound",
  412: "PreconditionFailed",
  500: "InternalError",
  503: "ServiceUnavailable",
};

/** Patterns that pull an S3 code and status out of a client's stderr. */
const ERROR_TEXT_PATTERNS: RegExp[] = [
  // aws CLI: An error occurred (NoSuchBucket) when calling the ... operation
  /An error occurred \((?<code>[^)]+)\) when calling/,
  // rclone (SDK for Go v2): StatusCode: 404, ... api error NoSuchBucket:
  /StatusCode: (?<status>\d{3}),.*?api error (?<code>\w+):/,
  /StatusCode: (?<status>[1-9]\d{2})/,
  // s5cmd (SDK for Go v1): NoSuchBucket: The specified ... status code: 404
  /\b(?<code>[A-Z]\w+): [^"]*?status code: (?<status>\d{3})/,
  /\b(?<code>NoSuchBucket|NoSuchKey|AccessDenied|InvalidAccessKeyId|SignatureDoesNotMatch|SlowDown|RequestTimeTooSkewed)\b/,
];

/** The S3 code and HTTP status found in a client's error text. */
export function parseErrorText(
  text: string,
): { code?: string; status?: number; line?: string } {
  for (const re of ERROR_TEXT_PATTERNS) {
    const m = re.exec(text);
    if (!m?.groups) continue;
    let code = m.groups.code;
    let status = m.groups.status ? Number(m.groups.status) : undefined;
    if (code && /^\d{3}$/.test(code)) {
      status = Number(code);
      code = STATUS_CODE[status] ?? `Http${status}`;
    }
    status ??= code ? CODE_STATUS[code] : undefined;
    return { code: code ?? `Http${status}`, status, line: lineAt(text, m) };
  }
  return {};
}

function lineAt(text: string, m: RegExpExecArray): string {
  const start = text.lastIndexOf("\n", m.index) + 1;
  const end = text.indexOf("\n", m.index);
  return text.slice(start, end < 0 ? undefined : end);
}

const CLIENT_CONNECTION =
  /could not connect to the endpoint|dial tcp|no such host|connect: connection refused|network is unreachable/i;
const CLIENT_TIMEOUT =
  /timed? ?out|deadline exceeded|Read timeout|Connect timeout/i;

/**
 * Classifies a subprocess client's failure from its stderr and exit code,
 * the same way {@link classifyError} does for the SDK. The message names
 * the client, the S3 code and, where there is one, what to do.
 */
export function classifyClientText(
  client: string,
  stderr: string,
  exitCode: number,
): Classified {
  const found = parseErrorText(stderr);
  const detail = cleanLine(found.line ?? lastLine(stderr)) ||
    `exited with code ${exitCode} and no message`;
  let c: Omit<Classified, "message">;
  if (found.code) {
    c = {
      errorClass: classifyS3(found.code, found.status),
      errorCode: found.code,
      httpStatus: found.status,
    };
  } else if (CLIENT_TIMEOUT.test(stderr)) {
    c = { errorClass: "timeout", errorCode: "Timeout" };
  } else if (
    CLIENT_CONNECTION.test(stderr) || CONNECTION_PATTERNS.test(stderr)
  ) {
    c = { errorClass: "connection", errorCode: "ConnectionError" };
  } else {
    c = { errorClass: "client", errorCode: `Exit${exitCode}` };
  }
  return { ...c, message: clientMessage(client, c, detail) };
}

/** `client: Code (HTTP n): detail; what to do: remedy`. */
export function clientMessage(
  client: string,
  c: Omit<Classified, "message">,
  detail: string,
): string {
  const status = c.httpStatus ? ` (HTTP ${c.httpStatus})` : "";
  const remedy = remedyFor(c.errorCode, c.errorClass);
  const text = `${client}: ${c.errorCode}${status}: ${oneLine(detail, 240)}`;
  return remedy ? `${text}; what to do: ${remedy}` : text;
}

/** What the user should do about an error, when there is a clear answer. */
export function remedyFor(
  code: string,
  errorClass: ErrorClass,
): string | undefined {
  switch (code) {
    case "NoSuchBucket":
      return "create the bucket, or set create_bucket: true";
    case "InvalidAccessKeyId":
      return "the server does not know this access key; check AWS_ACCESS_KEY_ID or the profile";
    case "SignatureDoesNotMatch":
      return "the secret key does not match the access key; check AWS_SECRET_ACCESS_KEY (and the region)";
    case "RequestTimeTooSkewed":
      return "synchronise this machine's clock (NTP)";
  }
  if (errorClass === "access_denied") {
    return "grant the credentials access to the bucket and its objects";
  }
  if (errorClass === "connection") {
    return "check the endpoint URL and that the server is running";
  }
  return undefined;
}

/** A stderr line without the client's timestamp and level prefixes. */
function cleanLine(line: string): string {
  return line
    .replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d (ERROR|NOTICE|INFO) : /, "")
    .replace(/^ERROR /, "")
    .trim();
}

function lastLine(text: string): string {
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l);
  return lines.at(-1) ?? "";
}
