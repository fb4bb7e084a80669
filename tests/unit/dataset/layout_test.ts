import assert from "node:assert/strict";
import { join } from "node:path";
import {
  entryPath,
  entryRelPath,
  openEntry,
} from "../../../src/dataset/layout.ts";
import { withTempDir } from "./_helpers.ts";

Deno.test("entryRelPath pads the index and uses '/'", () => {
  assert.equal(entryRelPath("small", 42), "small/small-00042.bin");
  assert.equal(entryRelPath("big", 123456), "big/big-123456.bin");
});

Deno.test("entryPath joins with the host separator", () => {
  const p = entryPath("root", { path: "small/small-00001.bin" });
  assert.equal(p, join("root", "small", "small-00001.bin"));
});

Deno.test("openEntry returns a fresh stream on each call", async () => {
  await withTempDir(async (dir) => {
    await Deno.mkdir(join(dir, "g"));
    await Deno.writeTextFile(join(dir, "g", "g-00000.bin"), "hello");
    const entry = { path: "g/g-00000.bin" };
    for (let i = 0; i < 2; i++) {
      const text = await new Response(await openEntry(dir, entry)).text();
      assert.equal(text, "hello");
    }
  });
});
