/**
 * The subprocess runners' surroundings: nothing of s3flood's own
 * environment reaches a client, s5cmd's batch mode, and what happens when a
 * client binary is missing.
 */
import assert from "node:assert/strict";
import { dirname } from "node:path";
import { systemClock } from "../../src/core/io.ts";
import { ClientNotFoundError } from "../../src/core/errors.ts";
import { ExitCode } from "../../src/core/exit_codes.ts";
import { createRunner } from "../../src/runners/mod.ts";
import { S5cmdRunner } from "../../src/runners/s5cmd.ts";
import {
  createBucket,
  getObjectMd5,
  md5Hex,
  sharedMinio,
  uniqueBucket,
} from "../support/mod.ts";
import {
  ctxFor,
  downloadMd5,
  fileSource,
  noise,
  settingsFor,
  toolEnv,
  writeFile,
} from "./_runners.ts";

/** Variables that would break a client if they leaked into its env. */
const POISON: Record<string, string> = {
  AWS_CA_BUNDLE: "/nonexistent/ca.pem",
  SSL_CERT_FILE: "/nonexistent/cert.pem",
  REQUESTS_CA_BUNDLE: "/nonexistent/ca.pem",
  AWS_PROFILE: "no-such-profile",
  AWS_CONFIG_FILE: "/nonexistent/config",
  AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials",
  AWS_ENDPOINT_URL: "http://127.0.0.1:1",
  S3_ENDPOINT_URL: "http://127.0.0.1:1",
  RCLONE_CONFIG: "/nonexistent/rclone.conf",
  RCLONE_CONFIG_S3FLOOD_ENDPOINT: "http://127.0.0.1:1",
  RCLONE_CONFIG_S3FLOOD_ACCESS_KEY_ID: "poisoned",
};

async function withPoisonedEnv<T>(fn: () => Promise<T>): Promise<T> {
  const saved = Object.keys(POISON).map((k) => [k, Deno.env.get(k)] as const);
  for (const [k, v] of Object.entries(POISON)) Deno.env.set(k, v);
  try {
    return await fn();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) Deno.env.delete(k);
      else Deno.env.set(k, v);
    }
  }
}

async function tempFile(bytes: Uint8Array): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "s3flood-env-" });
  return await writeFile(dir, "body.bin", bytes);
}

for (const client of ["awscli", "s5cmd", "rclone"]) {
  Deno.test(`${client}: nothing of s3flood's environment reaches it`, async () => {
    const minio = await sharedMinio();
    const bucket = uniqueBucket("env");
    await createBucket(minio, bucket);
    const bytes = noise(70_000, 5);
    const path = await tempFile(bytes);
    const settings = settingsFor(minio, bucket, client);
    const runner = await createRunner(settings, systemClock, toolEnv());
    try {
      await withPoisonedEnv(async () => {
        const ref = { key: "env/x.bin", size: bytes.byteLength, group: "g" };
        const ctx = ctxFor(minio.endpoint);
        const up = await runner.upload(ref, fileSource(path, ref.size), ctx);
        assert.ok(up.ok, up.message);
        const down = await downloadMd5(runner, ref, ctx);
        assert.ok(down.result.ok, down.result.message);
        assert.equal(down.md5, md5Hex(bytes));
      });
    } finally {
      await runner.close();
      await Deno.remove(dirname(path), { recursive: true });
    }
  });
}

Deno.test("s5cmd batch: uploads in flight share one s5cmd run", async () => {
  const minio = await sharedMinio();
  const bucket = uniqueBucket("batch");
  await createBucket(minio, bucket);
  const bytes = noise(50_000, 9);
  const path = await tempFile(bytes);
  const settings = settingsFor(minio, bucket, "s5cmd", {
    extra: "clients: { s5cmd: { batch: true } }",
  });
  const runner = await createRunner(settings, systemClock, toolEnv());
  const names = ["it's #1.bin", "with space.bin", "q?x*.bin", "a+b.bin"];
  try {
    const ctx = ctxFor(minio.endpoint);
    const results = await Promise.all(names.map((name) =>
      runner.upload(
        { key: `batch/${name}`, size: bytes.byteLength, group: "g" },
        fileSource(path, bytes.byteLength),
        ctx,
      )
    ));
    for (const r of results) assert.ok(r.ok, r.message);
    // one batch: every upload started with the same s5cmd run
    assert.equal(new Set(results.map((r) => r.start)).size, 1);
    for (const name of names) {
      assert.equal(
        await getObjectMd5(minio, bucket, `batch/${name}`),
        md5Hex(bytes),
      );
    }
    assert.match(runner.describe().notes[0], /batch mode/);
  } finally {
    await runner.close();
    await Deno.remove(dirname(path), { recursive: true });
  }
});

Deno.test("s5cmd uploadBatch reports each upload, failures included", async () => {
  const minio = await sharedMinio();
  const bucket = uniqueBucket("batch");
  await createBucket(minio, bucket);
  const bytes = noise(10_000, 2);
  const path = await tempFile(bytes);
  const settings = settingsFor(minio, bucket, "s5cmd");
  const runner = await createRunner(settings, systemClock, toolEnv());
  try {
    const item = (key: string, file: string) => ({
      ref: { key, size: bytes.byteLength, group: "g" },
      source: fileSource(file, bytes.byteLength),
    });
    const seen: number[] = [];
    const results = await runner.uploadBatch!(
      [
        item("b/1.bin", path),
        item("b/2.bin", "/nonexistent/file.bin"),
        item("b/3.bin", path),
      ],
      ctxFor(minio.endpoint),
      (i) => seen.push(i),
    );
    assert.deepEqual(results.map((r) => r.ok), [true, false, true]);
    assert.deepEqual(seen.sort(), [0, 1, 2]);
    assert.equal(results[1].errorClass, "client");
    assert.match(results[1].message!, /^s5cmd: .*not found/);
  } finally {
    await runner.close();
    await Deno.remove(dirname(path), { recursive: true });
  }
});

for (const client of ["s5cmd", "rclone"]) {
  Deno.test(`${client}: a missing binary stops the runner before any load`, async () => {
    const minio = await sharedMinio();
    const settings = settingsFor(minio, "never-used", client);
    const env = { PATH: "/nonexistent", HOME: "/nonexistent" };
    const err = await createRunner(settings, systemClock, env).catch((e) => e);
    assert.ok(err instanceof ClientNotFoundError);
    assert.equal(err.exitCode, ExitCode.CLIENT_MISSING);
    assert.match(err.message, new RegExp(`^client ${client}: no '${client}'`));
    assert.match(err.hint, /bash scripts\/setup\.sh/);
  });
}

Deno.test("a binary gone after start gives a ClientMissing record", async () => {
  const minio = await sharedMinio();
  const settings = settingsFor(minio, "gone", "s5cmd");
  const runner = new S5cmdRunner({
    settings,
    clock: systemClock,
    binary: "/nonexistent/s5cmd",
    version: "s5cmd v0",
    workDir: await Deno.makeTempDir({ prefix: "s3flood-gone-" }),
    credentials: { accessKeyId: "a", secretAccessKey: "b" },
  });
  try {
    const r = await runner.download(
      { key: "k", size: 1, group: "g" },
      ctxFor(minio.endpoint),
    );
    assert.equal(r.errorCode, "ClientMissing");
    assert.match(r.message!, /^s5cmd: cannot start \/nonexistent\/s5cmd: /);
    assert.match(r.message!, /what to do: run: bash scripts\/setup\.sh/);
  } finally {
    await runner.close();
  }
});

Deno.test("a subprocess download feeds progress and waits for the pacer", async () => {
  const minio = await sharedMinio();
  const bucket = uniqueBucket("pace");
  await createBucket(minio, bucket);
  const bytes = noise(3_000_000, 6);
  const path = await tempFile(bytes);
  const settings = settingsFor(minio, bucket, "rclone");
  const runner = await createRunner(settings, systemClock, toolEnv());
  try {
    const ref = { key: "pace.bin", size: bytes.byteLength, group: "g" };
    const up = await runner.upload(
      ref,
      fileSource(path, ref.size),
      ctxFor(minio.endpoint),
    );
    assert.ok(up.ok, up.message);
    let progress = 0;
    let paced = 0;
    const ctx = {
      ...ctxFor(minio.endpoint),
      onProgress: (n: number) => (progress += n),
      pace: async (n: number) => {
        paced += n;
        await new Promise((r) => setTimeout(r, 1));
      },
    };
    const r = await runner.download(ref, ctx);
    assert.ok(r.ok, r.message);
    assert.deepEqual([progress, paced], [ref.size, ref.size]);
  } finally {
    await runner.close();
    await Deno.remove(dirname(path), { recursive: true });
  }
});
