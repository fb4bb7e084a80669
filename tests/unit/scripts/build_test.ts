/**
 * scripts/build.sh with a fake `deno` (deno compile cannot fetch its
 * runtimes here): the five targets and their output names, the baked
 * permissions, the commit stamped into a staged copy while the working
 * tree stays untouched.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const INFO = join(ROOT, "src", "cli", "_build_info.ts");

/** A tools dir whose bin/deno logs its arguments and the stamped file. */
const FAKE_DENO = `#!/usr/bin/env bash
{ echo "ARGS $*"; grep BUILD_COMMIT: src/cli/_build_info.ts; } >>"$LOG"
while [ $# -gt 0 ]; do
  if [ "$1" = --output ]; then echo fake >"$2"; fi
  shift
done
`;

async function build(args: string[], commit = "0123456789ab") {
  const tools = await Deno.makeTempDir({ prefix: "s3flood-build-" });
  await Deno.mkdir(join(tools, "bin"));
  await Deno.writeTextFile(join(tools, "bin", "deno"), FAKE_DENO, {
    mode: 0o755,
  });
  const log = join(tools, "log");
  const out = await new Deno.Command("bash", {
    args: [join(ROOT, "scripts", "build.sh"), ...args],
    env: {
      S3FLOOD_TOOLS: tools,
      S3FLOOD_DIST: join(tools, "dist"),
      S3FLOOD_COMMIT: commit,
      LOG: log,
    },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = await Deno.readTextFile(log).catch(() => "");
  return {
    tools,
    code: out.code,
    log: text,
    err: new TextDecoder().decode(out.stderr),
  };
}

Deno.test("build.sh compiles five targets with the commit stamped", async () => {
  const before = await Deno.readTextFile(INFO);
  const r = await build([]);
  try {
    assert.equal(r.code, 0, r.err);
    const calls = r.log.split("\n").filter((l) => l.startsWith("ARGS "));
    assert.equal(calls.length, 5);
    for (
      const [t, exe] of [
        ["x86_64-unknown-linux-gnu", "s3flood"],
        ["aarch64-unknown-linux-gnu", "s3flood"],
        ["x86_64-apple-darwin", "s3flood"],
        ["aarch64-apple-darwin", "s3flood"],
        ["x86_64-pc-windows-msvc", "s3flood.exe"],
      ]
    ) {
      const call = calls.find((c) => c.includes(`--target ${t} `));
      assert.ok(call, t);
      assert.match(call, /^ARGS compile --frozen /);
      assert.ok(call.includes(`--output ${join(r.tools, "dist", t, exe)} `));
      assert.ok(call.endsWith(" src/main.ts"), call);
      for (const p of ["read", "write", "net", "env", "run", "sys"]) {
        assert.ok(call.includes(`--allow-${p}`), `${t}: --allow-${p}`);
      }
      assert.equal(
        (await Deno.stat(join(r.tools, "dist", t, exe))).isFile,
        true,
      );
    }
    const stamps = r.log.split("\n").filter((l) => l.includes("BUILD_COMMIT"));
    assert.equal(stamps.length, 5);
    for (const s of stamps) {
      assert.match(s, /BUILD_COMMIT: string = "0123456789ab";/);
    }
    assert.equal(await Deno.readTextFile(INFO), before, "tree untouched");
  } finally {
    await Deno.remove(r.tools, { recursive: true });
  }
});

Deno.test("build.sh refuses an unknown target or a bad commit", async () => {
  const t = await build(["x86_64-unknown-freebsd"]);
  const c = await build(["aarch64-apple-darwin"], "not-a-commit");
  try {
    assert.equal(t.code, 2);
    assert.match(t.err, /unknown target 'x86_64-unknown-freebsd'/);
    assert.equal(c.code, 1);
    assert.match(c.err, /no git commit to stamp .*set S3FLOOD_COMMIT/);
    assert.equal(t.log + c.log, "");
  } finally {
    await Deno.remove(t.tools, { recursive: true });
    await Deno.remove(c.tools, { recursive: true });
  }
});
