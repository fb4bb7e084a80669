import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { DatasetError } from "../../../src/core/errors.ts";
import {
  type DatasetSpec,
  ensureDataset,
  entryPath,
  GENERATOR,
  type Manifest,
} from "../../../src/dataset/mod.ts";
import { liveBytes, sha256File, smallSpec, withTempDir } from "./_helpers.ts";

/** SHA-256 of the manifest file as written, without `createdAt`. */
async function manifestHash(root: string): Promise<string> {
  const json = JSON.parse(await Deno.readTextFile(join(root, "manifest.json")));
  delete json.createdAt;
  return createHash("sha256").update(JSON.stringify(json)).digest("hex");
}

/** Every file under `dir`, relative, with its mtime. */
async function snapshot(dir: string, sub = ""): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for await (const d of Deno.readDir(join(dir, sub))) {
    const rel = sub ? `${sub}/${d.name}` : d.name;
    if (d.isDirectory) {
      (await snapshot(dir, rel)).forEach((v, k) => out.set(k, v));
    } else {
      out.set(rel, (await Deno.stat(join(dir, rel))).mtime!.getTime());
    }
  }
  return out;
}

async function rejectsDataset(
  p: Promise<unknown>,
  ...patterns: RegExp[]
): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof DatasetError, String(e));
    for (const re of patterns) assert.match(e.message, re);
    assert.match(e.hint, /another dataset\.root/);
    return true;
  });
}

async function generated(
  fn: (spec: DatasetSpec, m: Manifest) => Promise<void>,
  seed = 7,
): Promise<void> {
  await withTempDir(async (dir) => {
    const spec = smallSpec(join(dir, "data"), seed);
    const { manifest, created } = await ensureDataset(spec);
    assert.equal(created, true);
    await fn(spec, manifest);
  });
}

Deno.test("generates files that match their manifest", async () => {
  await generated(async (spec, m) => {
    assert.equal(m.generator, GENERATOR);
    assert.equal(m.count, 8);
    assert.equal(m.totalBytes, m.entries.reduce((a, e) => a + e.size, 0));
    for (const e of m.entries) {
      const path = entryPath(spec.root, e);
      assert.equal((await Deno.stat(path)).size, e.size);
      assert.equal(await sha256File(path), e.sha256);
      assert.ok(!e.path.includes("\\"), e.path);
      assert.match(e.path, /^[a-z]+\/[a-z]+-\d{5}\.bin$/);
    }
    const names = await Array.fromAsync(Deno.readDir(spec.root), (d) => d.name);
    assert.deepEqual(names.sort(), [
      "empty",
      "manifest.json",
      "medium",
      "small",
    ]);
  });
});

Deno.test("same seed: identical bytes and manifest in two dirs", async () => {
  await withTempDir(async (dir) => {
    const a = await ensureDataset(smallSpec(join(dir, "a")));
    const b = await ensureDataset(smallSpec(join(dir, "b")));
    assert.equal(
      await manifestHash(join(dir, "a")),
      await manifestHash(join(dir, "b")),
    );
    for (const e of a.manifest.entries) {
      const fa = await Deno.readFile(entryPath(join(dir, "a"), e));
      const fb = await Deno.readFile(entryPath(join(dir, "b"), e));
      assert.deepEqual(fa, fb);
    }
    assert.deepEqual(b.manifest.entries, a.manifest.entries);
  });
});

Deno.test("another seed gives other sizes and bytes", async () => {
  await withTempDir(async (dir) => {
    const a = await ensureDataset(smallSpec(join(dir, "a"), 1));
    const b = await ensureDataset(smallSpec(join(dir, "b"), 2));
    assert.notEqual(
      await manifestHash(join(dir, "a")),
      await manifestHash(join(dir, "b")),
    );
    const sums = new Set(a.manifest.entries.map((e) => e.sha256));
    const same = b.manifest.entries.filter((e) =>
      e.size > 0 && sums.has(e.sha256)
    );
    assert.deepEqual(same, []);
  });
});

Deno.test("reuse returns created=false and touches nothing", async () => {
  await generated(async (spec, m) => {
    const before = await snapshot(spec.root);
    await new Promise((r) => setTimeout(r, 20));
    const again = await ensureDataset(spec, { verify: true });
    assert.equal(again.created, false);
    assert.deepEqual(again.manifest, m);
    assert.deepEqual(await snapshot(spec.root), before);
  });
});

Deno.test("a file with another size is refused", async () => {
  await generated(async (spec, m) => {
    const e = m.entries.find((x) => x.group === "medium")!;
    await Deno.truncate(entryPath(spec.root, e), 10);
    await rejectsDataset(
      ensureDataset(spec),
      /files differ from its manifest \(1 difference\)/,
      new RegExp(`${e.path}: 10 bytes on disk, ${e.size} in the manifest`),
    );
    assert.equal((await Deno.stat(entryPath(spec.root, e))).size, 10);
  });
});

Deno.test("a missing file is refused", async () => {
  await generated(async (spec, m) => {
    await Deno.remove(entryPath(spec.root, m.entries[1]));
    await rejectsDataset(ensureDataset(spec), /small-00001\.bin: missing/);
  });
});

Deno.test("changed content of the same size needs verify", async () => {
  await generated(async (spec, m) => {
    const e = m.entries.find((x) => x.group === "medium")!;
    const file = await Deno.open(entryPath(spec.root, e), { write: true });
    await file.write(new Uint8Array(16));
    file.close();
    assert.equal((await ensureDataset(spec)).created, false);
    await rejectsDataset(
      ensureDataset(spec, { verify: true }),
      /SHA-256 differs from the manifest/,
    );
  });
});

Deno.test("a changed spec is refused, naming what differs", async () => {
  await generated(async (spec) => {
    const groups = spec.groups.map((g) =>
      g.name === "small" ? { ...g, count: 6 } : g
    );
    await rejectsDataset(
      ensureDataset({ ...spec, seed: 8, groups: groups.slice(0, 2) }),
      /its manifest differs from the config \(3 differences\)/,
      /seed: 7 in the manifest, 8 in the config/,
      /group 'empty': only in the manifest/,
      /group 'small': count 5 in the manifest, 6 in the config/,
    );
  });
});

Deno.test("a hand-edited manifest is refused", async () => {
  await generated(async (spec, m) => {
    const edited = structuredClone(m);
    edited.entries[0].size += 1;
    edited.totalBytes += 1;
    const file = join(spec.root, "manifest.json");
    await Deno.writeTextFile(file, JSON.stringify(edited));
    await rejectsDataset(
      ensureDataset(spec),
      new RegExp(`${m.entries[0].path}: size ${m.entries[0].size + 1} in`),
    );
  });
});

Deno.test("many differences are cut short with a count", async () => {
  await generated(async (spec) => {
    await Deno.remove(join(spec.root, "small"), { recursive: true });
    await Deno.remove(join(spec.root, "medium"), { recursive: true });
    await rejectsDataset(
      ensureDataset(spec),
      /\(8 differences\)/,
      /and 3 more$/,
    );
  });
});

Deno.test("an unreadable manifest is refused", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(join(dir, "manifest.json"), "{}");
    await rejectsDataset(ensureDataset(smallSpec(dir)), /manifest/);
  });
});

Deno.test("a directory of other files is never written to", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(join(dir, "notes.txt"), "mine");
    await rejectsDataset(
      ensureDataset(smallSpec(dir)),
      /holds other files \(notes\.txt\) but no manifest\.json/,
    );
    const names = await Array.fromAsync(Deno.readDir(dir), (d) => d.name);
    assert.deepEqual(names, ["notes.txt"]);
  });
});

Deno.test("a root that is a file is refused", async () => {
  await withTempDir(async (dir) => {
    const root = join(dir, "file");
    await Deno.writeTextFile(root, "x");
    await rejectsDataset(ensureDataset(smallSpec(root)), /not a directory/);
  });
});

Deno.test("zero-byte files and empty groups work", async () => {
  await withTempDir(async (dir) => {
    const spec = {
      root: dir,
      seed: 1,
      groups: [
        { name: "zero", count: 3, minSize: 0, maxSize: 0 },
        { name: "none", count: 0, minSize: 5, maxSize: 9 },
      ],
    };
    const { manifest } = await ensureDataset(spec);
    assert.equal(manifest.count, 3);
    assert.equal(manifest.totalBytes, 0);
    const empty = createHash("sha256").digest("hex");
    assert.ok(manifest.entries.every((e) => e.sha256 === empty));
    assert.equal((await ensureDataset(spec, { verify: true })).created, false);
  });
});

Deno.test("an interrupted generation is finished next time", async () => {
  await withTempDir(async (dir) => {
    const spec = smallSpec(dir);
    const stop = (done: number) => {
      if (done >= 3) throw new Error("interrupted");
    };
    await assert.rejects(ensureDataset(spec, { onProgress: stop }), /interr/);
    await rejectsDataset(
      ensureDataset({ ...spec, seed: 99 }),
      /unfinished dataset made for another seed/,
    );
    const { manifest, created } = await ensureDataset(spec);
    assert.equal(created, true);
    for (const e of manifest.entries) {
      assert.equal(await sha256File(entryPath(dir, e)), e.sha256);
    }
    assert.equal((await ensureDataset(spec, { verify: true })).created, false);
  });
});

Deno.test("progress ends at every file and byte", async () => {
  await withTempDir(async (dir) => {
    const calls: number[][] = [];
    const onProgress = (...a: number[]) => calls.push(a);
    const { manifest } = await ensureDataset(smallSpec(dir), { onProgress });
    assert.deepEqual(calls[0], [0, 8, 0]);
    assert.deepEqual(calls.at(-1), [8, 8, manifest.totalBytes]);
  });
});

Deno.test("generating 64 MiB keeps memory flat", async () => {
  await withTempDir(async (dir) => {
    const size = 64 * 1024 * 1024;
    const groups = [{ name: "big", count: 1, minSize: size, maxSize: size }];
    const base = liveBytes();
    let peak = 0;
    let calls = 0;
    const onProgress = () => {
      if (calls++ % 64 === 0) peak = Math.max(peak, liveBytes() - base);
    };
    const spec = { root: dir, seed: 1, groups };
    const { manifest } = await ensureDataset(spec, { onProgress });
    assert.equal(manifest.totalBytes, size);
    assert.ok(calls > 1000, `only ${calls} progress calls`);
    assert.ok(peak < 4 * 1024 * 1024, `live memory grew by ${peak} bytes`);
  });
});
