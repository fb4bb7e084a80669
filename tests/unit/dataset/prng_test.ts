import assert from "node:assert/strict";
import { Rng, seedState } from "../../../src/dataset/prng.ts";

Deno.test("xoshiro128** matches the reference outputs", () => {
  const rng = new Rng([1, 2, 3, 4]);
  const got = Array.from({ length: 8 }, () => rng.nextU32());
  assert.deepEqual(got, [
    11520,
    0,
    5927040,
    70819200,
    2031721883,
    1637235492,
    1287239034,
    3734860849,
  ]);
});

Deno.test("seedState is pinned, so every OS gets the same stream", () => {
  const s = Array.from(seedState(["x", 1]));
  assert.deepEqual(s, [69943385, 3231167601, 3361789786, 4178691433]);
  assert.notDeepEqual(Array.from(seedState(["x", 2])), s);
});

Deno.test("fill continues the same stream as nextU32", () => {
  const a = Rng.fromKey(["k"]);
  const b = Rng.fromKey(["k"]);
  const words = new Uint32Array(5);
  a.fill(words);
  assert.deepEqual(Array.from(words), [1, 2, 3, 4, 5].map(() => b.nextU32()));
});

Deno.test("an all-zero state is refused", () => {
  assert.throws(() => new Rng([0, 0, 0, 0]), RangeError);
  assert.throws(() => new Rng([1, 2, 3]), RangeError);
});

Deno.test("nextInt stays in range and reaches both ends", () => {
  const rng = Rng.fromKey(["range"]);
  const seen = new Set<number>();
  for (let i = 0; i < 2_000; i++) {
    const n = rng.nextInt(3, 9);
    assert.ok(n >= 3 && n <= 9, `${n} outside [3, 9]`);
    seen.add(n);
  }
  assert.equal(seen.size, 7);
  assert.equal(rng.nextInt(5, 5), 5);
});

Deno.test("nextInt handles ranges wider than 32 bits", () => {
  const rng = Rng.fromKey(["wide"]);
  const max = Number.MAX_SAFE_INTEGER;
  const draws = Array.from({ length: 200 }, () => rng.nextInt(0, max));
  assert.ok(draws.every((n) => Number.isSafeInteger(n) && n >= 0));
  assert.ok(draws.some((n) => n > 2 ** 40));
});

Deno.test("nextInt is roughly uniform", () => {
  const rng = Rng.fromKey(["uniform"]);
  const buckets = new Array(10).fill(0);
  for (let i = 0; i < 100_000; i++) buckets[rng.nextInt(0, 9)]++;
  for (const b of buckets) assert.ok(Math.abs(b - 10_000) < 500, `${b}`);
});

Deno.test("nextInt refuses empty or unsafe ranges", () => {
  const rng = Rng.fromKey(["bad"]);
  assert.throws(() => rng.nextInt(5, 4), RangeError);
  assert.throws(() => rng.nextInt(0, 2 ** 60), RangeError);
  assert.throws(() => rng.nextInt(0.5, 3), RangeError);
});
