/**
 * The preflight: before any load, check that each endpoint answers, its
 * clock agrees with ours, the bucket exists (or create it when asked) and
 * the credentials are accepted. Each failure is one PreflightError with the
 * S3 code and what to do; no load is sent after one.
 *
 * @module
 */
import {
  CreateBucketCommand,
  ListObjectsV2Command,
  S3Client,
} from "@aws-sdk/client-s3";
import http from "node:http";
import https from "node:https";
import type { Settings } from "../config/settings.ts";
import { PreflightError } from "../core/errors.ts";
import { classifyError } from "./_classify.ts";
import { sdkClientConfig } from "./sdk.ts";
import type { Runner } from "./runner.ts";

/** What the preflight found. */
export interface PreflightResult {
  /** Notices such as "created bucket". */
  notes: string[];
  /** Server clock minus ours, per endpoint, in ms (when known). */
  clockSkewMs: Record<string, number>;
  /** True when this run created the bucket. */
  createdBucket: boolean;
}

const MAX_SKEW_MS = 15 * 60_000;
const WARN_SKEW_MS = 60_000;

/** Describes where credentials come from, for messages. */
export function credentialSourceText(s: Settings): string {
  const c = s.credentials;
  switch (c.kind) {
    case "config":
      return `the config file (access key ${mask(c.accessKeyId)})`;
    case "env":
      return `AWS_ACCESS_KEY_ID in the environment (${mask(c.accessKeyId)})`;
    case "profile":
      return `AWS profile '${c.profile}'`;
    case "chain":
      return "the default AWS credential chain";
  }
}

function mask(id: string): string {
  return id.length <= 4 ? "****" : `${id.slice(0, 4)}****`;
}

/**
 * One unsigned HEAD of the endpoint's root with the run's TLS settings
 * (CA file, or no verification when asked); resolves with its Date header.
 */
function headRoot(s: Settings, endpoint: string): Promise<{ date?: string }> {
  const url = new URL(`${endpoint}/`);
  const get = url.protocol === "https:" ? https.request : http.request;
  const ca = s.caFile ? Deno.readTextFileSync(s.caFile) : undefined;
  return new Promise((resolve, reject) => {
    const req = get(url, {
      method: "HEAD",
      timeout: s.timeouts.connectMs,
      rejectUnauthorized: s.tlsVerify,
      ca,
    }, (res) => {
      res.resume();
      resolve({ date: res.headers.date });
    });
    req.on("timeout", () => req.destroy(new Error("connect timed out")));
    req.on("error", reject);
    req.end();
  });
}

const TLS_PROBLEM =
  /certificate|self[- ]signed|unknown ?issuer|UnknownIssuer|CERT_|tls|ssl/i;

function unreachable(endpoint: string, err: unknown): PreflightError {
  const reason = (err as Error).message?.split("\n")[0] ?? String(err);
  if (TLS_PROBLEM.test(reason)) {
    return new PreflightError(
      `TLS handshake with ${endpoint} failed: ${reason}`,
      "TlsCertificate",
      "trust the server's CA with ca_file: /path/to/ca.pem, or (test " +
        "setups only) set tls_verify: false",
    );
  }
  return new PreflightError(
    `endpoint ${endpoint} is not reachable: ${reason}`,
    "EndpointUnreachable",
    "check the URL and port, and that the server is running " +
      "(for a local MinIO: scripts/minio.sh start)",
  );
}

/** Runs the preflight against every endpoint (or AWS when none). */
export async function preflight(
  s: Settings,
  now: () => number = Date.now,
): Promise<PreflightResult> {
  const result: PreflightResult = {
    notes: [],
    clockSkewMs: {},
    createdBucket: false,
  };
  const endpoints = s.endpoints.length > 0 ? s.endpoints : [undefined];
  for (const ep of endpoints) {
    if (ep) {
      const skew = await probeEndpoint(s, ep, now);
      if (skew !== undefined) result.clockSkewMs[ep] = skew;
      if (skew !== undefined && Math.abs(skew) > WARN_SKEW_MS) {
        result.notes.push(
          `clock of ${ep} differs from ours by ${Math.round(skew / 1000)} s`,
        );
      }
    }
    await checkBucket(s, ep, result);
  }
  return result;
}

async function probeEndpoint(
  s: Settings,
  endpoint: string,
  now: () => number,
): Promise<number | undefined> {
  let res: { date?: string };
  try {
    res = await headRoot(s, endpoint);
  } catch (err) {
    throw unreachable(endpoint, err);
  }
  const date = res.date;
  if (!date) return undefined;
  const skew = Date.parse(date) - now();
  if (Math.abs(skew) > MAX_SKEW_MS) {
    throw new PreflightError(
      `clock of ${endpoint} differs from this machine's by ${
        Math.round(skew / 1000)
      } s; S3 refuses requests over 15 minutes off (RequestTimeTooSkewed)`,
      "RequestTimeTooSkewed",
      "synchronise this machine's clock (NTP) or the server's",
    );
  }
  return skew;
}

async function checkBucket(
  s: Settings,
  endpoint: string | undefined,
  result: PreflightResult,
): Promise<void> {
  const client = new S3Client(sdkClientConfig(s, endpoint));
  const where = endpoint ?? `AWS (${s.region})`;
  try {
    await client.send(
      new ListObjectsV2Command({
        Bucket: s.bucket,
        MaxKeys: 1,
        Prefix: s.prefix,
      }),
    );
  } catch (err) {
    const code = errorCode(err);
    if (code === "NoSuchBucket" && s.createBucket) {
      await createBucket(client, s, where);
      result.createdBucket = true;
      result.notes.push(`created bucket '${s.bucket}' at ${where}`);
      return;
    }
    throw bucketError(s, where, err);
  } finally {
    client.destroy();
  }
}

async function createBucket(
  client: S3Client,
  s: Settings,
  where: string,
): Promise<void> {
  const config = s.region === "us-east-1"
    ? undefined
    : { LocationConstraint: s.region as never };
  try {
    await client.send(
      new CreateBucketCommand({
        Bucket: s.bucket,
        CreateBucketConfiguration: config,
      }),
    );
  } catch (err) {
    if (errorCode(err) === "BucketAlreadyOwnedByYou") return;
    throw bucketError(s, where, err, "creating");
  }
}

function errorCode(err: unknown): string {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  if (
    status === 404 &&
    (!e.name || e.name === "NotFound" || e.name === "UnknownError")
  ) {
    return "NoSuchBucket";
  }
  return e.name ?? "Unknown";
}

function headerOf(err: unknown, name: string): string | undefined {
  const h = (err as { $response?: { headers?: Record<string, string> } })
    .$response?.headers;
  return h?.[name] ?? h?.[name.toLowerCase()];
}

/** Maps a bucket check failure to one clear message with its remedy. */
export function bucketError(
  s: Settings,
  where: string,
  err: unknown,
  action = "checking",
): PreflightError {
  const code = errorCode(err);
  const c = classifyError(err, false);
  const status = c.httpStatus ? ` (HTTP ${c.httpStatus})` : "";
  const region = headerOf(err, "x-amz-bucket-region") ??
    /expecting '([a-z0-9-]+)'/.exec(c.message)?.[1];
  if (region && region !== s.region) {
    return new PreflightError(
      `bucket '${s.bucket}' is in region ${region}, but requests are signed for ${s.region} (${code}${status})`,
      code,
      `set region: ${region}`,
      err,
    );
  }
  if (code === "NoSuchBucket") {
    return new PreflightError(
      `bucket '${s.bucket}' not found at ${where} (NoSuchBucket${status})`,
      code,
      "create it, or set create_bucket: true in the config",
      err,
    );
  }
  if (c.errorClass === "access_denied") {
    return new PreflightError(
      `access denied ${action} bucket '${s.bucket}' at ${where} with credentials from ${
        credentialSourceText(s)
      } (${code}${status})`,
      code,
      accessHint(code),
      err,
    );
  }
  if (c.errorClass === "connection" || c.errorClass === "timeout") {
    const dns = /lookup|dns|ENOTFOUND|EAI_AGAIN/i.test(c.message);
    const hint = dns && s.addressing === "virtual"
      ? `virtual-hosted addressing needs DNS for '${s.bucket}.<host>'; set addressing: path`
      : "check the endpoint URL and that the server is running";
    return new PreflightError(
      `cannot reach ${where} ${action} bucket '${s.bucket}': ${c.message}`,
      c.errorCode,
      hint,
      err,
    );
  }
  return new PreflightError(
    `${action} bucket '${s.bucket}' at ${where} failed: ${code}${status}: ${c.message}`,
    code,
    "see the S3 error code above; check the endpoint, region and bucket",
    err,
  );
}

function accessHint(code: string): string {
  if (code === "InvalidAccessKeyId") {
    return "the access key is not known to this server; check AWS_ACCESS_KEY_ID or the profile";
  }
  if (code === "SignatureDoesNotMatch") {
    return "the secret key does not match the access key; check AWS_SECRET_ACCESS_KEY";
  }
  return "grant the credentials s3:ListBucket, s3:PutObject, s3:GetObject and s3:DeleteObject on the bucket";
}

/**
 * Checks, before any load, that the run's subprocess client works with
 * these settings: one listing of the run's own (still empty) prefix through
 * the client, per endpoint. A failure names the client, the S3 code and
 * what to do.
 */
export async function clientPreflight(
  runner: Runner,
  s: Settings,
  runPrefix: string,
): Promise<void> {
  if (runner.name === "sdk") return;
  for (const ep of s.endpoints.length > 0 ? s.endpoints : [""]) {
    const { error } = await runner.list(runPrefix, ep);
    if (!error) continue;
    const [what, remedy] = (error.message ?? "").split("; what to do: ");
    throw new PreflightError(
      `client ${runner.name} cannot list bucket '${s.bucket}' at ${
        ep || `AWS (${s.region})`
      }: ${what}`,
      error.errorCode ?? "Unknown",
      remedy ?? "run `s3flood clients`, and see the client's settings with " +
          "`s3flood config validate`",
    );
  }
}
