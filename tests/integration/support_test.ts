/**
 * Tests of the test support itself: MinIO lifecycle, the S3 helpers and
 * every action of the fault-injecting proxy, each against a real MinIO.
 */
import assert from "node:assert/strict";
import {
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ServiceException,
} from "@aws-sdk/client-s3";
import { FetchHttpHandler } from "@smithy/fetch-http-handler";
import {
  CHECKSUM_HEADERS,
  createBucket,
  deleteAll,
  type FaultProxy,
  findHeader,
  getObject,
  getObjectMd5,
  listAll,
  md5Hex,
  type MinioServer,
  type ProxyRule,
  putObject,
  rejectHeaders,
  s3Client,
  sharedMinio,
  startMinio,
  startProxy,
  uniqueBucket,
} from "../support/mod.ts";
import { findMinio } from "../support/_minio_process.ts";

const KiB = 1024;

/** Random bytes (getRandomValues fills at most 64 KiB at a time). */
function randomBytes(size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let at = 0; at < size; at += 65536) {
    crypto.getRandomValues(out.subarray(at, Math.min(size, at + 65536)));
  }
  return out;
}

/** The shared server, a fresh bucket, and one object `obj.bin` in it. */
async function fixture(size = 4 * KiB) {
  const minio = await sharedMinio();
  const bucket = uniqueBucket();
  await createBucket(minio, bucket);
  const data = randomBytes(size);
  await putObject(minio, bucket, "obj.bin", data);
  return { minio, bucket, data };
}

/** An SDK client (no retries) that talks to `proxy` as `minio`'s user. */
function viaProxy(minio: MinioServer, proxy: FaultProxy): S3Client {
  return s3Client({ ...minio, endpoint: proxy.endpoint });
}

/** The SDK error `promise` rejects with. */
async function sdkError(promise: Promise<unknown>) {
  const err = await promise.then(
    () => assert.fail("expected the request to fail"),
    (e) => e as S3ServiceException,
  );
  return err;
}

Deno.test("minio starts with a region, answers and stops cleanly", async () => {
  const minio = await startMinio({ region: "eu-west-1" });
  try {
    assert.match(minio.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(minio.region, "eu-west-1");
    assert.equal(minio.env().AWS_REGION, "eu-west-1");
    await createBucket(minio, "regional");
    assert.ok((await Deno.stat(minio.dataDir)).isDirectory);
  } finally {
    await minio.stop();
  }
  await assert.rejects(Deno.stat(minio.dataDir), Deno.errors.NotFound);
  await assert.rejects(fetch(`${minio.endpoint}/minio/health/live`));
});

Deno.test("a missing minio binary names scripts/setup.sh", async () => {
  const empty = await Deno.makeTempDir();
  try {
    const env = { S3FLOOD_TOOLS: empty, HOME: empty, PATH: empty };
    await assert.rejects(findMinio(env), /scripts\/setup\.sh/);
  } finally {
    await Deno.remove(empty);
  }
});

Deno.test("s3 helpers round-trip objects", async () => {
  const { minio, bucket, data } = await fixture(100 * KiB);
  await putObject(minio, bucket, "dir/a+b c.txt", "hello");
  await putObject(minio, bucket, "dir/empty", new Uint8Array());

  const listed = await listAll(minio, bucket, "dir/");
  assert.deepEqual(listed, [
    { key: "dir/a+b c.txt", size: 5 },
    { key: "dir/empty", size: 0 },
  ]);
  assert.deepEqual(await getObject(minio, bucket, "obj.bin"), data);
  assert.equal(await getObjectMd5(minio, bucket, "obj.bin"), md5Hex(data));

  assert.equal(await deleteAll(minio, bucket, "dir/"), 2);
  assert.deepEqual(await listAll(minio, bucket, "dir/"), []);
  assert.equal((await listAll(minio, bucket)).length, 1);
});

Deno.test("proxy forwards signed requests unchanged", async () => {
  const { minio, bucket, data } = await fixture();
  await using proxy = await startProxy(minio.endpoint);
  const s3 = viaProxy(minio, proxy);

  const key = "a+b/with space/café.bin";
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: data }));
  const head = await s3.send(
    new HeadObjectCommand({ Bucket: bucket, Key: key }),
  );
  assert.equal(head.ContentLength, data.byteLength);
  assert.deepEqual(await getObject(minio, bucket, key), data);

  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  assert.deepEqual(await got.Body?.transformToByteArray(), data);
  const seen = proxy.log.map((e) => [e.op, e.status, e.attempt]);
  assert.deepEqual(seen, [
    ["PutObject", 200, 1],
    ["HeadObject", 200, 1],
    ["GetObject", 200, 1],
  ]);
  assert.equal(proxy.log[0].requestBytes, data.byteLength);
  assert.equal(proxy.log[2].responseBytes, data.byteLength);
});

Deno.test("proxy injects S3 errors the SDK reports by code", async () => {
  const { minio, bucket, data } = await fixture();
  const rule: ProxyRule = (req) =>
    req.op === "PutObject" && req.attempt <= 2
      ? { kind: "error", status: 503, code: "SlowDown" }
      : undefined;
  await using proxy = await startProxy(minio.endpoint, rule);
  const s3 = viaProxy(minio, proxy);
  const put = () =>
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: data }));

  for (let attempt = 1; attempt <= 2; attempt++) {
    const err = await sdkError(put());
    assert.equal(err.name, "SlowDown");
    assert.equal(err.$metadata.httpStatusCode, 503);
  }
  await put();
  assert.deepEqual(proxy.log.map((e) => e.status), [503, 503, 200]);
  assert.equal(proxy.log[0].requestBytes, data.byteLength);
});

Deno.test("proxy answers HEAD with empty body and extra headers", async () => {
  const { minio, bucket } = await fixture();
  const region = { "x-amz-bucket-region": "eu-central-1" };
  await using proxy = await startProxy(
    minio.endpoint,
    (req) =>
      req.op === "HeadBucket"
        ? { kind: "error", status: 301, headers: region, emptyBody: true }
        : undefined,
  );
  const s3 = viaProxy(minio, proxy);

  const err = await sdkError(
    s3.send(new HeadBucketCommand({ Bucket: bucket })),
  );
  assert.equal(err.$metadata.httpStatusCode, 301);
  const headers = err.$response?.headers ?? {};
  assert.equal(headers["x-amz-bucket-region"], "eu-central-1");

  proxy.setRules((req) =>
    req.op === "HeadBucket" ? { kind: "error", status: 404 } : undefined
  );
  const missing = await sdkError(
    s3.send(new HeadBucketCommand({ Bucket: bucket })),
  );
  assert.equal(missing.name, "NotFound");
  assert.equal(missing.$metadata.httpStatusCode, 404);
});

Deno.test("proxy delays and holds requests", async () => {
  const { minio, bucket } = await fixture();
  await using proxy = await startProxy(
    minio.endpoint,
    () => ({ kind: "delay", ms: 300 }),
  );
  const s3 = viaProxy(minio, proxy);
  const head = () =>
    s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "obj.bin" }));

  let start = performance.now();
  await head();
  assert.ok(performance.now() - start >= 290, "delay of 300 ms");

  proxy.setRules(() => ({ kind: "hold", ms: 400 }));
  start = performance.now();
  await Promise.all(Array.from({ length: 20 }, head));
  const took = performance.now() - start;
  assert.ok(took >= 390 && took < 2000, `20 held requests took ${took} ms`);
  assert.equal(proxy.maxConcurrent, 20);
  assert.equal(proxy.current, 0);
});

/** Reads `stream` until it ends or fails; returns bytes read and error. */
async function readCounting(stream: ReadableStream<Uint8Array>) {
  let bytes = 0;
  try {
    for await (const chunk of stream) bytes += chunk.byteLength;
    return { bytes, error: undefined };
  } catch (error) {
    return { bytes, error };
  }
}

Deno.test("proxy cuts a GET body short and closes", async () => {
  const { minio, bucket } = await fixture(256 * KiB);
  await using proxy = await startProxy(
    minio.endpoint,
    (req) =>
      req.op === "GetObject"
        ? { kind: "truncate", bytes: 64 * KiB, then: "close" }
        : undefined,
  );
  const s3 = viaProxy(minio, proxy);

  const res = await s3.send(
    new GetObjectCommand({ Bucket: bucket, Key: "obj.bin" }),
  );
  assert.equal(res.ContentLength, 256 * KiB);
  const body = res.Body?.transformToWebStream() as ReadableStream<Uint8Array>;
  const read = await readCounting(body);
  assert.equal(read.bytes, 64 * KiB);
  assert.ok(read.error, "a cut body must fail, not end cleanly");
  assert.equal(proxy.log[0].responseBytes, 64 * KiB);
});

Deno.test("proxy stalls a GET body until it stops", async () => {
  const { minio, bucket } = await fixture(256 * KiB);
  const proxy = await startProxy(
    minio.endpoint,
    (req) =>
      req.op === "GetObject"
        ? { kind: "truncate", bytes: 16 * KiB, then: "stall" }
        : undefined,
  );
  const s3 = viaProxy(minio, proxy);

  const res = await s3.send(
    new GetObjectCommand({ Bucket: bucket, Key: "obj.bin" }),
  );
  const body = res.Body?.transformToWebStream() as ReadableStream<Uint8Array>;
  const reading = readCounting(body);
  const outcome = await Promise.race([
    reading.then(() => "ended"),
    new Promise((resolve) => setTimeout(() => resolve("stalled"), 700)),
  ]);
  assert.equal(outcome, "stalled");
  await proxy.stop();
  const read = await reading;
  assert.equal(read.bytes, 16 * KiB);
  assert.ok(read.error, "the stalled body fails once the proxy stops");
});

Deno.test("proxy rejects checksum headers the way old stores do", async () => {
  const { minio, bucket, data } = await fixture();
  await using proxy = await startProxy(minio.endpoint, rejectHeaders());
  const eager = new S3Client({
    endpoint: proxy.endpoint,
    region: minio.region,
    credentials: {
      accessKeyId: minio.accessKey,
      secretAccessKey: minio.secretKey,
    },
    forcePathStyle: true,
    requestHandler: new FetchHttpHandler(),
    maxAttempts: 1,
  });
  const put = new PutObjectCommand({ Bucket: bucket, Key: "c", Body: data });

  const err = await sdkError(eager.send(put));
  assert.equal(err.name, "NotImplemented");
  assert.equal(err.$metadata.httpStatusCode, 501);
  assert.match(err.message, /x-amz-(checksum|sdk-checksum|trailer)/);

  await viaProxy(minio, proxy).send(put);
  const last = proxy.log[proxy.log.length - 1];
  assert.equal(last.status, 200);
  const headers = new Headers(last.headers);
  assert.equal(findHeader(headers, CHECKSUM_HEADERS), undefined);
});

Deno.test("proxy hashes PUT bodies and answers a chosen status", async () => {
  const { minio, bucket } = await fixture();
  const data = randomBytes(1024 * KiB);
  await using proxy = await startProxy(
    minio.endpoint,
    (req) =>
      req.op === "PutObject"
        ? { kind: "hashBody", then: req.attempt === 1 ? 500 : "forward" }
        : undefined,
  );
  const s3 = viaProxy(minio, proxy);
  const put = () =>
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: "h", Body: data }));

  const err = await sdkError(put());
  assert.equal(err.name, "InternalError");
  assert.equal(err.$metadata.httpStatusCode, 500);
  await put();

  for (const entry of proxy.log) {
    assert.equal(entry.bodyMd5, md5Hex(data));
    assert.equal(entry.requestBytes, data.byteLength);
  }
  assert.deepEqual(proxy.log.map((e) => e.status), [500, 200]);
  assert.equal(await getObjectMd5(minio, bucket, "h"), md5Hex(data));
});
