/**
 * Load shape against MinIO: the socket pool follows the concurrency (C03),
 * warm-up is reported apart, bursts pause and resume, ramps climb, and
 * the SDK sends no checksum headers to a non-AWS endpoint (C01).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  rejectHeaders,
  sharedMinio,
  startProxy,
  uniqueBucket,
} from "../support/mod.ts";
import { ExitCode } from "../../src/core/exit_codes.ts";
import { credsEnv, workspace } from "./_run_helpers.ts";
import { phase, readOps, readReport } from "./_report.ts";

const SMALL = `dataset:
  root: ./data
  seed: 41
  groups:
    small: { count: 50, min_size: 4KiB, max_size: 4KiB }
`;

function config(endpoint: string, body: string): string {
  return `endpoint: ${endpoint}
bucket: ${uniqueBucket()}
create_bucket: true
prefix: it/shape
${SMALL}${body}`;
}

Deno.test("C03: concurrency 200 means 200 requests in flight, not a pool of 50", async () => {
  const minio = await sharedMinio();
  await using proxy = await startProxy(minio.endpoint);
  await using ws = await workspace(
    config(proxy.endpoint, "profile: read\nconcurrency: 200\nduration: 4s\n"),
    minio,
  );
  const running = ws.run();
  for (
    let i = 0;
    i < 200 && !proxy.log.some((e) => e.op === "GetObject");
    i++
  ) {
    await new Promise((r) => setTimeout(r, 25));
  }
  proxy.reset();
  proxy.setRules((req) =>
    req.op === "GetObject" ? { kind: "hold", ms: 1000 } : undefined
  );
  const res = await running;
  assert.equal(res.code, ExitCode.OK, res.stderr);
  assert.ok(proxy.maxConcurrent >= 190, `max in flight ${proxy.maxConcurrent}`);
  const read = phase(await readReport((await ws.runDirs())[0]), "read");
  const rate = read.totals.opsPerSec!;
  // A pool capped at 50 would give at most 50 ops/s; the floor leaves room
  // for a loaded machine (2 cores shared with MinIO).
  assert.ok(rate > 120 && rate < 260, `${rate} ops/s with 1 s per request`);
});

Deno.test("C03: concurrency over the open-files limit is refused before starting", async () => {
  const minio = await sharedMinio();
  const dir = await Deno.makeTempDir({ prefix: "s3flood-ulimit-" });
  try {
    const cfg = join(dir, "c.yaml");
    await Deno.writeTextFile(
      cfg,
      config(minio.endpoint, "concurrency: 2000\n"),
    );
    const main = new URL("../../src/main.ts", import.meta.url).pathname;
    const cmd = `ulimit -n 1024 && exec "$DENO" run -A "$MAIN" run "$CFG"`;
    const out = await new Deno.Command("bash", {
      args: ["-c", cmd],
      env: {
        ...credsEnv(minio),
        DENO: Deno.execPath(),
        MAIN: main,
        CFG: cfg,
        NO_COLOR: "1",
      },
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const err = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, ExitCode.USAGE, err);
    assert.match(err, /needs up to \d+ open files .* but the limit is 1024/);
    assert.match(err, /ulimit -n \d+/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("warm-up is reported as its own phase and kept out of the main figures", async () => {
  const minio = await sharedMinio();
  await using ws = await workspace(
    config(
      minio.endpoint,
      "profile: read\nconcurrency: 2\nduration: 3s\nwarmup: 1s\n",
    ),
    minio,
  );
  const res = await ws.run();
  assert.equal(res.code, ExitCode.OK, res.stderr);
  const [dir] = await ws.runDirs();
  const report = await readReport(dir);
  assert.deepEqual(report.phases.map((p) => p.name), [
    "prepare",
    "read-warmup",
    "read",
  ]);
  const warm = phase(report, "read-warmup");
  const main = phase(report, "read");
  assert.ok(
    Math.abs(warm.wallSeconds - 1) < 0.05,
    `warm-up ${warm.wallSeconds}s`,
  );
  assert.ok(Math.abs(main.wallSeconds - 2) < 0.3, `main ${main.wallSeconds}s`);
  const rows = await readOps(dir);
  const warmRows = rows.filter((r) => r.phase === "read-warmup");
  assert.equal(warmRows.length, warm.totals.count);
  assert.equal(
    rows.filter((r) => r.phase === "read").length,
    main.totals.count,
  );
  const warmEndDue = Math.max(...warmRows.map((r) => Number(r.due_ms)));
  const mainStartDue = Math.min(
    ...rows.filter((r) => r.phase === "read").map((r) => Number(r.due_ms)),
  );
  assert.ok(warmEndDue < mainStartDue);
});

Deno.test("bursty: no operation is due during the off periods", async () => {
  const minio = await sharedMinio();
  await using ws = await workspace(
    config(
      minio.endpoint,
      "profile: read\nmodel: open\nduration: 3s\npattern: bursty\n" +
        "burst: { on: 500ms, off: 500ms, burst_rate: 100, idle_rate: 0 }\n",
    ),
    minio,
  );
  const res = await ws.run();
  assert.equal(res.code, ExitCode.OK, res.stderr);
  const [dir] = await ws.runDirs();
  const rows = (await readOps(dir)).filter((r) => r.phase === "read");
  const origin = Math.min(...rows.map((r) => Number(r.due_ms)));
  const offsets = rows.map((r) => (Number(r.due_ms) - origin) % 1000);
  assert.ok(
    offsets.every((t) => t < 520),
    "all due in the on half of each second",
  );
  assert.ok(
    Math.abs(rows.length - 150) <= 6,
    `${rows.length} ops (3 bursts of 50)`,
  );
});

Deno.test("ramp: the open-model rate climbs from rate to rate_end", async () => {
  const minio = await sharedMinio();
  await using ws = await workspace(
    config(
      minio.endpoint,
      "profile: read\nmodel: open\nrate: 20\nrate_end: 180\nduration: 4s\n",
    ),
    minio,
  );
  const res = await ws.run();
  assert.equal(res.code, ExitCode.OK, res.stderr);
  const rows = (await readOps((await ws.runDirs())[0])).filter((r) =>
    r.phase === "read"
  );
  const origin = Math.min(...rows.map((r) => Number(r.due_ms)));
  const inSecond = (s: number) =>
    rows.filter((r) => Math.floor((Number(r.due_ms) - origin) / 1000) === s)
      .length;
  assert.ok(inSecond(0) < 50, `first second ${inSecond(0)}`);
  assert.ok(inSecond(3) > 130, `last second ${inSecond(3)}`);
  assert.ok(Math.abs(rows.length - 400) < 30, `${rows.length} ops, about 400`);
});

Deno.test("C01: no checksum header reaches a non-AWS endpoint from the SDK", async () => {
  const minio = await sharedMinio();
  await using proxy = await startProxy(minio.endpoint, rejectHeaders());
  await using ws = await workspace(
    config(proxy.endpoint, "profile: read\nconcurrency: 4\n") +
      "multipart: { threshold: 5MiB, part_size: 5MiB }\n",
    minio,
  );
  const res = await ws.run();
  assert.equal(res.code, ExitCode.OK, res.stderr);
  assert.ok(proxy.log.length > 100);
  assert.ok(
    proxy.log.every((e) => e.status !== 501),
    "a checksum header was sent",
  );
  const report = await readReport((await ws.runDirs())[0]);
  assert.equal(report.clients.sdk.settings.checksum, "when_required");
});
