/**
 * Checks bytes against what the generator makes, as they arrive: no copy
 * of the object is kept, only the expected chunk under the current
 * offset, re-generated on demand. Used to verify downloads of synthetic
 * (or generated) datasets without reading anything from disk.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { CHUNK_SIZE, contentChunk, type ContentId } from "./content.ts";
import { entryOfKey } from "./layout.ts";
import type { DatasetView } from "./view.ts";

/**
 * Compares a body, chunk by chunk, with the content of one entry. Each
 * method returns a message at the first difference, else undefined.
 *
 * @example
 * ```ts
 * import { ContentVerifier } from "./verify.ts";
 * import { contentStream } from "./content.ts";
 * const v = new ContentVerifier({ seed: 1, group: "g", index: 0 }, 1000);
 * for await (const c of contentStream(1, "g", 0, 1000)) v.update(c);
 * console.assert(v.end() === undefined);
 * ```
 */
export class ContentVerifier {
  readonly #id: ContentId;
  readonly #size: number;
  #offset = 0;
  #chunkNo = -1;
  #chunk: Uint8Array = new Uint8Array(0);

  constructor(id: ContentId, size: number) {
    this.#id = id;
    this.#size = size;
  }

  /** Checks the next bytes of the body. */
  update(bytes: Uint8Array): string | undefined {
    if (this.#offset + bytes.length > this.#size) {
      return `body is longer than the ${this.#size} bytes generated`;
    }
    let pos = 0;
    while (pos < bytes.length) {
      const expected = this.#expectedAt(this.#offset);
      const n = Math.min(expected.length, bytes.length - pos);
      const got = bytes.subarray(pos, pos + n);
      const at = firstDifference(got, expected.subarray(0, n));
      if (at >= 0) return this.#differs(this.#offset + at);
      this.#offset += n;
      pos += n;
    }
    return undefined;
  }

  /** Checks that the body had every byte. */
  end(): string | undefined {
    if (this.#offset === this.#size) return undefined;
    return `body ended after ${this.#offset} of ${this.#size} bytes generated`;
  }

  /** The expected bytes from `offset` to the end of its chunk. */
  #expectedAt(offset: number): Uint8Array {
    const no = Math.floor(offset / CHUNK_SIZE);
    if (no !== this.#chunkNo) {
      const length = Math.min(CHUNK_SIZE, this.#size - no * CHUNK_SIZE);
      this.#chunk = contentChunk(this.#id, no, length);
      this.#chunkNo = no;
    }
    return this.#chunk.subarray(offset - no * CHUNK_SIZE);
  }

  #differs(at: number): string {
    const { group, index } = this.#id;
    return `content differs from the generator's (${group} #${index}) ` +
      `at byte ${at} of ${this.#size}`;
  }
}

/** -1 when equal, else the index of the first differing byte. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (Buffer.compare(a, b) === 0) return -1;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return a.length;
}

/** What content the verifiers of a dataset expect. */
export interface VerifySource {
  view: DatasetView;
  seed: number;
  compressibility?: number;
}

/**
 * A function giving, for an object key, a verifier of the dataset entry
 * the key ends with (`.../<group>/<group>-<index>.bin`). Undefined for a
 * key that names no entry of the dataset: it cannot be verified.
 */
export function verifierForKey(
  src: VerifySource,
): (key: string) => ContentVerifier | undefined {
  return (key) => {
    const e = entryOfKey(key);
    if (!e) return undefined;
    const size = src.view.sizeOf(e.group, e.index);
    if (size === undefined) return undefined;
    const id = { ...e, seed: src.seed, compressibility: src.compressibility };
    return new ContentVerifier(id, size);
  };
}
