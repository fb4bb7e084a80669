/**
 * C08: cleanup deletes exactly the run's keys and nothing else.
 */
import assert from "node:assert/strict";
import { ListMultipartUploadsCommand } from "@aws-sdk/client-s3";
import {
  createBucket,
  listAll,
  putObject,
  s3Client,
  type S3Target,
  sharedMinio,
  startProxy,
  uniqueBucket,
} from "../support/mod.ts";
import { runCli } from "../support/cli.ts";
import { ExitCode } from "../../src/core/exit_codes.ts";
import { credsEnv, workspace } from "./_run_helpers.ts";
import { readReport } from "./_report.ts";

function cfg(endpoint: string, bucket: string, prefix: string, extra = "") {
  return `endpoint: ${endpoint}
bucket: ${bucket}
prefix: ${JSON.stringify(prefix)}
dataset:
  root: ./data
  seed: 21
  groups:
    small: { count: 6, min_size: 1KiB, max_size: 2KiB }
    big: { count: 1, min_size: 6MiB, max_size: 6MiB }
multipart: { threshold: 5MiB, part_size: 5MiB }
${extra}`;
}

const FOREIGN = [
  "prod/keep.txt",
  "s3flood/run-10/x.bin",
  "s3flood/other/y.bin",
];

/** A new bucket holding the FOREIGN objects, which must survive. */
async function bucketWithForeign(minio: S3Target): Promise<string> {
  const bucket = uniqueBucket();
  await createBucket(minio, bucket);
  for (const k of FOREIGN) await putObject(minio, bucket, k, "keep me");
  return bucket;
}

Deno.test("C08: --cleanup removes only the run's keys; neighbours survive", async () => {
  const minio = await sharedMinio();
  const bucket = await bucketWithForeign(minio);
  await using ws = await workspace(
    cfg(minio.endpoint, bucket, "s3flood/run-1"),
    minio,
  );
  const res = await ws.run(["--cleanup"]);
  assert.equal(res.code, ExitCode.OK, res.stderr);
  const report = await readReport((await ws.runDirs())[0]);
  assert.ok(
    report.notes.some((n) => /cleanup: deleted 7 of 7 objects.*0 left/.test(n)),
    report.notes.join("\n"),
  );
  const left = (await listAll(minio, bucket)).map((o) => o.key).sort();
  assert.deepEqual(left, [...FOREIGN].sort());
});

Deno.test("C08: cleanup RUN_DIR --dry-run counts exactly; then deletes only that run", async () => {
  const minio = await sharedMinio();
  const bucket = await bucketWithForeign(minio);
  await using ws = await workspace(
    cfg(minio.endpoint, bucket, "s3flood/run-1"),
    minio,
  );
  assert.equal((await ws.run()).code, ExitCode.OK);
  assert.equal((await ws.run()).code, ExitCode.OK);
  const [first, second] = await ws.runDirs();
  const env = credsEnv(minio);
  const dry = await runCli(["cleanup", first, "--dry-run"], {
    env,
    cwd: ws.dir,
  });
  assert.equal(dry.code, ExitCode.OK, dry.stderr);
  assert.match(dry.stdout, /would delete 7 objects/);
  assert.equal((await listAll(minio, bucket)).length, FOREIGN.length + 14);

  const done = await runCli(["cleanup", first], { env, cwd: ws.dir });
  assert.equal(done.code, ExitCode.OK, done.stderr);
  assert.match(
    done.stdout,
    /deleted 7 of 7 objects.*0 left under the run prefix/,
  );
  const secondId = (await readReport(second)).runId;
  const left = (await listAll(minio, bucket)).map((o) => o.key);
  assert.equal(left.length, FOREIGN.length + 7);
  assert.ok(
    left.filter((k) => !FOREIGN.includes(k)).every((k) => k.includes(secondId)),
  );
});

Deno.test("C08: cleanup CONFIG cleans every run of that config", async () => {
  const minio = await sharedMinio();
  const bucket = await bucketWithForeign(minio);
  await using ws = await workspace(
    cfg(minio.endpoint, bucket, "s3flood/run-1"),
    minio,
  );
  assert.equal((await ws.run()).code, ExitCode.OK);
  assert.equal((await ws.run()).code, ExitCode.OK);
  const res = await runCli(["cleanup", ws.config, "--json"], {
    env: { ...credsEnv(minio), S3FLOOD_OUT: ws.results },
    cwd: ws.dir,
  });
  assert.equal(res.code, ExitCode.OK, res.stderr);
  const out = JSON.parse(res.stdout);
  assert.equal(out.runs.length, 2);
  assert.deepEqual(out.runs.map((r: { deleted: number }) => r.deleted), [7, 7]);
  const left = (await listAll(minio, bucket)).map((o) => o.key).sort();
  assert.deepEqual(left, [...FOREIGN].sort());
});

Deno.test("C08: an empty or root prefix is a validation error for cleanup", async () => {
  const minio = await sharedMinio();
  for (const prefix of ["", "/"]) {
    await using ws = await workspace(
      cfg(minio.endpoint, uniqueBucket(), prefix, "cleanup: true\n"),
      minio,
    );
    const res = await ws.run();
    assert.equal(res.code, ExitCode.USAGE, `prefix '${prefix}'`);
    assert.match(res.stderr, /prefix: cleanup needs a non-empty prefix/);
    assert.deepEqual(await ws.runDirs(), []);
  }
});

Deno.test("C08: a tampered key log cannot make cleanup leave the run prefix", async () => {
  const minio = await sharedMinio();
  const bucket = await bucketWithForeign(minio);
  await using ws = await workspace(
    cfg(minio.endpoint, bucket, "s3flood/run-1"),
    minio,
  );
  assert.equal((await ws.run()).code, ExitCode.OK);
  const [dir] = await ws.runDirs();
  const { runId } = await readReport(dir);
  const bad = [
    `s3flood/run-1/${runId}/../../../prod/keep.txt`,
    `s3flood/run-1/${runId}/./x/../../run-10/x.bin`,
    `s3flood/run-1/${runId}//double.bin`,
    "s3flood/other/y.bin",
  ];
  await Deno.writeTextFile(
    `${dir}/keys.jsonl`,
    bad.map((key) => JSON.stringify({ key, size: 7, group: "x" })).join("\n") +
      "\n",
    { append: true },
  );
  const res = await runCli(["cleanup", dir], {
    env: credsEnv(minio),
    cwd: ws.dir,
  });
  assert.equal(res.code, ExitCode.OK, res.stderr);
  assert.match(
    res.stdout,
    /deleted 7 of 7 objects, 4 key-log lines outside the run's own keys left alone/,
  );
  const left = (await listAll(minio, bucket)).map((o) => o.key).sort();
  assert.deepEqual(left, [...FOREIGN].sort());
});

Deno.test("C09: uploads left open by a hard exit are aborted by cleanup", async () => {
  const minio = await sharedMinio();
  const bucket = uniqueBucket();
  await using proxy = await startProxy(
    minio.endpoint,
    (req) => req.op === "UploadPart" ? { kind: "delay", ms: 3000 } : undefined,
  );
  await using ws = await workspace(
    cfg(proxy.endpoint, bucket, "s3flood/run-1", "create_bucket: true\n")
      .replace("big: { count: 1,", "big: { count: 3,"),
    minio,
  );
  const main = new URL("../../src/main.ts", import.meta.url).pathname;
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      main,
      "run",
      ws.config,
      "--out",
      ws.results,
      "--concurrency",
      "3",
    ],
    env: { ...credsEnv(minio), NO_COLOR: "1" },
    cwd: ws.dir,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const started = Date.now();
  while (!proxy.log.some((e) => e.op === "UploadPart")) {
    assert.ok(Date.now() - started < 30_000, "no part upload started");
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill("SIGINT");
  await new Promise((r) => setTimeout(r, 100));
  child.kill("SIGINT");
  const out = await child.output();
  assert.equal(out.code, ExitCode.INTERRUPTED);
  assert.match(
    new TextDecoder().decode(out.stderr),
    /multipart uploads in flight may stay open: s3flood cleanup/,
  );
  const open = async () =>
    (await s3Client(minio).send(
      new ListMultipartUploadsCommand({ Bucket: bucket }),
    ))
      .Uploads?.length ?? 0;
  const before = await open();
  assert.ok(before > 0, "the hard exit left uploads open");
  const [dir] = await ws.runDirs();
  const clean = await runCli(["cleanup", dir], {
    env: credsEnv(minio),
    cwd: ws.dir,
  });
  assert.equal(clean.code, ExitCode.OK, clean.stderr);
  assert.match(
    clean.stdout,
    new RegExp(`aborted ${before} open multipart uploads`),
  );
  assert.equal(await open(), 0);
});
