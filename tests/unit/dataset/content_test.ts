import assert from "node:assert/strict";
import { CHUNK_SIZE, contentStream } from "../../../src/dataset/content.ts";
import { sha256Of } from "./_helpers.ts";

async function bytesOf(s: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(s).arrayBuffer());
}

Deno.test("content is pinned; changing it needs a GENERATOR bump", async () => {
  assert.equal(
    await sha256Of(contentStream(1, "small", 0, 100_000)),
    "7b5b55d8c74e0e8f41c375a88d9cff26afa609c2ba7ed67487858a4f33b36c8a",
  );
});

Deno.test("content has exactly the asked length", async () => {
  for (const n of [0, 1, 3, 5, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1]) {
    assert.equal((await bytesOf(contentStream(1, "g", 0, n))).length, n);
  }
});

Deno.test("no chunk is larger than CHUNK_SIZE", async () => {
  for await (const c of contentStream(1, "g", 0, 3 * CHUNK_SIZE + 10)) {
    assert.ok(c.length > 0 && c.length <= CHUNK_SIZE);
  }
});

Deno.test("content depends on seed, group and index", async () => {
  const sum = (seed: number, g: string, i: number) =>
    sha256Of(contentStream(seed, g, i, 4096));
  const base = await sum(1, "g", 0);
  assert.equal(await sum(1, "g", 0), base);
  assert.notEqual(await sum(2, "g", 0), base);
  assert.notEqual(await sum(1, "h", 0), base);
  assert.notEqual(await sum(1, "g", 1), base);
});

Deno.test("a shorter file is a prefix of a longer one", async () => {
  const long = await bytesOf(contentStream(1, "g", 0, 2 * CHUNK_SIZE + 7));
  const short = await bytesOf(contentStream(1, "g", 0, CHUNK_SIZE + 3));
  assert.deepEqual(long.subarray(0, short.length), short);
});

Deno.test("content does not compress", async () => {
  const raw = contentStream(1, "g", 0, 1 << 20);
  const gz = raw.pipeThrough(new CompressionStream("gzip"));
  const size = (await bytesOf(gz)).length;
  assert.ok(size > (1 << 20), `gzip shrank 1 MiB to ${size} bytes`);
});

Deno.test("negative or fractional sizes are refused", () => {
  assert.throws(() => contentStream(1, "g", 0, -1), RangeError);
  assert.throws(() => contentStream(1, "g", 0, 1.5), RangeError);
});

Deno.test("compressibility zeros part of every block; 0 is plain", async () => {
  const plain = await bytesOf(contentStream(1, "g", 0, 1 << 20));
  assert.deepEqual(await bytesOf(contentStream(1, "g", 0, 1 << 20, 0)), plain);
  for (const c of [0.25, 0.5, 0.9]) {
    const raw = contentStream(1, "g", 0, 1 << 20, c);
    const gz = await bytesOf(raw.pipeThrough(new CompressionStream("gzip")));
    const ratio = gz.length / (1 << 20);
    assert.ok(Math.abs(ratio - (1 - c)) < 0.03, `c ${c}: ratio ${ratio}`);
  }
  const half = await bytesOf(contentStream(1, "g", 0, 8192, 0.5));
  assert.deepEqual(half.subarray(0, 2048), plain.subarray(0, 2048));
  assert.ok(half.subarray(2048, 4096).every((b) => b === 0));
});

Deno.test("compressibility outside [0, 0.9] is refused", () => {
  assert.throws(() => contentStream(1, "g", 0, 10, 0.95), RangeError);
  assert.throws(() => contentStream(1, "g", 0, 10, -0.1), RangeError);
});
