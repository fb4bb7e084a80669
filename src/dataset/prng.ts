/**
 * Seeded pseudo-random numbers that are the same on every OS and runtime:
 * xoshiro128** (Blackman and Vigna, 2018) for the stream, seeded from the
 * SHA-256 of a key so that each key names an independent stream.
 *
 * @module
 */
import { createHash } from "node:crypto";

const TWO_32 = 2 ** 32;
const TWO_53 = 2 ** 53;

/**
 * Names one random stream, e.g. `["sizes", seed, "small"]`. Serialised as
 * JSON, so only integers and strings belong in it.
 */
export type SeedKey = readonly (string | number)[];

/**
 * Derives a 128-bit xoshiro state from a key: the first 16 bytes of the
 * SHA-256 of its JSON, read little-endian. Never all zero in practice; a
 * zero state is refused by {@link Rng}.
 */
export function seedState(key: SeedKey): Uint32Array {
  const digest = createHash("sha256").update(JSON.stringify(key)).digest();
  const view = new DataView(digest.buffer, digest.byteOffset, 16);
  return Uint32Array.from([0, 1, 2, 3], (i) => view.getUint32(i * 4, true));
}

/**
 * xoshiro128**: a small, fast generator with 128 bits of state and 32-bit
 * outputs. Not for cryptography.
 *
 * @example
 * ```ts
 * import { Rng } from "./prng.ts";
 * const rng = Rng.fromKey(["example", 1]);
 * const n = rng.nextInt(10, 20);
 * console.assert(n >= 10 && n <= 20);
 * ```
 */
export class Rng {
  #s: Uint32Array;
  #one = new Uint32Array(1);

  /** Starts from four 32-bit words of state, not all zero. */
  constructor(state: ArrayLike<number>) {
    this.#s = Uint32Array.from(state);
    if (this.#s.length !== 4 || this.#s.every((w) => w === 0)) {
      throw new RangeError("xoshiro128** needs 4 state words, not all 0");
    }
  }

  /** The stream named by `key` (see {@link seedState}). */
  static fromKey(key: SeedKey): Rng {
    return new Rng(seedState(key));
  }

  /** The next output, an unsigned 32-bit integer. */
  nextU32(): number {
    this.fill(this.#one);
    return this.#one[0];
  }

  /**
   * An integer drawn uniformly from `[min, max]`, both safe integers. Uses
   * 53 random bits and rejection, so no value is favoured.
   */
  nextInt(min: number, max: number): number {
    const range = max - min + 1;
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max)) {
      throw new RangeError(`cannot draw from [${min}, ${max}]`);
    }
    if (range < 1 || range > TWO_53) {
      throw new RangeError(`cannot draw from [${min}, ${max}]`);
    }
    const limit = TWO_53 - (TWO_53 % range);
    let u = this.#next53();
    while (u >= limit) u = this.#next53();
    return min + (u % range);
  }

  /** A float drawn uniformly from `[0, 1)`, with 53 random bits. */
  nextFloat(): number {
    return this.#next53() / TWO_53;
  }

  /** A uniform integer in `[0, 2^53)`. */
  #next53(): number {
    return (this.nextU32() >>> 11) * TWO_32 + this.nextU32();
  }

  /** Fills `out` with successive outputs; the hot path for content. */
  fill(out: Uint32Array): void {
    const s = this.#s;
    let s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3];
    for (let i = 0; i < out.length; i++) {
      const m = Math.imul(s1, 5);
      out[i] = Math.imul((m << 7) | (m >>> 25), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
    }
    s[0] = s0, s[1] = s1, s[2] = s2, s[3] = s3;
  }
}
