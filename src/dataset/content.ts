/**
 * The bytes of a dataset file, made from (seed, group, index) alone:
 * incompressible, the same on every OS, generated in {@link CHUNK_SIZE}
 * chunks so that no file is ever held in memory whole.
 *
 * Each chunk has its own xoshiro128** stream keyed by its number, so any
 * chunk can be made without the ones before it, and a file's content is a
 * prefix of the content of a larger file with the same key.
 *
 * @module
 */
import { Rng } from "./prng.ts";

/** Bytes per generated chunk. Changing it changes the bytes. */
export const CHUNK_SIZE = 64 * 1024;

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** Chunk `chunk` of an entry's content, `length` bytes long. */
function chunkBytes(
  seed: number,
  group: string,
  index: number,
  chunk: number,
  length: number,
): Uint8Array<ArrayBuffer> {
  const words = new Uint32Array(Math.ceil(length / 4));
  Rng.fromKey(["content/1", seed, group, index, chunk]).fill(words);
  if (!LITTLE_ENDIAN) swapBytes(words);
  return new Uint8Array(words.buffer, 0, length);
}

/** Makes words little-endian in memory on a big-endian host. */
function swapBytes(words: Uint32Array): void {
  const view = new DataView(words.buffer);
  for (let i = 0; i < words.length; i++) {
    view.setUint32(i * 4, words[i], true);
  }
}

/**
 * A fresh stream of the `size` bytes of file `index` in `group` of the
 * dataset with `seed`: the same bytes the generator writes to disk, so
 * uploads can send synthetic data without reading files.
 *
 * @example
 * ```ts
 * import { contentStream } from "./content.ts";
 * let n = 0;
 * for await (const c of contentStream(1, "small", 0, 100_000)) n += c.length;
 * console.assert(n === 100_000);
 * ```
 */
export function contentStream(
  seed: number,
  group: string,
  index: number,
  size: number,
): ReadableStream<Uint8Array<ArrayBuffer>> {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new RangeError(`content size must be a whole number >= 0: ${size}`);
  }
  let offset = 0;
  return new ReadableStream<Uint8Array<ArrayBuffer>>({
    pull(controller) {
      const n = Math.min(CHUNK_SIZE, size - offset);
      if (n > 0) {
        const chunk = offset / CHUNK_SIZE;
        controller.enqueue(chunkBytes(seed, group, index, chunk, n));
        offset += n;
      }
      if (offset >= size) controller.close();
    },
  });
}
