import assert from "node:assert/strict";
import { Rng } from "../../../src/dataset/prng.ts";
import { zipfProbabilities, ZipfSampler } from "../../../src/dataset/zipf.ts";

function frequencies(n: number, s: number, draws: number): Float64Array {
  const rng = Rng.fromKey(["zipf-test", n, s]);
  const zipf = new ZipfSampler(n, s);
  const f = new Float64Array(n);
  for (let i = 0; i < draws; i++) f[zipf.sample(() => rng.nextFloat()) - 1]++;
  return f.map((c) => c / draws);
}

Deno.test("zipf ranks follow 1/k^s for s below, at and above 1", () => {
  const draws = 200_000;
  for (const s of [0.6, 1, 1.5]) {
    const got = frequencies(50, s, draws);
    const want = zipfProbabilities(50, s);
    want.forEach((p, k) => {
      const sd = Math.sqrt(p * (1 - p) / draws);
      assert.ok(Math.abs(got[k] - p) <= 5 * sd, `s ${s} rank ${k + 1}`);
    });
  }
});

Deno.test("zipf with one rank always gives 1", () => {
  const zipf = new ZipfSampler(1, 1.2);
  for (const u of [0, 0.3, 0.999999]) assert.equal(zipf.sample(() => u), 1);
});

Deno.test("zipf stays in range for a billion ranks", () => {
  const n = 1_000_000_000;
  const zipf = new ZipfSampler(n, 1.01);
  const rng = Rng.fromKey(["zipf-huge"]);
  for (let i = 0; i < 10_000; i++) {
    const k = zipf.sample(() => rng.nextFloat());
    assert.ok(Number.isInteger(k) && k >= 1 && k <= n, String(k));
  }
});

Deno.test("zipf refuses n < 1 and s <= 0", () => {
  assert.throws(() => new ZipfSampler(0, 1), RangeError);
  assert.throws(() => new ZipfSampler(10, 0), RangeError);
  assert.throws(() => new ZipfSampler(1.5, 1), RangeError);
});
