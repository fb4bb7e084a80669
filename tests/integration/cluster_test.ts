/**
 * Cluster mode (C17, read affinity) and the GET body faults of C15.
 */
import assert from "node:assert/strict";
import {
  sharedMinio,
  startMinio,
  startProxy,
  uniqueBucket,
} from "../support/mod.ts";
import { ExitCode } from "../../src/core/exit_codes.ts";
import { workspace } from "./_run_helpers.ts";
import { phase, readOps, readReport } from "./_report.ts";

const DATA = `dataset:
  root: ./data
  seed: 31
  groups:
    small: { count: 40, min_size: 1KiB, max_size: 8KiB }
`;

Deno.test("C17: two endpoints, mixed 70/30, PUT errors on the second only", async () => {
  const minio = await sharedMinio();
  await using a = await startProxy(minio.endpoint);
  let puts = 0;
  await using b = await startProxy(
    minio.endpoint,
    (req) =>
      req.op === "PutObject" && ++puts % 20 === 0
        ? { kind: "error", status: 500, code: "InternalError" }
        : undefined,
  );
  const yaml = `endpoints: [${a.endpoint}, ${b.endpoint}]
bucket: ${uniqueBucket()}
create_bucket: true
prefix: it/cluster
${DATA}
profile: mix7030
profiles: { mix7030: { read: 70, write: 30 } }
ops: 1000
concurrency: 8
retry: { max_attempts: 1 }
max_error_rate: 0.2
`;
  await using ws = await workspace(yaml, minio);
  const res = await ws.run();
  assert.equal(res.code, ExitCode.OK, res.stderr);
  const [dir] = await ws.runDirs();
  const report = await readReport(dir);
  const mixed = phase(report, "mix7030");
  assert.equal(mixed.totals.count, 1000);

  const byEp = (op: "get" | "put") => mixed.byOpEndpoint[op]!;
  const epCount = (ep: string) =>
    (byEp("get")[ep]?.count ?? 0) + (byEp("put")[ep]?.count ?? 0);
  const na = epCount(a.endpoint);
  const nb = epCount(b.endpoint);
  assert.equal(na + nb, 1000);
  assert.ok(
    Math.abs(na - 500) <= 2 && Math.abs(nb - 500) <= 2,
    `${na} / ${nb}`,
  );

  const gets = mixed.byOp.get!.count;
  assert.ok(Math.abs(gets / 1000 - 0.7) <= 0.02, `get share ${gets / 1000}`);
  assert.equal(gets + mixed.byOp.put!.count, 1000);

  const putErrors = mixed.byOp.put!.errors;
  assert.ok(putErrors > 0);
  assert.equal(byEp("put")[b.endpoint].errors, putErrors);
  assert.equal(byEp("put")[a.endpoint].errors, 0);
  assert.equal(mixed.totals.errors, putErrors);

  for (const op of ["get", "put"] as const) {
    const parts = Object.values(byEp(op));
    const sum = (k: "count" | "bytes" | "errors") =>
      parts.reduce((n, s) => n + s[k], 0);
    assert.equal(sum("count"), mixed.byOp[op]!.count);
    assert.equal(sum("bytes"), mixed.byOp[op]!.bytes);
    assert.equal(sum("errors"), mixed.byOp[op]!.errors);
  }
  const rows = (await readOps(dir)).filter((r) => r.phase === "mix7030");
  assert.equal(rows.length, 1000);
  assert.equal(
    rows.filter((r) => r.endpoint === b.endpoint && r.ok === "false").length,
    putErrors,
  );
  const okBytes = rows.filter((r) => r.ok === "true").reduce(
    (n, r) => n + Number(r.bytes),
    0,
  );
  assert.equal(okBytes, mixed.totals.bytes);
});

Deno.test("read_affinity: same reads each key through the endpoint that wrote it", async () => {
  const creds = { accessKey: "s3flood-it", secretKey: "s3flood-it-secret" };
  await using one = await startMinio(creds);
  await using two = await startMinio(creds);
  const bucket = uniqueBucket();
  const yaml = `endpoints: [${one.endpoint}, ${two.endpoint}]
bucket: ${bucket}
create_bucket: true
prefix: it/affinity
${DATA}
profile: read
read_affinity: same
concurrency: 4
`;
  await using ws = await workspace(yaml, one);
  const res = await ws.run();
  assert.equal(res.code, ExitCode.OK, res.stderr);
  const [dir] = await ws.runDirs();
  const rows = await readOps(dir);
  const writer = new Map(
    rows.filter((r) => r.op === "put").map((r) => [r.key, r.endpoint]),
  );
  const reads = rows.filter((r) => r.op === "get");
  assert.equal(reads.length, 40);
  for (const r of reads) assert.equal(r.endpoint, writer.get(r.key), r.key);
  assert.ok(reads.every((r) => r.ok === "true"));
  const report = await readReport(dir);
  const read = phase(report, "read");
  const perEndpoint = read.byOpEndpoint.get!;
  const counts = Object.values(perEndpoint).map((s) => s.count);
  assert.equal(counts.length, 2);
  assert.equal(counts[0] + counts[1], read.totals.count);
  for (const [ep, stats] of Object.entries(perEndpoint)) {
    assert.equal(reads.filter((r) => r.endpoint === ep).length, stats.count);
  }
  assert.match(res.stdout, new RegExp(one.endpoint.replace(/[.:/]/g, "\\$&")));
});

const BIG = `dataset:
  root: ./data
  seed: 32
  groups:
    big: { count: 2, min_size: 8MiB, max_size: 8MiB }
`;

Deno.test("C15a: a stalled GET body fails as stalled after the idle timeout, then the retry succeeds", async () => {
  const minio = await sharedMinio();
  await using proxy = await startProxy(
    minio.endpoint,
    (req) =>
      req.op === "GetObject" && req.attempt === 1
        ? { kind: "truncate", bytes: 1024 * 1024, then: "stall" }
        : undefined,
  );
  const yaml = `endpoint: ${proxy.endpoint}
bucket: ${uniqueBucket()}
create_bucket: true
prefix: it/stall
${BIG}
profile: read
concurrency: 2
timeouts: { idle: 2s }
retry: { max_attempts: 2, base_delay: 10ms }
`;
  await using ws = await workspace(yaml, minio);
  const res = await ws.run();
  assert.equal(res.code, ExitCode.OK, res.stderr);
  const [dir] = await ws.runDirs();
  const rows = (await readOps(dir)).filter((r) => r.op === "get");
  const stalled = rows.filter((r) => r.error_class === "body_stalled");
  assert.equal(stalled.length, 2);
  for (const r of stalled) {
    assert.equal(r.bytes, String(1024 * 1024));
    assert.match(
      r.message,
      /body stalled: no data for 2000 ms after 1048576 of 8388608 bytes/,
    );
    const silent = Number(r.end_ms) - Number(r.first_byte_ms);
    assert.ok(
      silent >= 2000 && silent < 3500,
      `failed ${silent} ms after headers`,
    );
  }
  const get = phase(await readReport(dir), "read").byOp.get!;
  assert.equal(get.ok, 2);
  assert.equal(get.bytes, 2 * 8 * 2 ** 20, "failed attempts are not goodput");
  assert.equal(get.failedBytes, 2 * 2 ** 20);
});

Deno.test("C15b: a GET body cut short fails at once as truncated, never as success", async () => {
  const minio = await sharedMinio();
  await using proxy = await startProxy(
    minio.endpoint,
    (req) =>
      req.op === "GetObject"
        ? { kind: "truncate", bytes: 1024 * 1024, then: "close" }
        : undefined,
  );
  const yaml = `endpoint: ${proxy.endpoint}
bucket: ${uniqueBucket()}
create_bucket: true
prefix: it/trunc
${BIG}
profile: read
concurrency: 2
retry: { max_attempts: 1 }
max_error_rate: 1
`;
  await using ws = await workspace(yaml, minio);
  const res = await ws.run();
  assert.equal(res.code, ExitCode.OK, res.stderr);
  const [dir] = await ws.runDirs();
  const rows = (await readOps(dir)).filter((r) => r.op === "get");
  assert.equal(rows.length, 2);
  for (const r of rows) {
    assert.equal(r.ok, "false");
    assert.equal(r.error_class, "body_truncated");
    assert.match(r.message, /^truncated: 1048576 of 8388608 bytes/);
    assert.equal(r.bytes, String(1024 * 1024));
    assert.ok(Number(r.end_ms) - Number(r.start_ms) < 1500);
  }
  const get = phase(await readReport(dir), "read").byOp.get!;
  assert.equal(get.ok, 0);
  assert.equal(get.bytes, 0);
});
