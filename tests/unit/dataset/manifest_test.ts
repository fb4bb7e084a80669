import assert from "node:assert/strict";
import { join } from "node:path";
import { DatasetError } from "../../../src/core/errors.ts";
import {
  type Manifest,
  manifestSummary,
  readManifest,
  writeManifest,
} from "../../../src/dataset/manifest.ts";
import { withTempDir } from "./_helpers.ts";

const SHA = "a".repeat(64);

function sample(): Manifest {
  const entry = (path: string, size: number, group: string) => ({
    path,
    size,
    group,
    sha256: SHA,
  });
  return {
    version: 1,
    generator: "s3flood-dataset/1",
    seed: 1,
    groups: [
      { name: "a", count: 2, minSize: 1, maxSize: 9, distribution: "uniform" },
      { name: "b", count: 0, minSize: 1, maxSize: 9, distribution: "uniform" },
    ],
    count: 2,
    totalBytes: 10,
    createdAt: "2024-01-01T00:00:00.000Z",
    entries: [entry("a/a-00000.bin", 3, "a"), entry("a/a-00001.bin", 7, "a")],
  };
}

Deno.test("a written manifest reads back equal", async () => {
  await withTempDir(async (dir) => {
    await writeManifest(dir, sample());
    assert.deepEqual(await readManifest(dir), sample());
    const names = await Array.fromAsync(Deno.readDir(dir), (d) => d.name);
    assert.deepEqual(names, ["manifest.json"]);
  });
});

Deno.test("manifestSummary gives totals per group", () => {
  assert.deepEqual(manifestSummary(sample()), {
    count: 2,
    totalBytes: 10,
    groups: [
      { name: "a", count: 2, bytes: 10, minSize: 3, maxSize: 7 },
      { name: "b", count: 0, bytes: 0, minSize: 0, maxSize: 0 },
    ],
  });
});

Deno.test("a missing manifest is a DatasetError", async () => {
  await withTempDir(async (dir) => {
    await assert.rejects(readManifest(dir), DatasetError);
  });
});

async function rejectsText(text: string, pattern: RegExp) {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(join(dir, "manifest.json"), text);
    await assert.rejects(readManifest(dir), (e: unknown) => {
      assert.ok(e instanceof DatasetError);
      assert.match(e.message, pattern);
      return true;
    });
  });
}

Deno.test("a manifest that is not JSON is a DatasetError", async () => {
  await rejectsText("{ nope", /not valid JSON/);
});

Deno.test("unsafe entry paths are refused", async () => {
  for (const path of ["../x.bin", "a\\b.bin", "C:/x.bin", "/abs.bin"]) {
    const m = sample();
    m.entries[0].path = path;
    await rejectsText(JSON.stringify(m), /entries\.0\.path/);
  }
});

Deno.test("inconsistent totals are refused", async () => {
  await rejectsText(JSON.stringify({ ...sample(), count: 3 }), /count/);
  await rejectsText(JSON.stringify({ ...sample(), totalBytes: 1 }), /total/);
});
