import assert from "node:assert/strict";
import { loadSettings } from "../../../src/config/load.ts";
import { ConfigError } from "../../../src/core/errors.ts";

function load(extra: string, endpoint = "endpoint: http://127.0.0.1:9000\n") {
  return loadSettings({
    path: "t.yaml",
    text: `${endpoint}bucket: bench
multipart: { threshold: 32MiB, part_size: 8MiB }
dataset: { groups: { a: { count: 1, min_size: 1, max_size: 1 } } }
${extra}`,
    overrides: [],
    env: {},
    cwd: "/tmp",
    json: false,
  });
}

Deno.test("clients: part sizes and thresholds default to multipart:", () => {
  const { clients } = load("").settings;
  assert.deepEqual(clients, {
    awscli: {
      multipartThreshold: 32 * 2 ** 20,
      multipartChunksize: 8 * 2 ** 20,
      maxConcurrentRequests: 10,
      maxQueueSize: 1000,
    },
    s5cmd: { batch: false, concurrency: 5, partSize: 8 * 2 ** 20 },
    rclone: {
      chunkSize: 8 * 2 ** 20,
      uploadCutoff: 32 * 2 ** 20,
      concurrency: 4,
      provider: "Other",
    },
  });
  assert.equal(load("", "").settings.clients.rclone.provider, "AWS");
});

Deno.test("clients: each client's own values win", () => {
  const { clients } = load(`clients:
  awscli: { multipart_chunksize: 16MiB, max_queue_size: 50 }
  s5cmd: { batch: true, concurrency: 2, part_size: 50MiB }
  rclone: { chunk_size: 16MiB, concurrency: 8, provider: Minio }
`).settings;
  assert.equal(clients.awscli.multipartChunksize, 16 * 2 ** 20);
  assert.equal(clients.awscli.maxQueueSize, 50);
  assert.deepEqual(clients.s5cmd, {
    batch: true,
    concurrency: 2,
    partSize: 50 * 2 ** 20,
  });
  assert.equal(clients.rclone.provider, "Minio");
});

Deno.test("clients: s5cmd part sizes round up to whole MiB, with a notice", () => {
  const r = load("clients: { s5cmd: { part_size: 5500KiB } }");
  assert.equal(r.settings.clients.s5cmd.partSize, 6 * 2 ** 20);
  assert.ok(
    r.warnings.some((w) => /s5cmd takes whole MiB; using 6 MiB/.test(w)),
  );
});

function issuesOf(extra: string): { path: string; message: string }[] {
  try {
    load(extra);
  } catch (e) {
    if (e instanceof ConfigError) return e.issues;
    throw e;
  }
  return assert.fail("no config error");
}

Deno.test("clients: part sizes outside S3's limits are config errors", () => {
  const issues = issuesOf(
    "clients: { awscli: { multipart_chunksize: 1MiB }, rclone: { chunk_size: 6GiB } }",
  );
  assert.deepEqual(issues.map((i) => i.path).sort(), [
    "clients.awscli.multipart_chunksize",
    "clients.rclone.chunk_size",
  ]);
  assert.match(issues[0].message, /outside S3's part sizes \(5 MiB to 5 GiB\)/);
});

Deno.test("clients: unknown fields are named", () => {
  const issues = issuesOf("clients: { s5cmd: { batch: yes please } }");
  assert.deepEqual(issues.map((i) => i.path), ["clients.s5cmd.batch"]);
});
