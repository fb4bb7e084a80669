import assert from "node:assert/strict";
import { CHUNK_SIZE, contentStream } from "../../../src/dataset/content.ts";
import {
  ContentVerifier,
  verifierForKey,
} from "../../../src/dataset/verify.ts";
import { DatasetView } from "../../../src/dataset/view.ts";

const ID = { seed: 3, group: "g", index: 5 };
const SIZE = 2 * CHUNK_SIZE + 1234;

async function body(compressibility = 0): Promise<Uint8Array> {
  const s = contentStream(3, "g", 5, SIZE, compressibility);
  return new Uint8Array(await new Response(s).arrayBuffer());
}

/** Feeds `bytes` in pieces of `step`; returns the first message. */
function feed(v: ContentVerifier, bytes: Uint8Array, step: number) {
  for (let at = 0; at < bytes.length; at += step) {
    const msg = v.update(bytes.subarray(at, at + step));
    if (msg) return msg;
  }
  return v.end();
}

Deno.test("the generated body verifies in any piece size", async () => {
  const bytes = await body();
  for (const step of [1000, CHUNK_SIZE, CHUNK_SIZE + 7, SIZE]) {
    assert.equal(feed(new ContentVerifier(ID, SIZE), bytes, step), undefined);
  }
});

Deno.test("one changed byte is found at its offset", async () => {
  const bytes = await body();
  const at = CHUNK_SIZE + 99;
  bytes[at] ^= 0x40;
  const msg = feed(new ContentVerifier(ID, SIZE), bytes, 4096);
  assert.match(msg ?? "", new RegExp(`at byte ${at} of ${SIZE}`));
});

Deno.test("short, long and differently compressible bodies fail", async () => {
  const bytes = await body();
  const short = feed(new ContentVerifier(ID, SIZE), bytes.subarray(1), 9999);
  assert.ok(short, "a body missing its last byte");
  const long = new Uint8Array(SIZE + 1);
  long.set(bytes);
  assert.match(feed(new ContentVerifier(ID, SIZE), long, SIZE + 1)!, /longer/);
  const other = await body(0.5);
  assert.ok(feed(new ContentVerifier(ID, SIZE), other, 8192));
  const id = { ...ID, compressibility: 0.5 };
  assert.equal(feed(new ContentVerifier(id, SIZE), other, 8192), undefined);
});

Deno.test("verifierForKey reads the entry from the key's end", () => {
  const view = DatasetView.fromSpec({
    seed: 3,
    groups: [{ name: "g", count: 6, minSize: 10, maxSize: 20 }],
  });
  const forKey = verifierForKey({ view, seed: 3 });
  assert.ok(forKey("pfx/run/p2/g/g-00005.bin"));
  assert.equal(forKey("pfx/run/g/g-00006.bin"), undefined);
  assert.equal(forKey("pfx/run/g/h-00001.bin"), undefined);
  assert.equal(forKey("other-object"), undefined);
});
