/**
 * The GitHub workflows: actionlint (with shellcheck on every `run:`
 * script when installed) over .github/workflows, and the facts they
 * repeat from the scripts kept equal: Deno's version and the targets.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WORKFLOWS = join(ROOT, ".github", "workflows");

/** actionlint from PATH or the tools dir (scripts/setup.sh --extras). */
async function findActionlint(): Promise<string | undefined> {
  const env = Deno.env.toObject();
  const tools = env.S3FLOOD_TOOLS ??
    join(env.HOME ?? "", ".cache", "s3flood", "tools");
  const dirs = [join(tools, "bin"), ...(env.PATH ?? "").split(":")];
  for (const dir of dirs.filter((d) => d !== "")) {
    const path = join(dir, "actionlint");
    try {
      if ((await Deno.stat(path)).isFile) return path;
    } catch {
      // not here
    }
  }
}

async function workflowFiles(): Promise<string[]> {
  const files: string[] = [];
  for await (const e of Deno.readDir(WORKFLOWS)) {
    if (/\.ya?ml$/.test(e.name)) files.push(join(WORKFLOWS, e.name));
  }
  return files.sort();
}

Deno.test("actionlint passes on every workflow", async () => {
  const actionlint = await findActionlint();
  assert.ok(
    actionlint,
    "actionlint not found on PATH or in the tools dir\n" +
      "  what to do: bash scripts/setup.sh --extras (go install " +
      "github.com/rhysd/actionlint/cmd/actionlint@latest)",
  );
  const files = await workflowFiles();
  assert.deepEqual(files.map((f) => f.slice(WORKFLOWS.length + 1)), [
    "ci.yml",
    "release.yml",
  ]);
  const out = await new Deno.Command(actionlint, {
    args: ["-no-color", ...files],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) +
    new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, `actionlint found problems:\n${text}`);
});

Deno.test("workflows install the Deno version scripts/setup.sh pins", async () => {
  const setup = await Deno.readTextFile(join(ROOT, "scripts", "setup.sh"));
  const pinned = /S3FLOOD_DENO_VERSION:-([0-9.]+)\}/.exec(setup)?.[1];
  assert.ok(pinned, "no DENO_VERSION default in scripts/setup.sh");
  let seen = 0;
  for (const file of await workflowFiles()) {
    const text = await Deno.readTextFile(file);
    for (const m of text.matchAll(/deno-version: "([^"]+)"/g)) {
      assert.equal(m[1], pinned, `${file}: deno-version`);
      seen++;
    }
  }
  assert.ok(seen >= 2, `only ${seen} deno-version pins`);
});

Deno.test("release.yml smoke-tests the targets build.sh and package.sh know", async () => {
  const targets = (text: string) =>
    [...text.matchAll(/\b(?:x86_64|aarch64)-[a-z]+-[a-z]+(?:-gnu)?\b/g)]
      .map((m) => m[0]).filter((t, i, all) => all.indexOf(t) === i).sort();
  const read = (p: string) => Deno.readTextFile(join(ROOT, p));
  const build = targets(await read("scripts/build.sh"));
  assert.equal(build.length, 5, build.join());
  assert.deepEqual(targets(await read("scripts/package.sh")), build);
  assert.deepEqual(targets(await read(".github/workflows/release.yml")), build);
});
