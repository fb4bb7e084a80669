/**
 * Synthetic datasets against a real MinIO: uploaded straight from the
 * generator with nothing on disk, read back with `verify: true` with no
 * mismatch, and an object overwritten on the server caught as `checksum`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ExitCode } from "../../src/core/exit_codes.ts";
import type { Report } from "../../src/report/types.ts";
import {
  getObject,
  listAll,
  putObject,
  sharedMinio,
  uniqueBucket,
} from "../support/mod.ts";
import { workspace } from "./_run_helpers.ts";

function syntheticConfig(endpoint: string, bucket: string): string {
  return `endpoint: ${endpoint}
bucket: ${bucket}
create_bucket: true
prefix: it/syn
dataset:
  root: ./never-written
  source: synthetic
  seed: 9
  compressibility: 0.25
  groups:
    small: { count: 20, distribution: pareto, min_size: 1KiB, max_size: 1MiB }
    big: { count: 2, distribution: lognormal, mu: 15.5, sigma: 0.3,
           min_size: 5MiB, max_size: 7MiB }
    empty: { count: 2, size: 0 }
profile: read
verify: true
max_error_rate: 0.5
concurrency: 4
multipart: { threshold: 5MiB, part_size: 5MiB }
`;
}

async function readReport(runDir: string): Promise<Report> {
  return JSON.parse(await Deno.readTextFile(join(runDir, "report.json")));
}

function getErrors(r: Report, phase: string): Record<string, number> {
  const p = r.phases.find((x) => x.name === phase);
  assert.ok(p, `no phase ${phase}`);
  return p.byOp.get?.errorsByClass ?? {};
}

Deno.test("synthetic upload, verified read, one object corrupted", async () => {
  const minio = await sharedMinio();
  const bucket = uniqueBucket();
  await using ws = await workspace(
    syntheticConfig(minio.endpoint, bucket),
    minio,
  );
  const first = await ws.run();
  assert.equal(first.code, ExitCode.OK, first.stderr);
  const [runDir] = await ws.runDirs();
  const report = await readReport(runDir);
  const read = report.phases.find((p) => p.name === "read")!;
  assert.equal(read.byOp.get?.count, 24);
  assert.equal(
    read.totals.errors,
    0,
    JSON.stringify(getErrors(report, "read")),
  );
  assert.ok(report.notes.some((n) => n.startsWith("reads over keys: 24")));
  await assert.rejects(Deno.stat(join(ws.dir, "never-written")));

  const objects = await listAll(minio, bucket, `it/syn/${report.runId}/`);
  assert.equal(objects.length, 24);
  const victim = objects.find((o) => o.key.includes("/small/"))!;
  const bytes = await getObject(minio, bucket, victim.key);
  bytes[bytes.length >> 1] ^= 0xff;
  await putObject(minio, bucket, victim.key, bytes);

  const again = await ws.run(["--read-from", runDir]);
  assert.equal(again.code, ExitCode.OK, again.stderr);
  const second = (await ws.runDirs()).find((d) => d !== runDir)!;
  const errors = getErrors(await readReport(second), "read");
  const classes = Object.keys(errors);
  assert.deepEqual(classes, ["checksum"], JSON.stringify(errors));
  assert.equal(errors.checksum, 1);
  const csv = await Deno.readTextFile(join(second, "ops.csv"));
  const bad = csv.split("\n").filter((l) => l.includes("ContentMismatch"));
  assert.equal(bad.length, 1);
  assert.ok(bad[0].includes(victim.key), bad[0]);
});
