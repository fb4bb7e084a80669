import assert from "node:assert/strict";
import { TokenBucket } from "../../../src/engine/token_bucket.ts";
import { constantShape, StartGate } from "../../../src/engine/gate.ts";
import { nextArrival, rateShape } from "../../../src/engine/shape.ts";
import { EndpointChooser } from "../../../src/engine/cluster.ts";
import { ErrorRateGuard } from "../../../src/engine/error_guard.ts";
import type { LoadShape } from "../../../src/config/settings.ts";

const load = (extra: Partial<LoadShape>): LoadShape => ({
  model: "open",
  arrivals: "constant",
  maxInFlight: 100,
  pattern: { kind: "sustained" },
  ...extra,
});

Deno.test("token bucket: waits add up to exactly n / rate", () => {
  const b = new TokenBucket(1000, 1);
  let t = 0;
  for (let i = 0; i < 5000; i++) t += b.take(1, t);
  assert.ok(Math.abs(t - 4999) < 1e-6, `t=${t}`);
});

Deno.test("token bucket: a burst passes at once, then pacing starts", () => {
  const b = new TokenBucket(10, 5);
  const waits = Array.from({ length: 7 }, () => b.take(1, 0));
  assert.deepEqual(waits.slice(0, 5), [0, 0, 0, 0, 0]);
  assert.equal(waits[5], 100);
  assert.equal(waits[6], 200);
  assert.throws(() => new TokenBucket(0), /rate must be > 0/);
});

Deno.test("start gate: constant rate spaces starts by 1/rate", () => {
  const g = new StartGate(constantShape(50), 1000);
  const starts = Array.from({ length: 4 }, () => g.reserve(1000));
  assert.deepEqual(starts, [1000, 1020, 1040, 1060]);
  assert.equal(g.reserve(5000), 5000, "an idle gate does not bank slots");
});

Deno.test("start gate: a bursty pattern with idle rate 0 skips off periods", () => {
  const shape = rateShape(load({
    pattern: {
      kind: "bursty",
      onMs: 100,
      offMs: 100,
      burstRate: 100,
      idleRate: 0,
    },
  }));
  const g = new StartGate(shape, 0);
  const starts = Array.from({ length: 12 }, () => g.reserve(0));
  assert.deepEqual(starts.slice(0, 10), [
    0,
    10,
    20,
    30,
    40,
    50,
    60,
    70,
    80,
    90,
  ]);
  assert.deepEqual(starts.slice(10), [200, 210]);
});

Deno.test("rate shape: a ramp is linear over the duration", () => {
  const shape = rateShape(load({ rate: 10, rateEnd: 110 }), 1000);
  assert.equal(shape(0).rate, 10);
  assert.equal(shape(500).rate, 60);
  assert.equal(shape(1000).rate, 110);
  assert.equal(shape(5000).rate, 110);
});

Deno.test("open arrivals: constant spacing gives exactly rate x duration", () => {
  const shape = rateShape(load({ rate: 200 }));
  let t = 0;
  let n = 0;
  for (;;) {
    t = nextArrival(shape, t, false, Math.random);
    if (t >= 10_000) break;
    n++;
  }
  assert.equal(n, 1999);
});

Deno.test("open arrivals: Poisson gaps average 1/rate", () => {
  const shape = rateShape(load({ rate: 100, arrivals: "poisson" }));
  let seed = 42;
  const uniform =
    () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  let t = 0;
  for (let i = 0; i < 20_000; i++) t = nextArrival(shape, t, true, uniform);
  const meanGap = t / 20_000;
  assert.ok(Math.abs(meanGap - 10) < 0.3, `mean gap ${meanGap} ms`);
});

Deno.test("cluster: round robin alternates; affinity follows or avoids the writer", () => {
  const eps = ["http://a:1", "http://b:1", "http://c:1"];
  const rr = new EndpointChooser({
    endpoints: eps,
    choice: "round_robin",
    readAffinity: "any",
  });
  assert.deepEqual([1, 2, 3, 4].map(() => rr.pick("put")), [
    eps[0],
    eps[1],
    eps[2],
    eps[0],
  ]);
  const same = new EndpointChooser({
    endpoints: eps,
    choice: "round_robin",
    readAffinity: "same",
  });
  assert.equal(same.pick("get", eps[2]), eps[2]);
  assert.equal(same.pick("put", eps[2]), eps[0], "writes ignore affinity");
  const other = new EndpointChooser({
    endpoints: eps,
    choice: "round_robin",
    readAffinity: "other",
  });
  for (let i = 0; i < 10; i++) {
    assert.notEqual(other.pick("get", eps[1]), eps[1]);
  }
});

Deno.test("cluster: least in flight picks the idlest endpoint", () => {
  const eps = ["a", "b"];
  const c = new EndpointChooser({
    endpoints: eps,
    choice: "least_in_flight",
    readAffinity: "any",
  });
  c.begin("a");
  c.begin("a");
  c.begin("b");
  assert.equal(c.pick("get"), "b");
  c.end("a");
  c.end("a");
  assert.equal(c.pick("get"), "a");
});

Deno.test("error guard: stops only when every endpoint only fails", () => {
  const g = new ErrorRateGuard(20);
  let stop = false;
  for (let i = 0; i < 19; i++) stop = g.add("bad", false) || stop;
  assert.equal(stop, false, "19 failures in a row are not yet enough");
  assert.equal(g.add("bad", false), true, "20 in a row on the only endpoint");
  const h = new ErrorRateGuard(20);
  stop = false;
  for (let i = 0; i < 50; i++) {
    stop = h.add("bad", false) || stop;
    stop = h.add("good", true) || stop;
  }
  assert.equal(stop, false, "a healthy endpoint keeps the run going");
  const flaky = new ErrorRateGuard(20);
  for (let i = 0; i < 200; i++) {
    assert.equal(
      flaky.add("x", i % 10 !== 0 && i % 10 !== 1 ? false : true),
      false,
    );
  }
});
