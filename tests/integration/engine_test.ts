/**
 * The workload engine against a real MinIO, with the fault proxy where a
 * case needs the server to misbehave: open and closed models, throttles,
 * retries and backoff, timeouts, cluster mode.
 */
import assert from "node:assert/strict";
import {
  type FaultProxy,
  type S3Target,
  sharedMinio,
  startProxy,
  uniqueBucket,
} from "../support/mod.ts";
import { ExitCode } from "../../src/core/exit_codes.ts";
import { workspace } from "./_run_helpers.ts";
import { phase, readOps, readReport } from "./_report.ts";

function config(endpoint: string, bucket: string, body: string): string {
  return `endpoint: ${endpoint}
bucket: ${bucket}
create_bucket: true
prefix: it/engine
${body}`;
}

const SMALL = `dataset:
  root: ./data
  seed: 11
  groups:
    small: { count: 20, min_size: 4KiB, max_size: 4KiB }
`;

/** Holds every GET that arrives within [from, from + ms) until from + ms. */
function stallWindow(from: number, ms: number) {
  return (req: { op?: string }) => {
    const now = Date.now();
    if (req.op !== "GetObject" || now < from || now >= from + ms) {
      return undefined;
    }
    return { kind: "delay" as const, ms: from + ms - now };
  };
}

/** Runs `yaml` (expecting exit 0) and returns the named phase's figures. */
async function runPhase(yaml: string, minio: S3Target, name: string) {
  await using ws = await workspace(yaml, minio);
  const res = await ws.run();
  assert.equal(res.code, ExitCode.OK, res.stderr);
  return phase(await readReport((await ws.runDirs())[0]), name);
}

Deno.test("open model: 200 ops/s for 5 s is achieved within 2%", async () => {
  const minio = await sharedMinio();
  const yaml = config(
    minio.endpoint,
    uniqueBucket(),
    SMALL +
      "profile: read\nmodel: open\nrate: 200\nduration: 5s\n",
  );
  await using ws = await workspace(yaml, minio);
  const res = await ws.run();
  assert.equal(res.code, ExitCode.OK, res.stderr);
  const read = phase(await readReport((await ws.runDirs())[0]), "read");
  const achieved = read.totals.count / 5;
  assert.ok(Math.abs(achieved / 200 - 1) < 0.02, `achieved ${achieved}/s`);
  assert.equal(read.totals.errors, 0);
  assert.equal(read.dropped, 0);
  assert.equal(read.totals.startLagMs.n, read.totals.count);
});

Deno.test("open model: arrivals over max_in_flight are dropped and counted", async () => {
  const minio = await sharedMinio();
  await using proxy = await startProxy(
    minio.endpoint,
    (req) => req.op === "GetObject" ? { kind: "delay", ms: 200 } : undefined,
  );
  const yaml = config(
    proxy.endpoint,
    uniqueBucket(),
    SMALL +
      "profile: read\nmodel: open\nrate: 100\nduration: 2s\nmax_in_flight: 2\n",
  );
  await using ws = await workspace(yaml, minio);
  const res = await ws.run();
  assert.equal(res.code, ExitCode.OK, res.stderr);
  const report = await readReport((await ws.runDirs())[0]);
  const read = phase(report, "read");
  assert.ok(read.totals.count <= 22, `${read.totals.count} ran`);
  assert.equal(read.totals.count + read.dropped!, 200);
  assert.ok(
    report.notes.some((n) => /arrivals dropped at the in-flight cap/.test(n)),
  );
  assert.match(res.stdout, /open model: \d+ dropped, start lag/);
});

Deno.test("a 1 s stall shows in the open model's p99, not the closed model's", async () => {
  const minio = await sharedMinio();
  await using proxy = await startProxy(minio.endpoint);
  const withStall = async (load: string) => {
    const yaml = config(
      proxy.endpoint,
      uniqueBucket(),
      SMALL +
        `profile: read\nduration: 4s\n${load}`,
    );
    await using ws = await workspace(yaml, minio);
    proxy.setRules(undefined);
    proxy.reset();
    const running = ws.run();
    await waitForGets(proxy);
    proxy.setRules(stallWindow(Date.now() + 1000, 1000));
    const res = await running;
    assert.equal(res.code, ExitCode.OK, res.stderr);
    return phase(await readReport((await ws.runDirs())[0]), "read");
  };
  const open = await withStall("model: open\nrate: 100\n");
  const closed = await withStall("concurrency: 2\n");
  const openP99 = open.byOp.get!.latencyMs.p99!;
  const closedP99 = closed.byOp.get!.latencyMs.p99!;
  assert.ok(openP99 > 500, `open p99 ${openP99} ms should include the stall`);
  assert.ok(closedP99 < 200, `closed p99 ${closedP99} ms hides the stall`);
  assert.ok(closed.byOp.get!.latencyMs.max! > 500, "the stall is in max");
});

async function waitForGets(proxy: FaultProxy): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (proxy.log.some((e) => e.op === "GetObject")) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("no GET reached the proxy");
}

Deno.test("throttle: 20 MB/s is achieved within 5%", async () => {
  const minio = await sharedMinio();
  const yaml = config(
    minio.endpoint,
    uniqueBucket(),
    `dataset:
  root: ./data
  seed: 12
  groups:
    big: { count: 8, min_size: 2MB, max_size: 2MB }
profile: write
concurrency: 4
duration: 4s
max_throughput_mbps: 20
`,
  );
  const write = await runPhase(yaml, minio, "write");
  const mbps = write.totals.mbPerSec!;
  assert.ok(Math.abs(mbps / 20 - 1) < 0.05, `achieved ${mbps} MB/s`);
});

Deno.test("throttle: 50 IOPS is achieved within 2%", async () => {
  const minio = await sharedMinio();
  const yaml = config(
    minio.endpoint,
    uniqueBucket(),
    SMALL +
      "profile: write\nconcurrency: 8\nduration: 4s\nmax_iops: 50\n",
  );
  const write = await runPhase(yaml, minio, "write");
  const iops = write.totals.opsPerSec!;
  assert.ok(Math.abs(iops / 50 - 1) < 0.02, `achieved ${iops} ops/s`);
});

Deno.test("throttle_per_worker gives each worker the limit", async () => {
  const minio = await sharedMinio();
  const yaml = config(
    minio.endpoint,
    uniqueBucket(),
    SMALL +
      "profile: write\nconcurrency: 4\nduration: 4s\nmax_iops: 5\n" +
      "throttle_per_worker: true\n",
  );
  const write = await runPhase(yaml, minio, "write");
  const iops = write.totals.opsPerSec!;
  assert.ok(Math.abs(iops / 20 - 1) < 0.05, `achieved ${iops} ops/s`);
});

const RETRY = "retry: { max_attempts: 5, base_delay: 100ms, max_delay: 5s }\n";

Deno.test("C05: 503 SlowDown twice per key, then success", async () => {
  const minio = await sharedMinio();
  await using proxy = await startProxy(
    minio.endpoint,
    (req) =>
      req.op === "PutObject" && req.attempt <= 2
        ? { kind: "error", status: 503, code: "SlowDown" }
        : undefined,
  );
  const yaml = config(
    proxy.endpoint,
    uniqueBucket(),
    SMALL + RETRY +
      "profile: write\nconcurrency: 4\n",
  );
  await using ws = await workspace(yaml, minio);
  const res = await ws.run();
  assert.equal(res.code, ExitCode.OK, res.stderr);
  const [dir] = await ws.runDirs();
  const put = phase(await readReport(dir), "write").byOp.put!;
  assert.equal(put.count, 20);
  assert.equal(put.ok, 20);
  assert.equal(put.errors, 0);
  assert.equal(put.retries, 40);
  assert.equal(put.throttled, 40);
  const rows = await readOps(dir);
  assert.equal(rows.length, 60);
  assert.ok(
    rows.filter((r) => r.final === "true").every((r) => r.attempt === "3"),
  );
  const puts = proxy.log.filter((e) => e.op === "PutObject");
  assert.equal(puts.length, 60, "no client-side retries on top of ours");
});

Deno.test("C05 variant A: always 503: exactly max_attempts each, exit 5, bounded rate", async () => {
  const minio = await sharedMinio();
  await using proxy = await startProxy(
    minio.endpoint,
    (req) =>
      req.op === "PutObject"
        ? { kind: "error", status: 503, code: "SlowDown" }
        : undefined,
  );
  const yaml = config(
    proxy.endpoint,
    uniqueBucket(),
    SMALL + RETRY +
      "profile: write\nconcurrency: 4\n",
  );
  await using ws = await workspace(yaml, minio);
  const started = Date.now();
  const res = await ws.run();
  const seconds = (Date.now() - started) / 1000;
  assert.equal(res.code, ExitCode.ERROR_RATE, res.stderr);
  const [dir] = await ws.runDirs();
  const rows = await readOps(dir);
  const finals = rows.filter((r) => r.final === "true");
  assert.ok(finals.length > 0);
  for (const r of finals) {
    assert.equal(r.attempt, "5");
    assert.equal(r.error_code, "SlowDown");
  }
  const puts = proxy.log.filter((e) => e.op === "PutObject").length;
  assert.equal(puts, rows.length);
  assert.ok(
    puts / seconds < 100,
    `${puts} PUTs in ${seconds}s is a tight loop`,
  );
  const report = await readReport(dir);
  assert.equal(report.exitCode, ExitCode.ERROR_RATE);
  assert.ok(report.notes.some((n) => /error rate|stopped early/.test(n)));
});

Deno.test("C12: a retried upload re-sends the whole body", async () => {
  const minio = await sharedMinio();
  await using proxy = await startProxy(
    minio.endpoint,
    (req) =>
      req.op === "PutObject"
        ? req.attempt === 1
          ? { kind: "hashBody", then: 500, code: "InternalError" }
          : { kind: "hashBody", then: "forward" }
        : undefined,
  );
  const yaml = config(
    proxy.endpoint,
    uniqueBucket(),
    `dataset:
  root: ./data
  seed: 13
  groups:
    mid: { count: 20, min_size: 4MiB, max_size: 4MiB }
profile: write
concurrency: 4
${RETRY}`,
  );
  await using ws = await workspace(yaml, minio);
  const res = await ws.run();
  assert.equal(res.code, ExitCode.OK, res.stderr);
  const put = phase(await readReport((await ws.runDirs())[0]), "write").byOp
    .put!;
  assert.equal(put.ok, 20);
  assert.equal(put.retries, 20);
  const manifest = JSON.parse(
    await Deno.readTextFile(`${ws.dir}/data/manifest.json`),
  );
  const md5ByPath = new Map<string, string[]>();
  for (const e of proxy.log.filter((e) => e.op === "PutObject")) {
    assert.equal(e.requestBytes, 4 * 2 ** 20, "full body on every attempt");
    const k = e.path.split("/").slice(-2).join("/");
    md5ByPath.set(k, [...(md5ByPath.get(k) ?? []), e.bodyMd5!]);
  }
  assert.equal(md5ByPath.size, manifest.count);
  for (const [, sums] of md5ByPath) {
    assert.equal(sums.length, 2);
    assert.equal(sums[0], sums[1], "both attempts sent the same bytes");
  }
});
