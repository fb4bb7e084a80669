import assert from "node:assert/strict";
import type { OpRecord } from "../../../src/core/record.ts";
import { describeSpread, KeySpread } from "../../../src/metrics/key_spread.ts";

function get(key: string, ok = true, final = true): OpRecord {
  return {
    phase: "read",
    op: "get",
    key,
    size: 1,
    bytes: 1,
    group: "g",
    endpoint: "e",
    client: "sdk",
    due: 0,
    start: 0,
    end: 1,
    ok,
    attempt: 1,
    final,
  };
}

/** Reads where key i is read `weight(i)` times. */
function feed(spread: KeySpread, keys: number, weight: (i: number) => number) {
  for (let i = 0; i < keys; i++) {
    for (let r = 0; r < weight(i); r++) spread.write(get(`run/g/g-${i}.bin`));
  }
}

Deno.test("counts exactly below the cap", () => {
  const spread = new KeySpread(1000);
  feed(spread, 100, (i) => (i === 0 ? 91 : 1));
  spread.write(get("run/g/g-1.bin", false));
  spread.write({ ...get("run/g/g-1.bin"), op: "put" });
  const s = spread.summary(100);
  assert.deepEqual(
    [s.reads, s.keysRead, s.poolKeys, s.sampled],
    [190, 100, 100, 1],
  );
  assert.equal(s.top1, 91 / 190);
  assert.equal(s.top10, (91 + 9) / 190);
  assert.match(describeSpread(s), /top 1% of keys took 47\.9%.*\(exact\)/);
});

Deno.test("past the cap it samples keys and still estimates the shares", () => {
  const keys = 20_000;
  // Key i is read 1 + (i < 200 ? 99 : 0) times: the top 1% take 100x.
  const weight = (i: number) => (i < 200 ? 100 : 1);
  const exact = new KeySpread(1 << 20);
  const capped = new KeySpread(2000);
  feed(exact, keys, weight);
  feed(capped, keys, weight);
  const e = exact.summary(keys);
  const c = capped.summary(keys);
  assert.ok(c.sampled < 1 && c.sampled >= 1 / 16, `rate ${c.sampled}`);
  assert.equal(c.reads, e.reads);
  assert.ok(Math.abs(c.top1 - e.top1) < 0.05, `${c.top1} vs ${e.top1}`);
  assert.ok(Math.abs(c.keysRead - keys) < keys * 0.15, `${c.keysRead}`);
  assert.match(describeSpread(c), /estimated from 1\/\d+ of the keys/);
});
