/**
 * scripts/smoke.sh, which the release workflow runs on each built
 * binary, here with `deno run src/main.ts` standing in for the binary:
 * version, init, validate, dataset show, and the quickstart against MinIO.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sharedMinio } from "../support/mod.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

Deno.test("smoke.sh passes on this checkout, run included", async () => {
  const minio = await sharedMinio();
  const dir = await Deno.makeTempDir({ prefix: "s3flood-smoke-test-" });
  try {
    const fake = join(dir, "s3flood");
    await Deno.writeTextFile(
      fake,
      `#!/bin/sh\nexec "${Deno.execPath()}" run -q -A "${
        join(ROOT, "src", "main.ts")
      }" "$@"\n`,
      { mode: 0o755 },
    );
    const out = await new Deno.Command("bash", {
      args: [join(ROOT, "scripts", "smoke.sh"), fake],
      env: {
        AWS_ENDPOINT_URL: minio.endpoint,
        AWS_ACCESS_KEY_ID: minio.accessKey,
        AWS_SECRET_ACCESS_KEY: minio.secretKey,
        AWS_REGION: minio.region,
      },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const err = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, err);
    assert.match(new TextDecoder().decode(out.stdout), /^s3flood \d+\.\d+/);
    assert.match(err, /smoke: ok \(results\//);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("smoke.sh fails on a binary that is not s3flood", async () => {
  const out = await new Deno.Command("bash", {
    args: [join(ROOT, "scripts", "smoke.sh"), "/bin/echo", "f00dfeed1234"],
    env: { AWS_ENDPOINT_URL: "" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 1);
  assert.match(new TextDecoder().decode(out.stderr), /--version printed/);
});
