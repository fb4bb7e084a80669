/**
 * What `deno compile` cannot carry: a release binary has no source tree
 * beside it, only the modules reachable by static imports. This scans
 * src/ for the constructs that would break there (file reads beside
 * import.meta.url, dynamic imports, workers, Deno.execPath as "deno").
 */
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));

/** Each construct, and why it breaks in a compiled binary. */
const FORBIDDEN: [RegExp, string][] = [
  [/\bimport\s*\(/, "dynamic import: not embedded unless --include"],
  [/new Worker\s*\(/, "worker module: not embedded unless --include"],
  [/import\.meta\.(dirname|filename|resolve)\b/, "source-tree path"],
  [/Deno\.execPath\s*\(/, "the binary is s3flood, not deno"],
  [/Deno\.mainModule/, "points into the embedded file system"],
  [/with\s*\{\s*type:\s*"(text|bytes)"/, "asset import: use a TS module"],
];

/** import.meta.url may only name the module itself (version.ts's git). */
const META_URL_ALLOWED = new Set(["cli/version.ts", "main.ts"]);

async function* sources(dir: string): AsyncGenerator<string> {
  for await (const e of Deno.readDir(dir)) {
    const path = join(dir, e.name);
    if (e.isDirectory) yield* sources(path);
    else if (e.name.endsWith(".ts")) yield path;
  }
}

Deno.test("src/ has nothing a compiled binary cannot carry", async () => {
  const problems: string[] = [];
  let files = 0;
  for await (const path of sources(SRC)) {
    files++;
    const rel = relative(SRC, path).replaceAll("\\", "/");
    const lines = (await Deno.readTextFile(path)).split("\n");
    lines.forEach((line, i) => {
      if (/^\s*(\*|\/\/)/.test(line)) return;
      for (const [re, why] of FORBIDDEN) {
        if (re.test(line)) problems.push(`src/${rel}:${i + 1}: ${why}`);
      }
      if (/import\.meta\.url/.test(line) && !META_URL_ALLOWED.has(rel)) {
        problems.push(`src/${rel}:${i + 1}: path beside import.meta.url`);
      }
    });
  }
  assert.ok(files > 50, `only ${files} files under ${SRC}`);
  assert.deepEqual(problems, []);
});

Deno.test("the JSON import is deno.json only, embedded at compile time", async () => {
  const found: string[] = [];
  for await (const path of sources(SRC)) {
    const text = await Deno.readTextFile(path);
    for (const m of text.matchAll(/from "([^"]+)" with \{ type: "json" \}/g)) {
      found.push(`${relative(SRC, path).replaceAll("\\", "/")} ${m[1]}`);
    }
  }
  assert.deepEqual(found, ["cli/version.ts ../../deno.json"]);
});
