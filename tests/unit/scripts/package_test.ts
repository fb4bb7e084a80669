/**
 * scripts/package.sh on a fake build output: archive names, contents,
 * modes, SHA256SUMS, reproducibility and its refusals.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Entry, readTarGz, readZip, sha256 } from "./_archive.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const SCRIPT = join(ROOT, "scripts", "package.sh");
const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
];
const dec = new TextDecoder();

/** A dist/ with a fake binary per target whose bytes name the target. */
async function fakeDist(targets = TARGETS): Promise<string> {
  const dist = await Deno.makeTempDir({ prefix: "s3flood-pkg-" });
  for (const t of targets) {
    await Deno.mkdir(join(dist, t));
    const exe = t.includes("windows") ? "s3flood.exe" : "s3flood";
    await Deno.writeTextFile(join(dist, t, exe), `#!/bin/sh\necho ${t}\n`);
  }
  return dist;
}

async function pack(dist: string, args: string[] = []) {
  const out = await new Deno.Command("bash", {
    args: [SCRIPT, "--dist", dist, "--version", "9.8.7", ...args],
    env: { SOURCE_DATE_EPOCH: "1796294400" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stderr: dec.decode(out.stderr) };
}

const file = (dir: string, name: string) => Deno.readFile(join(dir, name));
const byName = (es: Entry[]) => new Map(es.map((e) => [e.name, e]));

Deno.test("package.sh packs five archives, three files each, with sums", async () => {
  const dist = await fakeDist();
  try {
    const r = await pack(dist);
    assert.equal(r.code, 0, r.stderr);
    const rel = join(dist, "release");
    const names = [];
    for await (const e of Deno.readDir(rel)) names.push(e.name);
    const expected = TARGETS.map((t) =>
      `s3flood-9.8.7-${t}${t.includes("windows") ? ".zip" : ".tar.gz"}`
    );
    assert.deepEqual(names.sort(), [...expected, "SHA256SUMS"].sort());

    const readme = await Deno.readFile(join(ROOT, "README.md"));
    const sample = await Deno.readFile(join(ROOT, "config.sample.yaml"));
    for (const t of TARGETS.filter((t) => !t.includes("windows"))) {
      const top = `s3flood-9.8.7-${t}`;
      const es = byName(await readTarGz(await file(rel, `${top}.tar.gz`)));
      assert.deepEqual([...es.keys()].sort(), [
        `${top}/`,
        `${top}/README.md`,
        `${top}/config.sample.yaml`,
        `${top}/s3flood`,
      ]);
      const bin = es.get(`${top}/s3flood`)!;
      assert.equal(dec.decode(bin.data), `#!/bin/sh\necho ${t}\n`);
      assert.equal(bin.mode, 0o755);
      assert.deepEqual(es.get(`${top}/README.md`)!.data, readme);
      assert.equal(es.get(`${top}/config.sample.yaml`)!.mode, 0o644);
      assert.deepEqual(es.get(`${top}/config.sample.yaml`)!.data, sample);
    }

    const win = "s3flood-9.8.7-x86_64-pc-windows-msvc.zip";
    const zip = byName(await readZip(await file(rel, win)));
    assert.deepEqual([...zip.keys()].sort(), [
      "README.md",
      "config.sample.yaml",
      "s3flood.exe",
    ]);
    assert.equal(
      dec.decode(zip.get("s3flood.exe")!.data),
      "#!/bin/sh\necho x86_64-pc-windows-msvc\n",
    );
    assert.deepEqual(zip.get("README.md")!.data, readme);
    assert.deepEqual(zip.get("config.sample.yaml")!.data, sample);

    const sums = dec.decode(await file(rel, "SHA256SUMS")).trimEnd();
    const lines = sums.split("\n");
    assert.equal(lines.length, 5);
    for (const line of lines) {
      const [hash, name] = line.split(/ {2}/);
      assert.equal(hash, await sha256(await file(rel, name)), name);
    }
  } finally {
    await Deno.remove(dist, { recursive: true });
  }
});

Deno.test("package.sh makes the same bytes twice (reproducible)", async () => {
  const dist = await fakeDist();
  try {
    assert.equal((await pack(dist)).code, 0);
    const first = await file(join(dist, "release"), "SHA256SUMS");
    assert.equal((await pack(dist)).code, 0);
    assert.deepEqual(await file(join(dist, "release"), "SHA256SUMS"), first);
  } finally {
    await Deno.remove(dist, { recursive: true });
  }
});

Deno.test("package.sh stops on a missing binary and writes nothing", async () => {
  const dist = await fakeDist(TARGETS.slice(0, 4));
  try {
    const r = await pack(dist);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /x86_64-pc-windows-msvc\/s3flood\.exe/);
    assert.match(r.stderr, /what to do: run: bash scripts\/build\.sh/);
    await assert.rejects(
      Deno.stat(join(dist, "release")),
      Deno.errors.NotFound,
    );
  } finally {
    await Deno.remove(dist, { recursive: true });
  }
});

Deno.test("package.sh refuses a bad version or target (exit 2)", async () => {
  const dist = await fakeDist(["x86_64-unknown-linux-gnu"]);
  try {
    const bad = await pack(dist, ["--version", "v1.0"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /'v1\.0' is not MAJOR\.MINOR\.PATCH/);
    const target = await pack(dist, ["riscv64-linux"]);
    assert.equal(target.code, 2);
    assert.match(target.stderr, /unknown target 'riscv64-linux'/);
    const one = await pack(dist, ["x86_64-unknown-linux-gnu"]);
    assert.equal(one.code, 0, one.stderr);
    const sums = dec.decode(await file(join(dist, "release"), "SHA256SUMS"));
    assert.match(sums, /^[0-9a-f]{64} {2}s3flood-9\.8\.7-x86_64-unknown-linux/);
  } finally {
    await Deno.remove(dist, { recursive: true });
  }
});
