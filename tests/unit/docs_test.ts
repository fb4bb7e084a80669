/**
 * The docs stay true to the tree: every relative link in README.md and
 * docs/ names a file that exists, every example a doc runs is in
 * examples/configs/, and the README's table lists every S3FLOOD_*
 * variable the CLI reads.
 */
import assert from "node:assert/strict";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { OVERRIDE_FIELDS } from "../../src/config/overrides.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

async function markdownFiles(): Promise<string[]> {
  const files = [join(ROOT, "README.md"), join(ROOT, "CHANGELOG.md")];
  const walk = async (dir: string) => {
    for await (const e of Deno.readDir(dir)) {
      const path = join(dir, e.name);
      if (e.isDirectory) await walk(path);
      else if (e.name.endsWith(".md")) files.push(path);
    }
  };
  await walk(join(ROOT, "docs"));
  return files;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

Deno.test("every relative link in the docs names a file that exists", async () => {
  const broken: string[] = [];
  let links = 0;
  for (const file of await markdownFiles()) {
    const text = await Deno.readTextFile(file);
    for (const m of text.matchAll(/\]\(([^)\s#]+)(#[^)]*)?\)/g)) {
      const target = m[1];
      // GitHub's own pages (releases) are outside the tree.
      if (/^[a-z]+:/.test(target) || target.startsWith("../../")) continue;
      links++;
      if (!await exists(join(dirname(file), target))) {
        broken.push(`${relative(ROOT, file)}: ${target}`);
      }
    }
  }
  assert.ok(links > 30, `only ${links} links checked`);
  assert.deepEqual(broken, []);
});

Deno.test("every example config the docs run exists", async () => {
  const missing: string[] = [];
  for (const file of await markdownFiles()) {
    const text = await Deno.readTextFile(file);
    for (const m of text.matchAll(/examples\/configs\/([a-z0-9-]+\.yaml)/g)) {
      const path = join(ROOT, "examples", "configs", m[1]);
      if (!await exists(path)) missing.push(`${relative(ROOT, file)}: ${m[1]}`);
    }
  }
  assert.deepEqual(missing, []);
});

Deno.test("the README lists every S3FLOOD_* variable and its flag", async () => {
  const readme = await Deno.readTextFile(join(ROOT, "README.md"));
  for (const f of OVERRIDE_FIELDS) {
    assert.ok(readme.includes(`\`${f.env}\``), f.env);
    assert.ok(readme.includes(`\`${f.flagName}`), f.flagName);
  }
});
