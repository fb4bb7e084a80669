import assert from "node:assert/strict";
import { loadSettings } from "../../../src/config/load.ts";
import {
  listEntries,
  OpSource,
  planPhases,
  type SourceEntry,
  WrittenPool,
} from "../../../src/engine/plan.ts";
import { newRunId, runPrefix, writeKey } from "../../../src/engine/keys.ts";
import { backoffMs, isRetryable } from "../../../src/engine/retry.ts";

function settings(extra = "") {
  return loadSettings({
    path: "t.yaml",
    text: `endpoint: http://h:1
bucket: bench
dataset: { groups: { g: { count: 4, min_size: 1, max_size: 1 } } }
${extra}`,
    env: {},
    cwd: "/",
  }).settings;
}

const entries = listEntries([0, 1, 2, 3].map((i): SourceEntry => ({
  path: `g/g-${i}.bin`,
  size: 10 + i,
  group: "g",
})));

Deno.test("write: one pass by default", () => {
  const [p] = planPhases(settings(), 4);
  assert.deepEqual(p, {
    name: "write",
    mix: { read: 0, write: 1 },
    ops: 4,
    durationMs: undefined,
    sequentialReads: true,
  });
});

Deno.test("read without read_from starts with a prepare phase", () => {
  const phases = planPhases(settings("profile: read"), 4);
  assert.deepEqual(phases.map((p) => [p.name, p.ops]), [
    ["prepare", 4],
    ["read", 4],
  ]);
  const fromRun = planPhases(settings("profile: read\nread_from: /r"), 4, 9);
  assert.deepEqual(fromRun.map((p) => [p.name, p.ops]), [["read", 9]]);
});

Deno.test("a duration leaves the op count open", () => {
  const [p] = planPhases(settings("duration: 5s"), 4);
  assert.equal(p.ops, undefined);
  assert.equal(p.durationMs, 5000);
});

Deno.test("every write gets its own key; later passes go below pN/", () => {
  const pool = new WrittenPool(entries, "pre/run/");
  const src = new OpSource({
    phase: {
      name: "write",
      mix: { read: 0, write: 1 },
      ops: 9,
      sequentialReads: false,
    },
    entries,
    runPrefix: "pre/run/",
    pool,
    writeCounter: { next: 0 },
    seed: 1,
  });
  const keys: string[] = [];
  for (let op = src.next(); op; op = src.next()) keys.push(op.ref.key);
  assert.equal(keys.length, 9);
  assert.equal(new Set(keys).size, 9);
  assert.equal(keys[0], "pre/run/g/g-0.bin");
  assert.equal(keys[4], "pre/run/p1/g/g-0.bin");
  assert.equal(keys[8], "pre/run/p2/g/g-0.bin");
});

Deno.test("a mixed profile draws reads and writes in its ratio", () => {
  const pool = new WrittenPool(entries, "r/");
  for (let i = 0; i < 4; i++) pool.add(i);
  const src = new OpSource({
    phase: {
      name: "mixed",
      mix: { read: 70, write: 30 },
      ops: 10_000,
      sequentialReads: false,
    },
    entries,
    runPrefix: "r/",
    pool,
    writeCounter: { next: 4 },
    seed: 3,
  });
  let reads = 0;
  for (let op = src.next(); op; op = src.next()) if (op.op === "get") reads++;
  assert.ok(Math.abs(reads / 10_000 - 0.7) < 0.02, `reads ${reads}`);
});

Deno.test("written pool turns indices back into the written keys", () => {
  const pool = new WrittenPool(entries, "x/");
  for (let i = 0; i < 3000; i++) pool.add(i);
  assert.equal(pool.size(), 3000);
  assert.deepEqual(pool.get(5), {
    key: "x/p1/g/g-1.bin",
    size: 11,
    group: "g",
  });
});

Deno.test("run prefixes never share a prefix with another run's", () => {
  assert.equal(runPrefix("s3flood/", "run-1"), "s3flood/run-1/");
  assert.ok(!"s3flood/run-10/x".startsWith(runPrefix("s3flood", "run-1")));
  assert.equal(writeKey("a/", "/g/f.bin", 0), "a/g/f.bin");
  assert.match(
    newRunId(Date.UTC(2026, 11, 3, 16, 18, 25)),
    /^20261203-161825-[0-9a-f]{4}$/,
  );
});

Deno.test("full-jitter backoff stays within [0, min(max, base*2^(n-1))]", () => {
  const p = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 5000 };
  assert.equal(backoffMs(p, 1, () => 0.999999), 99);
  assert.equal(backoffMs(p, 3, () => 0.5), 200);
  assert.equal(backoffMs(p, 10, () => 0.999999), 4999);
  assert.equal(backoffMs(p, 2, () => 0), 0);
  assert.ok(isRetryable("throttled") && isRetryable("body_truncated"));
  assert.ok(!isRetryable("not_found") && !isRetryable("access_denied"));
});
