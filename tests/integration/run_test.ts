import assert from "node:assert/strict";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "csv-parse/sync";
import { ListMultipartUploadsCommand } from "@aws-sdk/client-s3";
import {
  listAll,
  s3Client,
  sharedMinio,
  startProxy,
  uniqueBucket,
} from "../support/mod.ts";
import { REPORT_SCHEMA } from "../../src/report/schema.ts";
import type { Report } from "../../src/report/types.ts";
import { readManifest } from "../../src/dataset/mod.ts";
import { ExitCode } from "../../src/core/exit_codes.ts";
import { smallConfig, workspace } from "./_run_helpers.ts";

async function readReport(runDir: string): Promise<Report> {
  return JSON.parse(await Deno.readTextFile(join(runDir, "report.json")));
}

function validate(report: unknown): void {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  const ok = ajv.validate(REPORT_SCHEMA, report);
  assert.ok(ok, JSON.stringify(ajv.errors?.slice(0, 3)));
}

Deno.test("write then read: figures equal what MinIO holds", async () => {
  const minio = await sharedMinio();
  const bucket = uniqueBucket();
  await using ws = await workspace(
    smallConfig(minio.endpoint, bucket, "profile: read\n"),
    minio,
  );
  const res = await ws.run();
  assert.equal(res.code, ExitCode.OK, res.stderr);
  const [runDir] = await ws.runDirs();
  const report = await readReport(runDir);
  validate(report);
  assert.equal(report.status, "completed");
  assert.deepEqual(report.phases.map((p) => p.name), ["prepare", "read"]);

  const manifest = await readManifest(join(ws.dir, "data"));
  const pfx = `it/run/${report.runId}/`;
  const listed = await listAll(minio, bucket, pfx);
  const expected = manifest.entries.map((e) => ({
    key: pfx + e.path,
    size: e.size,
  }));
  const byKey = (a: { key: string }, b: { key: string }) =>
    a.key < b.key ? -1 : 1;
  assert.deepEqual(listed.sort(byKey), expected.sort(byKey));

  const [prepare, read] = report.phases;
  assert.equal(prepare.byOp.put?.bytes, manifest.totalBytes);
  assert.equal(prepare.byOp.put?.count, manifest.count);
  assert.equal(read.byOp.get?.bytes, manifest.totalBytes);
  assert.equal(read.byOp.get?.count, manifest.count);
  assert.equal(report.totals?.errors, 0);
  const mib = prepare.totals.bytes / 2 ** 20 / prepare.wallSeconds;
  assert.ok(Math.abs(prepare.totals.mibPerSec! / mib - 1) < 0.01);

  const rows = parse(await Deno.readTextFile(join(runDir, "ops.csv")), {
    columns: true,
  });
  assert.equal(rows.length, manifest.count * 2);
  const keys = (await Deno.readTextFile(join(runDir, "keys.jsonl"))).trim()
    .split("\n");
  assert.equal(keys.length, manifest.count);
  assert.match(res.stdout, /phase prepare/);
  assert.match(res.stdout, /report: .*report\.json/);
});

Deno.test("a read run reuses an earlier run's keys via --read-from", async () => {
  const minio = await sharedMinio();
  const bucket = uniqueBucket();
  await using ws = await workspace(smallConfig(minio.endpoint, bucket), minio);
  assert.equal((await ws.run()).code, ExitCode.OK);
  const [first] = await ws.runDirs();
  const res = await ws.run([
    "--profile",
    "read",
    "--read-from",
    first,
    "--ops",
    "40",
  ]);
  assert.equal(res.code, ExitCode.OK, res.stderr);
  const second = (await ws.runDirs()).find((d) => d !== first)!;
  const report = await readReport(second);
  assert.deepEqual(report.phases.map((p) => p.name), ["read"]);
  assert.equal(report.phases[0].byOp.get?.count, 40);
  assert.equal(report.phases[0].totals.errors, 0);
});

Deno.test("--json prints only JSON on stdout", async () => {
  const minio = await sharedMinio();
  await using ws = await workspace(
    smallConfig(minio.endpoint, uniqueBucket()),
    minio,
  );
  const res = await ws.run(["--json", "--ops", "5"]);
  assert.equal(res.code, ExitCode.OK, res.stderr);
  const out = JSON.parse(res.stdout);
  assert.equal(out.status, "completed");
  assert.equal(out.phases[0].totals.count, 5);
});

Deno.test("a missing bucket stops in preflight: exit 3, nothing sent or written", async () => {
  const minio = await sharedMinio();
  await using proxy = await startProxy(minio.endpoint);
  const yaml = smallConfig(proxy.endpoint, uniqueBucket()).replace(
    "create_bucket: true",
    "create_bucket: false",
  );
  await using ws = await workspace(yaml, minio);
  const res = await ws.run();
  assert.equal(res.code, ExitCode.PREFLIGHT);
  assert.match(
    res.stderr,
    /bucket '.*' not found at http:\/\/127\.0\.0\.1:\d+ \(NoSuchBucket/,
  );
  assert.match(res.stderr, /what to do: create it, or set create_bucket: true/);
  assert.deepEqual(await ws.runDirs(), []);
  assert.ok(
    proxy.log.every((e) => e.method === "HEAD" || e.method === "GET"),
    JSON.stringify(proxy.log.map((e) => e.method)),
  );
  assert.ok(!proxy.log.some((e) => e.method === "PUT"));
});

Deno.test("wrong credentials: exit 3 naming the code and the credential source", async () => {
  const minio = await sharedMinio();
  await using ws = await workspace(
    smallConfig(minio.endpoint, uniqueBucket()),
    minio,
  );
  const res = await ws.run([], {
    env: { AWS_SECRET_ACCESS_KEY: "wrong-secret-123" },
  });
  assert.equal(res.code, ExitCode.PREFLIGHT);
  assert.match(
    res.stderr,
    /access denied .* with credentials from AWS_ACCESS_KEY_ID in the environment/,
  );
  assert.match(res.stderr, /SignatureDoesNotMatch/);
  assert.ok(!res.stderr.includes("wrong-secret-123"));
  assert.deepEqual(await ws.runDirs(), []);
});

Deno.test("a bad config: exit 2, every problem listed, nothing sent", async () => {
  const minio = await sharedMinio();
  await using proxy = await startProxy(minio.endpoint);
  const yaml = smallConfig(
    proxy.endpoint,
    uniqueBucket(),
    "concurency: 3\nprofile: mixd\n",
  );
  await using ws = await workspace(yaml, minio);
  const res = await ws.run();
  assert.equal(res.code, ExitCode.USAGE);
  assert.match(
    res.stderr,
    /bench\.yaml:\d+:1: concurency: unknown key 'concurency' \(did you mean 'concurrency'\?\)/,
  );
  assert.equal(proxy.log.length, 0);
  assert.deepEqual(await ws.runDirs(), []);
});

Deno.test("a region mismatch is found in preflight (C02)", async () => {
  const minio = await sharedMinio();
  await using proxy = await startProxy(
    minio.endpoint,
    (req) =>
      req.op === "ListObjectsV2"
        ? {
          kind: "error",
          status: 301,
          code: "PermanentRedirect",
          headers: { "x-amz-bucket-region": "eu-central-1" },
          emptyBody: true,
        }
        : undefined,
  );
  await using ws = await workspace(
    smallConfig(proxy.endpoint, uniqueBucket()),
    minio,
  );
  const res = await ws.run();
  assert.equal(res.code, ExitCode.PREFLIGHT);
  assert.match(res.stderr, /is in region eu-central-1/);
  assert.match(res.stderr, /what to do: set region: eu-central-1/);
});

Deno.test("403 with an empty body is access denied, not a bare status (C11)", async () => {
  const minio = await sharedMinio();
  await using proxy = await startProxy(
    minio.endpoint,
    (req) =>
      req.op === "ListObjectsV2"
        ? { kind: "error", status: 403, emptyBody: true }
        : undefined,
  );
  await using ws = await workspace(
    smallConfig(proxy.endpoint, uniqueBucket()),
    minio,
  );
  const res = await ws.run();
  assert.equal(res.code, ExitCode.PREFLIGHT);
  assert.match(res.stderr, /access denied checking bucket/);
});

Deno.test("an unreachable endpoint fails preflight with a hint", async () => {
  const minio = await sharedMinio();
  await using ws = await workspace(
    smallConfig("http://127.0.0.1:9", uniqueBucket()),
    minio,
  );
  const res = await ws.run();
  assert.equal(res.code, ExitCode.PREFLIGHT);
  assert.match(res.stderr, /endpoint http:\/\/127\.0\.0\.1:9 is not reachable/);
  assert.match(res.stderr, /what to do: check the URL/);
});

Deno.test("Ctrl-C: drains, aborts multipart uploads, writes an interrupted report (C09)", async () => {
  const minio = await sharedMinio();
  const bucket = uniqueBucket();
  await using proxy = await startProxy(
    minio.endpoint,
    (req) =>
      req.op === "UploadPart" || req.op === "PutObject"
        ? { kind: "delay", ms: 400 }
        : undefined,
  );
  const yaml = smallConfig(proxy.endpoint, bucket).replace(
    "large: { count: 1, min_size: 6MiB, max_size: 7MiB }",
    "large: { count: 4, min_size: 40MiB, max_size: 40MiB }",
  ).replace("concurrency: 4", "concurrency: 2");
  await using ws = await workspace(yaml, minio);
  const res = await ws.run(["--duration", "60s"], {
    signals: (fire) => setTimeout(() => fire("SIGINT"), 2500),
  });
  assert.equal(res.code, ExitCode.INTERRUPTED, res.stderr);
  assert.match(res.stderr, /interrupt: no new operations/);
  const [runDir] = await ws.runDirs();
  const report = await readReport(runDir);
  validate(report);
  assert.equal(report.status, "interrupted");
  assert.equal(report.exitCode, ExitCode.INTERRUPTED);
  const done = report.phases[0].totals.count;
  assert.ok(done > 0, "some operations completed");
  const rows: Record<string, string>[] = parse(
    await Deno.readTextFile(join(runDir, "ops.csv")),
    { columns: true },
  );
  assert.equal(rows.filter((r) => r.final === "true").length, done);
  const open = await s3Client(minio).send(
    new ListMultipartUploadsCommand({
      Bucket: bucket,
      Prefix: `it/run/${report.runId}/`,
    }),
  );
  assert.equal(open.Uploads?.length ?? 0, 0);
});

Deno.test("a second Ctrl-C exits at once and says where the data is", async () => {
  const minio = await sharedMinio();
  await using proxy = await startProxy(
    minio.endpoint,
    (req) => req.op === "PutObject" ? { kind: "delay", ms: 1500 } : undefined,
  );
  await using ws = await workspace(
    smallConfig(proxy.endpoint, uniqueBucket()),
    minio,
  );
  const res = await ws.run(["--duration", "30s"], {
    signals: (fire) => {
      setTimeout(() => fire("SIGINT"), 800);
      setTimeout(() => fire("SIGINT"), 1000);
    },
  });
  assert.deepEqual(res.exits, [ExitCode.INTERRUPTED]);
  assert.match(
    res.stderr,
    /exiting at once\. Objects written so far are under s3:\/\/.*\/it\/run\//,
  );
});

Deno.test("with verify, a dataset file changed in place fails before any load", async () => {
  const minio = await sharedMinio();
  await using ws = await workspace(
    smallConfig(minio.endpoint, uniqueBucket()),
    minio,
  );
  assert.equal((await ws.run()).code, ExitCode.OK);
  const file = join(ws.dir, "data", "medium", "medium-00001.bin");
  const f = await Deno.open(file, { write: true });
  await f.seek(100, Deno.SeekMode.Start);
  await f.write(new TextEncoder().encode("X"));
  f.close();
  const before = (await ws.runDirs()).length;
  const res = await ws.run([], { env: { S3FLOOD_PROFILE: "read" } });
  assert.equal(res.code, ExitCode.OK, "without verify, sizes are checked only");
  await Deno.writeTextFile(ws.config, "verify: true\n", { append: true });
  const checked = await ws.run(["--profile", "read"]);
  assert.equal(checked.code, ExitCode.DATASET, checked.stderr);
  assert.match(checked.stderr, /medium\/medium-00001\.bin/);
  assert.equal((await ws.runDirs()).length, before + 1, "no run was started");
});
