/**
 * Every runner through the fault proxy: no flexible-checksum header and
 * path-style addressing with a custom endpoint (cases C01, C02), and no
 * retries of the client's own under s3flood's (C05).
 */
import assert from "node:assert/strict";
import { systemClock } from "../../src/core/io.ts";
import { createRunner } from "../../src/runners/mod.ts";
import type { Runner } from "../../src/runners/runner.ts";
import {
  CHECKSUM_HEADERS,
  createBucket,
  findHeader,
  rejectHeaders,
  sharedMinio,
  startProxy,
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

const CLIENTS = ["sdk", "awscli", "s5cmd", "rclone"];
const MiB = 1024 * 1024;

async function files() {
  const dir = await Deno.makeTempDir({ prefix: "s3flood-proxy-" });
  const small = noise(200_000, 4);
  const big = noise(6 * MiB, 8);
  return {
    dir,
    small: { path: await writeFile(dir, "s.bin", small), size: small.length },
    big: { path: await writeFile(dir, "b.bin", big), size: big.length },
  };
}

for (const client of CLIENTS) {
  Deno.test(`${client}: no checksum header, path-style (C01, C02)`, async () => {
    const minio = await sharedMinio();
    const bucket = uniqueBucket("proxy");
    await createBucket(minio, bucket);
    await using proxy = await startProxy(minio.endpoint, rejectHeaders());
    const f = await files();
    const target = { ...minio, endpoint: proxy.endpoint };
    const settings = settingsFor(target, bucket, client, {
      multipart: "{ threshold: 5MiB, part_size: 5MiB }",
    });
    const runner = await createRunner(settings, systemClock, toolEnv());
    try {
      await everyOperation(runner, proxy.endpoint, f);
    } finally {
      await runner.close();
      await Deno.remove(f.dir, { recursive: true });
    }
    assert.ok(proxy.log.some((e) => e.op === "UploadPart"), "no multipart");
    for (const e of proxy.log) {
      assert.notEqual(e.status, 501, `${e.method} ${e.path}`);
      const h = findHeader(new Headers(e.headers), CHECKSUM_HEADERS);
      assert.equal(h, undefined, `${e.method} ${e.path} sent ${h}`);
      assert.ok(e.path.startsWith(`/${bucket}`), `not path-style: ${e.path}`);
    }
  });
}

async function everyOperation(
  runner: Runner,
  endpoint: string,
  f: Awaited<ReturnType<typeof files>>,
): Promise<void> {
  const ctx = ctxFor(endpoint);
  for (
    const [key, file] of [["p/s.bin", f.small], ["p/b.bin", f.big]] as const
  ) {
    const ref = { key, size: file.size, group: "g" };
    const up = await runner.upload(ref, fileSource(file.path, file.size), ctx);
    assert.ok(up.ok, up.message);
    const down = await downloadMd5(runner, ref, ctx);
    assert.ok(down.result.ok, down.result.message);
  }
  const listed = await runner.list("p/", endpoint);
  assert.equal(listed.keys.length, 2, listed.error?.message);
  const gone = await runner.deleteKeys(["p/s.bin", "p/b.bin"], endpoint);
  assert.deepEqual(gone, { deleted: 2, failed: [] });
}

for (const client of CLIENTS) {
  Deno.test(`${client}: SlowDown is one request, classified throttled (C05)`, async () => {
    const minio = await sharedMinio();
    const bucket = uniqueBucket("proxy");
    await createBucket(minio, bucket);
    await using proxy = await startProxy(
      minio.endpoint,
      (req) =>
        req.method === "PUT"
          ? { kind: "error", status: 503, code: "SlowDown" }
          : undefined,
    );
    const f = await files();
    const settings = settingsFor(
      { ...minio, endpoint: proxy.endpoint },
      bucket,
      client,
    );
    const runner = await createRunner(settings, systemClock, toolEnv());
    try {
      const ref = { key: "slow.bin", size: f.small.size, group: "g" };
      const r = await runner.upload(
        ref,
        fileSource(f.small.path, f.small.size),
        ctxFor(proxy.endpoint),
      );
      assert.equal(r.errorClass, "throttled", r.message);
      assert.equal(r.errorCode, "SlowDown");
      assert.equal(r.httpStatus, 503);
    } finally {
      await runner.close();
      await Deno.remove(f.dir, { recursive: true });
    }
    const puts = proxy.log.filter((e) => e.method === "PUT");
    assert.equal(puts.length, 1, `${client} sent ${puts.length} PUTs`);
  });
}
