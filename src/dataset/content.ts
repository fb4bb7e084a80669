/**
 * The bytes of a dataset file, made from (seed, group, index) alone:
 * incompressible, the same on every OS, generated in {@link CHUNK_SIZE}
 * chunks so that no file is ever held in memory whole.
 *
 * Each chunk has its own xoshiro128** stream keyed by its number, so any
 * chunk can be made without the ones before it, and a file's content is a
 * prefix of the content of a larger file with the same key.
 *
 * With a compressibility c > 0, the last round(c * 4096) bytes of every
 * 4 KiB block (counted from the file's start) are zeros, so compressors
 * shrink the content to about 1 - c of its size. With c = 0 (the default)
 * the bytes are exactly those of generator `s3flood-dataset/1`.
 *
 * @module
 */
import { Rng } from "./prng.ts";

/** Bytes per generated chunk. Changing it changes the bytes. */
export const CHUNK_SIZE = 64 * 1024;

/** Bytes per block of which a compressible tail is zeroed. */
export const BLOCK_SIZE = 4096;

/** The largest compressibility accepted. */
export const MAX_COMPRESSIBILITY = 0.9;

/** What names an entry's content. */
export interface ContentId {
  seed: number;
  group: string;
  /** Index of the file within its group. */
  index: number;
  /** Fraction of each 4 KiB block that is zeros; 0 when absent. */
  compressibility?: number;
}

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/**
 * Chunk number `chunk` of an entry's content, `length` bytes long (at most
 * {@link CHUNK_SIZE}; shorter only for the last chunk).
 */
export function contentChunk(
  id: ContentId,
  chunk: number,
  length: number,
): Uint8Array<ArrayBuffer> {
  const words = new Uint32Array(Math.ceil(length / 4));
  Rng.fromKey(["content/1", id.seed, id.group, id.index, chunk]).fill(words);
  if (!LITTLE_ENDIAN) swapBytes(words);
  const bytes = new Uint8Array(words.buffer, 0, length);
  zeroTails(bytes, id.compressibility ?? 0);
  return bytes;
}

/** Zeros the compressible tail of every block of a chunk. */
function zeroTails(bytes: Uint8Array, compressibility: number): void {
  const zeros = Math.round(compressibility * BLOCK_SIZE);
  if (zeros === 0) return;
  for (let at = 0; at < bytes.length; at += BLOCK_SIZE) {
    const end = Math.min(bytes.length, at + BLOCK_SIZE);
    bytes.fill(0, Math.min(end, at + BLOCK_SIZE - zeros), end);
  }
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
 * uploads can send synthetic data without reading files. With
 * `compressibility`, part of each block is zeros (see the module doc).
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
  compressibility = 0,
): ReadableStream<Uint8Array<ArrayBuffer>> {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new RangeError(`content size must be a whole number >= 0: ${size}`);
  }
  if (!(compressibility >= 0 && compressibility <= MAX_COMPRESSIBILITY)) {
    throw new RangeError(
      `compressibility must be in [0, ${MAX_COMPRESSIBILITY}]: ` +
        `${compressibility}`,
    );
  }
  const id: ContentId = { seed, group, index, compressibility };
  let offset = 0;
  return new ReadableStream<Uint8Array<ArrayBuffer>>({
    pull(controller) {
      const n = Math.min(CHUNK_SIZE, size - offset);
      if (n > 0) {
        const chunk = offset / CHUNK_SIZE;
        controller.enqueue(contentChunk(id, chunk, n));
        offset += n;
      }
      if (offset >= size) controller.close();
    },
  });
}
