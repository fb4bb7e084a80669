import assert from "node:assert/strict";
import {
  nearestRank,
  sizeHistogram,
  summariseSizes,
} from "../../../src/dataset/summary.ts";

Deno.test("nearest-rank quantiles hold for tiny samples", () => {
  assert.equal(nearestRank([], 0.5), 0);
  assert.equal(nearestRank([7], 0.99), 7);
  assert.equal(nearestRank([1, 2], 0.5), 1);
  assert.equal(nearestRank([1, 2], 0.51), 2);
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(nearestRank(hundred, 0.9), 90);
  assert.equal(nearestRank(hundred, 0.99), 99);
});

Deno.test("summariseSizes gives totals and quantiles, input untouched", () => {
  const sizes = [5, 1, 4, 2, 3];
  assert.deepEqual(summariseSizes(sizes), {
    count: 5,
    totalBytes: 15,
    minSize: 1,
    p50: 3,
    p90: 5,
    p99: 5,
    maxSize: 5,
  });
  assert.deepEqual(sizes, [5, 1, 4, 2, 3]);
  assert.equal(summariseSizes([]).maxSize, 0);
});

Deno.test("the histogram has power-of-two bins, gaps included", () => {
  const bins = sizeHistogram([0, 1, 3, 4, 7, 8, 40]);
  assert.deepEqual(
    bins.map((b) => [b.lower, b.upper, b.count, b.bytes]),
    [
      [0, 1, 1, 0],
      [1, 2, 1, 1],
      [2, 4, 1, 3],
      [4, 8, 2, 11],
      [8, 16, 1, 8],
      [16, 32, 0, 0],
      [32, 64, 1, 40],
    ],
  );
  assert.deepEqual(sizeHistogram([]), []);
  const big = sizeHistogram([2 ** 40 - 1, 2 ** 40]);
  assert.deepEqual(big.map((b) => b.lower), [2 ** 39, 2 ** 40]);
});
