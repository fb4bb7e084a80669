import assert from "node:assert/strict";
import { normalCdf, normalQuantile } from "../../../src/dataset/normal.ts";

Deno.test("normal quantiles match the tables", () => {
  const table: [number, number][] = [
    [0.5, 0],
    [0.9, 1.2815515655],
    [0.975, 1.9599639845],
    [0.99, 2.3263478740],
    [0.001, -3.0902323062],
    [1e-9, -5.9978070150],
  ];
  for (const [p, z] of table) {
    assert.ok(Math.abs(normalQuantile(p) - z) < 1e-7 * (1 + Math.abs(z)));
  }
  assert.equal(normalQuantile(0), -Infinity);
  assert.equal(normalQuantile(1), Infinity);
});

Deno.test("normal CDF inverts the quantile", () => {
  for (const p of [1e-6, 0.01, 0.2, 0.5, 0.8, 0.99, 1 - 1e-6]) {
    const back = normalCdf(normalQuantile(p));
    assert.ok(Math.abs(back - p) < 2e-7 * Math.max(p, 1e-3), `p ${p}`);
  }
});
