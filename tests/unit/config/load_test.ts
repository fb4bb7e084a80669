import assert from "node:assert/strict";
import { loadSettings } from "../../../src/config/load.ts";
import { envOverrides, flagOverrides } from "../../../src/config/overrides.ts";
import {
  joinKey,
  normaliseEndpoint,
  normalisePrefix,
} from "../../../src/config/resolve.ts";
import { ConfigError } from "../../../src/core/errors.ts";
import { ExitCode } from "../../../src/core/exit_codes.ts";
import { SAMPLE_CONFIG } from "../../../src/config/sample.ts";

const BASE = `endpoint: http://127.0.0.1:9000
bucket: bench
dataset:
  groups:
    small: { count: 2, min_size: 1KiB, max_size: 2KiB }
`;

function load(
  text: string,
  extra: Partial<Parameters<typeof loadSettings>[0]> = {},
) {
  return loadSettings({
    path: "bench.yaml",
    text,
    env: {},
    cwd: "/work",
    ...extra,
  });
}

function issuesOf(text: string, extra = {}) {
  try {
    load(text, extra);
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    assert.equal(err.exitCode, ExitCode.USAGE);
    return err.issues;
  }
  assert.fail("expected a ConfigError");
}

Deno.test("a minimal config resolves with documented defaults", () => {
  const { settings, warnings } = load(BASE);
  assert.deepEqual(settings.endpoints, ["http://127.0.0.1:9000"]);
  assert.equal(settings.addressing, "path");
  assert.equal(settings.checksum, "when_required");
  assert.equal(settings.region, "us-east-1");
  assert.equal(settings.tlsVerify, true);
  assert.equal(settings.concurrency, 8);
  assert.equal(settings.profile.name, "write");
  assert.equal(settings.dataset.root, "/work/data");
  assert.deepEqual(settings.dataset.groups, [
    { name: "small", count: 2, minSize: 1024, maxSize: 2048 },
  ]);
  assert.ok(warnings.some((w) => w.includes("us-east-1")), warnings.join());
});

Deno.test("without an endpoint: virtual addressing and AWS checksums", () => {
  const { settings } = load(
    BASE.replace(/^endpoint.*\n/, "region: eu-west-1\n"),
  );
  assert.deepEqual(settings.endpoints, []);
  assert.equal(settings.addressing, "virtual");
  assert.equal(settings.checksum, "when_supported");
});

Deno.test("every problem is reported at once with file, line and field", () => {
  const text = `endpoint: http://127.0.0.1:9000
bucket: bench
concurency: 4
dataset:
  groups:
    small: { count: -1, min_size: 4XB, max_size: 2KiB }
duration: 30
profile: wirte
`;
  const issues = issuesOf(text);
  const byPath = new Map(issues.map((i) => [i.path, i]));
  const unknown = byPath.get("concurency");
  assert.ok(unknown, JSON.stringify(issues));
  assert.equal(unknown.line, 3);
  assert.equal(unknown.source, "bench.yaml");
  assert.match(unknown.message, /did you mean 'concurrency'/);
  assert.equal(byPath.get("dataset.groups.small.count")?.line, 6);
  assert.match(
    byPath.get("dataset.groups.small.min_size")!.message,
    /unknown size unit 'XB'/,
  );
  assert.match(byPath.get("duration")!.message, /needs a unit/);
  assert.equal(byPath.get("duration")!.line, 7);
  assert.ok(issues.length >= 4);
});

Deno.test("an unknown profile gets a suggestion after the schema passes", () => {
  const issues = issuesOf(BASE + "profile: wirte\n");
  assert.equal(issues.length, 1);
  assert.equal(issues[0].path, "profile");
  assert.equal(issues[0].line, 6);
  assert.match(issues[0].message, /did you mean 'write'/);
  assert.match(
    issues[0].message,
    /allowed: write, read, mixed, read-heavy, write-heavy/,
  );
});

Deno.test("a missing required field names it", () => {
  const issues = issuesOf(
    "endpoint: http://h:1\ndataset: { groups: { a: { count: 1, min_size: 1, max_size: 1 } } }\n",
  );
  assert.equal(issues[0].path, "bucket");
  assert.match(issues[0].message, /required/);
});

Deno.test("YAML syntax errors carry their line", () => {
  const issues = issuesOf("bucket: [unclosed\nendpoint: x\n");
  assert.ok(issues[0].line !== undefined);
  assert.match(issues[0].message, /YAML syntax/);
});

Deno.test("the error message lists every issue as file:line: path: text", () => {
  try {
    load(BASE + "concurency: 2\nretry: { max_attempts: 0 }\n");
    assert.fail("expected an error");
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    assert.match(err.message, /^config has 2 problems:/);
    assert.match(err.message, /bench\.yaml:6:1: concurency: unknown key/);
    assert.match(err.message, /bench\.yaml:7:\d+: retry\.max_attempts:/);
  }
});

Deno.test("precedence: defaults < file < env < flags", () => {
  const text = BASE + "concurrency: 4\n";
  const env = { S3FLOOD_CONCURRENCY: "8" };
  const fromEnv = load(text, { overrides: envOverrides(env) });
  assert.equal(fromEnv.settings.concurrency, 8);
  const fromFlag = load(text, {
    overrides: [...envOverrides(env), ...flagOverrides({ concurrency: "16" })],
  });
  assert.equal(fromFlag.settings.concurrency, 16);
  assert.equal(load(text).settings.concurrency, 4);
  assert.equal(load(BASE).settings.concurrency, 8);
});

Deno.test("--ops given as a flag replaces a duration from the file", () => {
  const { settings } = load(BASE + "duration: 30s\n", {
    overrides: flagOverrides({ ops: "100" }),
  });
  assert.equal(settings.ops, 100);
  assert.equal(settings.durationMs, undefined);
});

Deno.test("an invalid env value is blamed on the variable", () => {
  const issues = issuesOf(BASE, {
    overrides: envOverrides({ S3FLOOD_CONCURRENCY: "lots" }),
  });
  assert.equal(issues[0].source, "env:S3FLOOD_CONCURRENCY");
  assert.equal(issues[0].path, "concurrency");
});

Deno.test("keys in the file are warned about and masked", () => {
  const text = BASE +
    "credentials: { access_key_id: AKIAEXAMPLE, secret_access_key: s3cr3t }\n";
  const { settings, warnings, maskedConfig } = load(text);
  assert.equal(settings.credentials.kind, "config");
  assert.ok(
    warnings.some((w) => /credentials are written in the config/.test(w)),
  );
  assert.ok(!JSON.stringify(maskedConfig).includes("s3cr3t"));
  assert.ok(!JSON.stringify(maskedConfig).includes("AKIAEXAMPLE"));
});

Deno.test("credentials come from the given env, then a profile, then the chain", () => {
  const env = { AWS_ACCESS_KEY_ID: "ak", AWS_SECRET_ACCESS_KEY: "sk" };
  assert.equal(load(BASE, { env }).settings.credentials.kind, "env");
  assert.deepEqual(
    load(BASE, { env: { AWS_PROFILE: "p" } }).settings.credentials,
    {
      kind: "profile",
      profile: "p",
    },
  );
  assert.equal(load(BASE).settings.credentials.kind, "chain");
});

Deno.test("endpoints are normalised or rejected clearly (C11)", () => {
  assert.equal(
    normaliseEndpoint("http://127.0.0.1:9000/"),
    "http://127.0.0.1:9000",
  );
  const path = normaliseEndpoint("http://127.0.0.1:9000/bench");
  assert.ok(typeof path === "object" && /has a path/.test(path.error));
  const bare = normaliseEndpoint("127.0.0.1:9000");
  assert.ok(
    typeof bare === "object" && /http:\/\/127\.0\.0\.1:9000/.test(bare.error),
  );
  const issues = issuesOf(
    BASE.replace("http://127.0.0.1:9000", "http://h:9/x"),
  );
  assert.equal(issues[0].path, "endpoint");
  assert.equal(issues[0].line, 1);
});

Deno.test("prefixes lose leading, trailing and double slashes (C18)", () => {
  assert.deepEqual(normalisePrefix("/bench"), {
    prefix: "bench",
    changed: true,
  });
  assert.deepEqual(normalisePrefix("bench/"), {
    prefix: "bench",
    changed: false,
  });
  assert.deepEqual(normalisePrefix("a//b"), { prefix: "a/b", changed: true });
  assert.equal(joinKey("bench/", "/g1/f.bin"), "bench/g1/f.bin");
  const { settings, warnings } = load(BASE + "prefix: /bench\n");
  assert.equal(settings.prefix, "bench");
  assert.ok(warnings.some((w) => w.includes("normalised")));
});

Deno.test("multipart part size must be within S3 limits", () => {
  const issues = issuesOf(BASE + "multipart: { part_size: 1MiB }\n");
  assert.equal(issues[0].path, "multipart.part_size");
  assert.match(issues[0].message, /below S3's minimum part size of 5 MiB/);
});

Deno.test("an object over 5 GiB with multipart off is a config error (C14)", () => {
  const text = BASE.replace("max_size: 2KiB", "max_size: 5368709121") +
    "multipart: { threshold: 6GiB }\n";
  const issues = issuesOf(text);
  assert.equal(issues[0].path, "multipart.threshold");
  assert.match(issues[0].message, /over S3's 5 GiB limit/);
});

Deno.test("the sample config and the embedded copy are the same and valid", async () => {
  const file = await Deno.readTextFile(
    new URL("../../../config.sample.yaml", import.meta.url),
  );
  assert.equal(SAMPLE_CONFIG, file, "run: deno run -A scripts/gen_sample.ts");
  const { settings } = load(file);
  assert.equal(settings.bucket, "s3flood-bench");
});

Deno.test("every example config validates", async () => {
  const dir = new URL("../../../examples/configs/", import.meta.url);
  let n = 0;
  for await (const e of Deno.readDir(dir)) {
    if (!e.name.endsWith(".yaml")) continue;
    const text = await Deno.readTextFile(new URL(e.name, dir));
    assert.doesNotThrow(
      () => loadSettings({ path: e.name, text, env: {}, cwd: "/w" }),
      e.name,
    );
    n++;
  }
  assert.ok(n >= 1);
});

Deno.test("C10: a prefix that would make keys over 1024 bytes is refused", () => {
  const issues = issuesOf(BASE + `prefix: ${"a".repeat(1000)}\n`);
  assert.equal(issues[0].path, "prefix");
  assert.match(
    issues[0].message,
    /keys would be up to \d+ bytes, over S3's 1024/,
  );
  assert.doesNotThrow(() => load(BASE + `prefix: ${"a".repeat(950)}\n`));
});

Deno.test("duration and ops together, a zero duration, a built-in redefined", () => {
  const both = issuesOf(BASE + "duration: 5s\nops: 10\n");
  assert.equal(both[0].path, "ops");
  assert.match(both[0].message, /either duration or ops/);
  assert.match(issuesOf(BASE + "duration: 0s\n")[0].message, /longer than 0/);
  const builtin = issuesOf(BASE + "profiles: { write: { read: 1 } }\n");
  assert.equal(builtin[0].path, "profiles.write");
  assert.match(builtin[0].message, /built-in profile/);
});

Deno.test("a wrong type says what was found", () => {
  const issues = issuesOf(BASE + 'concurrency: "eight"\n');
  assert.equal(issues[0].path, "concurrency");
  assert.match(issues[0].message, /expected number, found string "eight"/);
});
