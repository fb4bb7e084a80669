import assert from "node:assert/strict";
import { drawSizes, sizeRng } from "../../../src/dataset/sizes.ts";

const group = { name: "small", count: 500, minSize: 100, maxSize: 5_000 };

Deno.test("sizes are pinned for a known seed", () => {
  const g = { name: "small", count: 5, minSize: 0, maxSize: 1_000_000 };
  assert.deepEqual(
    drawSizes(g, sizeRng(1, "small")),
    [890717, 156252, 812653, 897407, 157796],
  );
});

Deno.test("sizes stay within [minSize, maxSize]", () => {
  const sizes = drawSizes(group, sizeRng(1, group.name));
  assert.equal(sizes.length, 500);
  assert.ok(sizes.every((s) => s >= 100 && s <= 5_000));
  assert.ok(Math.min(...sizes) < 600 && Math.max(...sizes) > 4_500);
});

Deno.test("minSize == maxSize gives a fixed size", () => {
  const g = { name: "fixed", count: 20, minSize: 4096, maxSize: 4096 };
  assert.deepEqual(drawSizes(g, sizeRng(3, "fixed")), Array(20).fill(4096));
});

Deno.test("a count of 0 gives no sizes", () => {
  const g = { ...group, count: 0 };
  assert.deepEqual(drawSizes(g, sizeRng(1, g.name)), []);
});

Deno.test("same seed, same sizes; another seed, other sizes", () => {
  const a = drawSizes(group, sizeRng(1, group.name));
  assert.deepEqual(drawSizes(group, sizeRng(1, group.name)), a);
  assert.notDeepEqual(drawSizes(group, sizeRng(2, group.name)), a);
});

Deno.test("a larger count keeps the earlier sizes", () => {
  const a = drawSizes(group, sizeRng(1, group.name));
  const b = drawSizes({ ...group, count: 600 }, sizeRng(1, group.name));
  assert.deepEqual(b.slice(0, 500), a);
});

Deno.test("groups draw from independent streams", () => {
  const a = drawSizes(group, sizeRng(1, "a"));
  assert.notDeepEqual(drawSizes(group, sizeRng(1, "b")), a);
});
