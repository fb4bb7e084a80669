/**
 * `s3flood clients` and `s3flood compare` through the CLI, against MinIO.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { ExitCode } from "../../src/core/exit_codes.ts";
import type { Comparison } from "../../src/report/client_compare.ts";
import type { Report } from "../../src/report/types.ts";
import { runCli } from "../support/cli.ts";
import { listAll, sharedMinio, uniqueBucket } from "../support/mod.ts";
import { credsEnv } from "./_run_helpers.ts";
import { toolEnv } from "./_runners.ts";

const CLIENTS = ["sdk", "awscli", "s5cmd", "rclone"];

Deno.test("clients: every client found, with path and version", async () => {
  const r = await runCli(["clients", "--json"], { env: toolEnv() });
  assert.equal(r.code, ExitCode.OK, r.stdout + r.stderr);
  const { clients } = JSON.parse(r.stdout);
  assert.deepEqual(clients.map((c: { name: string }) => c.name), CLIENTS);
  for (const c of clients) {
    assert.equal(c.found, true, c.problem);
    assert.ok(c.version && c.path, JSON.stringify(c));
  }
  assert.match(clients[1].version, /^aws-cli\/2\./);
});

Deno.test("clients: a missing client says what to install, exit 4", async () => {
  const env = { PATH: "/nonexistent", HOME: "/nonexistent" };
  const r = await runCli(["clients"], { env });
  assert.equal(r.code, ExitCode.CLIENT_MISSING);
  assert.match(r.stdout, /^s5cmd +missing/m);
  assert.match(r.stdout, /^rclone +missing/m);
  assert.match(r.stdout, /what to do: .*bash scripts\/setup\.sh/);
});

/** A workspace with a small read profile for `bucket`. */
async function workspace(endpoint: string, bucket: string) {
  const dir = await Deno.makeTempDir({ prefix: "s3flood-compare-" });
  const config = join(dir, "bench.yaml");
  await Deno.writeTextFile(
    config,
    `endpoint: ${endpoint}
bucket: ${bucket}
create_bucket: true
prefix: cmp
profile: read
concurrency: 3
dataset:
  root: ./data
  seed: 3
  groups:
    small: { count: 5, min_size: 0, max_size: 64KiB }
    large: { count: 1, min_size: 6MiB, max_size: 6MiB }
multipart: { threshold: 5MiB, part_size: 5MiB }
`,
  );
  return {
    dir,
    config,
    results: join(dir, "results"),
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

Deno.test("compare: one run per client, a table, compare.json and .csv", async () => {
  const minio = await sharedMinio();
  const bucket = uniqueBucket("cmp");
  await using ws = await workspace(minio.endpoint, bucket);
  const r = await runCli(
    ["compare", ws.config, "--clients", CLIENTS.join(","), "--out", ws.results],
    { cwd: ws.dir, env: { ...toolEnv(), ...credsEnv(minio) } },
  );
  assert.equal(r.code, ExitCode.OK, r.stderr);
  for (const phase of ["prepare", "read"]) {
    const table = r.stdout.split(`phase ${phase}\n`)[1].split("\n\n")[0];
    const rows = table.split("\n").slice(1).filter((l) => l.trim());
    assert.deepEqual(rows.map((l) => l.split(/ +/)[0]), CLIENTS);
  }

  const dir = (await names(ws.results)).find((n) => n.startsWith("compare-"))!;
  const c: Comparison = JSON.parse(
    await Deno.readTextFile(join(ws.results, dir, "compare.json")),
  );
  assert.equal(c.rows.length, 8);
  for (const row of c.rows) {
    assert.equal(row.ops, 6, JSON.stringify(row));
    assert.equal(row.errors, 0);
    assert.ok(row.mibPerSec! > 0 && row.p99Ms! >= row.p50Ms!);
    assert.ok(row.clientCpuSeconds! > 0, JSON.stringify(row));
    assert.equal(row.timing, row.client === "sdk" ? "request" : "process");
  }
  const csv = parse(
    await Deno.readTextFile(join(ws.results, dir, "compare.csv")),
    { columns: true },
  ) as Record<string, string>[];
  assert.deepEqual(csv.map((l) => l.client), c.rows.map((x) => x.client));

  await checkRuns(ws.results, c, bucket, minio);
  const secrets = [minio.secretKey, minio.accessKey];
  for (const text of [r.stdout, r.stderr, ...await allFiles(ws.results)]) {
    for (const s of secrets) assert.ok(!text.includes(s), "a secret leaked");
  }
});

/** Each run has its own id and prefix, a report for its client, notes. */
async function checkRuns(
  results: string,
  c: Comparison,
  bucket: string,
  minio: Awaited<ReturnType<typeof sharedMinio>>,
) {
  const ids = c.runs.map((r) => r.runId!);
  assert.equal(new Set(ids).size, CLIENTS.length);
  for (const run of c.runs) {
    const report: Report = JSON.parse(
      await Deno.readTextFile(join(results, run.runId!, "report.json")),
    );
    assert.deepEqual(Object.keys(report.clients), [run.client]);
    const listed = await listAll(minio, bucket, `cmp/${run.runId}/`);
    assert.equal(listed.length, 6, run.client);
    if (run.client !== "sdk") {
      assert.ok(
        report.notes.some((n) => n.includes("latency includes process start")),
      );
    }
  }
}

Deno.test("compare: a missing client stops it before any load, exit 4", async () => {
  const minio = await sharedMinio();
  const bucket = uniqueBucket("cmp");
  await using ws = await workspace(minio.endpoint, bucket);
  const env = {
    ...credsEnv(minio),
    PATH: "/nonexistent",
    HOME: "/nonexistent",
  };
  const r = await runCli(
    ["compare", ws.config, "--clients", "sdk,s5cmd", "--out", ws.results],
    { cwd: ws.dir, env },
  );
  assert.equal(r.code, ExitCode.CLIENT_MISSING);
  assert.match(r.stderr, /client s5cmd: no 's5cmd' found/);
  assert.match(r.stderr, /what to do: .*bash scripts\/setup\.sh/);
  assert.deepEqual(await names(ws.results), []);
  await assert.rejects(listAll(minio, bucket), /bucket does not exist/i);
});

Deno.test("run: a missing client stops it before any load, exit 4", async () => {
  const minio = await sharedMinio();
  const bucket = uniqueBucket("cmp");
  await using ws = await workspace(minio.endpoint, bucket);
  const env = {
    ...credsEnv(minio),
    PATH: "/nonexistent",
    HOME: "/nonexistent",
  };
  const r = await runCli(
    ["run", ws.config, "--client", "rclone", "--out", ws.results],
    { cwd: ws.dir, env },
  );
  assert.equal(r.code, ExitCode.CLIENT_MISSING);
  assert.match(r.stderr, /client rclone: no 'rclone' found/);
  assert.deepEqual(await names(ws.results), []);
  await assert.rejects(listAll(minio, bucket), /bucket does not exist/i);
});

Deno.test("compare: an unknown client is a usage error", async () => {
  const r = await runCli(["compare", "x.yaml", "--clients", "sdk,curl"]);
  assert.equal(r.code, ExitCode.USAGE);
  assert.match(r.stderr, /unknown client 'curl'; allowed: sdk, awscli/);
});

async function names(dir: string): Promise<string[]> {
  try {
    return (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name);
  } catch {
    return [];
  }
}

async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    const p = join(dir, e.name);
    if (e.isDirectory) out.push(...await allFiles(p));
    else out.push(await Deno.readTextFile(p));
  }
  return out;
}
