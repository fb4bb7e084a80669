import assert from "node:assert/strict";
import { join } from "node:path";
import { loadSettings } from "../../../src/config/load.ts";
import { ClientNotFoundError } from "../../../src/core/errors.ts";
import { ExitCode } from "../../../src/core/exit_codes.ts";
import { awsConfigText, locateAwsCli } from "../../../src/runners/awscli.ts";

function settings(extra = "") {
  const text = `endpoint: http://127.0.0.1:9000
bucket: bench
multipart: { threshold: 32MiB, part_size: 8MiB }
dataset: { groups: { a: { count: 1, min_size: 1, max_size: 1 } } }
${extra}`;
  return loadSettings({
    path: "t.yaml",
    text,
    overrides: [],
    env: {},
    cwd: "/tmp",
    json: false,
  }).settings;
}

Deno.test("the run-local AWS config carries retries, checksums, addressing, tuning", () => {
  const text = awsConfigText(settings(
    "clients: { awscli: { max_concurrent_requests: 3 } }\nca_file: /ca.pem",
  ));
  assert.equal(
    text,
    `[default]
region = us-east-1
max_attempts = 1
retry_mode = standard
request_checksum_calculation = when_required
response_checksum_validation = when_required
ca_bundle = /ca.pem
s3 =
  addressing_style = path
  multipart_threshold = 33554432
  multipart_chunksize = 8388608
  max_concurrent_requests = 3
  max_queue_size = 1000
`,
  );
});

/** A fake `aws` that prints `version` for --version. */
async function fakeAws(version: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "s3flood-fake-aws-" });
  const path = join(dir, "aws");
  await Deno.writeTextFile(
    path,
    `#!/bin/sh\necho "${version} Python/3.11.7"\n`,
  );
  await Deno.chmod(path, 0o755);
  return dir;
}

Deno.test("an aws CLI v1 is refused by its path", async () => {
  const dir = await fakeAws("aws-cli/1.45.11");
  try {
    const err = await locateAwsCli({ PATH: dir }, []).then(
      () => assert.fail("v1 accepted"),
      (e) => e,
    );
    assert.ok(err instanceof ClientNotFoundError);
    assert.equal(err.exitCode, ExitCode.CLIENT_MISSING);
    assert.match(err.message, new RegExp(`${dir}/aws is aws-cli/1\\.45\\.11`));
    assert.match(err.message, /needs the aws CLI v2/);
    assert.match(err.hint, /apt-get install awscli|scripts\/setup\.sh/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a v2 beats a v1 found earlier on the way", async () => {
  const v1 = await fakeAws("aws-cli/1.45.11");
  const v2 = await fakeAws("aws-cli/2.9.19");
  try {
    const found = await locateAwsCli({ PATH: `${v1}:${v2}` }, []);
    assert.deepEqual(found, {
      path: join(v2, "aws"),
      version: "aws-cli/2.9.19",
    });
  } finally {
    await Deno.remove(v1, { recursive: true });
    await Deno.remove(v2, { recursive: true });
  }
});

Deno.test("no aws at all names the client and scripts/setup.sh", async () => {
  const err = await locateAwsCli({ PATH: "/nonexistent" }, []).catch((e) => e);
  assert.ok(err instanceof ClientNotFoundError);
  assert.equal(err.client, "awscli");
  assert.match(err.message, /client awscli: no 'aws' found/);
  assert.match(err.hint, /bash scripts\/setup\.sh/);
});
