import assert from "node:assert/strict";
import { LatencyHistogram } from "../../../src/metrics/histogram.ts";

function histOf(values: number[]): LatencyHistogram {
  const h = new LatencyHistogram();
  for (const v of values) h.record(v);
  return h;
}

Deno.test("C07: nearest rank on three samples", () => {
  const h = histOf([10, 20, 30]);
  assert.deepEqual(h.percentile(50), 20);
  assert.deepEqual(h.percentile(90), 30);
  assert.deepEqual(h.percentile(99), 30);
  assert.deepEqual(h.min, 10);
  assert.deepEqual(h.max, 30);
  assert.deepEqual(h.mean, 20);
});

Deno.test("C07: one huge outlier does not move p99", () => {
  const h = new LatencyHistogram();
  for (let i = 0; i < 1000; i++) h.record(1);
  h.record(10_000_000);
  const s = h.summary();
  assert.deepEqual(s.p99, 1);
  assert.deepEqual(s.max, 10_000_000);
  assert.deepEqual(s.n, 1001);
  assert.deepEqual(s.p999LowN, false);
});

Deno.test("C07: one sample is every percentile", () => {
  const s = histOf([123.4567]).summary();
  for (const p of [s.min, s.p50, s.p90, s.p95, s.p99, s.p999, s.max]) {
    assert.deepEqual(p, 123.457);
  }
  assert.deepEqual(s.p999LowN, true);
});

Deno.test("C07: no sample gives null, never NaN", () => {
  const s = new LatencyHistogram().summary();
  assert.deepEqual(s, {
    n: 0,
    min: null,
    mean: null,
    p50: null,
    p90: null,
    p95: null,
    p99: null,
    p999: null,
    max: null,
    p999LowN: true,
  });
});

Deno.test("percentiles stay within the observed min and max", () => {
  const h = histOf([1000.001, 1000.9, 1000.95]);
  for (const p of [0, 1, 50, 99, 100]) {
    const v = h.percentile(p)!;
    assert.ok(v >= 1000.001 && v <= 1000.95, `p${p} = ${v}`);
  }
});

Deno.test("sub-millisecond and negative samples", () => {
  const h = histOf([0.25, -3]);
  assert.deepEqual(h.min, 0);
  assert.deepEqual(h.percentile(100), 0.25);
});

Deno.test("add merges exactly", () => {
  const a = histOf([1, 2, 3]);
  const b = histOf([4, 5]);
  a.add(b);
  a.add(new LatencyHistogram());
  assert.deepEqual(a.count, 5);
  assert.deepEqual(a.min, 1);
  assert.deepEqual(a.max, 5);
  assert.deepEqual(a.mean, 3);
  assert.deepEqual(a.percentile(60), 3);
});

Deno.test("encode and decode keep the distribution", () => {
  const values = Array.from({ length: 500 }, (_, i) => (i + 1) * 1.5);
  const h = histOf(values);
  const back = LatencyHistogram.decode(h.encode());
  assert.deepEqual(back.count, 500);
  for (const p of [50, 90, 99]) {
    assert.deepEqual(back.percentile(p), h.percentile(p));
  }
  const err = Math.abs(back.max! - h.max!) / h.max!;
  assert.ok(err < 0.001, `max off by ${err}`);
  assert.deepEqual(back.min, 1.5);
});

Deno.test("decoding an empty histogram gives an empty one", () => {
  const back = LatencyHistogram.decode(new LatencyHistogram().encode());
  assert.deepEqual(back.count, 0);
  assert.deepEqual(back.percentile(50), null);
});
