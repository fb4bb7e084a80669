import assert from "node:assert/strict";
import type { OpRecord } from "../../../src/core/record.ts";
import { MetricsCollector } from "../../../src/metrics/collector.ts";
import type { OpStats } from "../../../src/metrics/types.ts";
import { rec } from "./_records.ts";

const MIB = 2 ** 20;

Deno.test("C06: throughput divides by wall time, not op time", () => {
  const m = new MetricsCollector();
  m.startPhase("write", 0);
  for (let i = 0; i < 16; i++) {
    const start = Math.floor(i / 4) * 500;
    const size = 8 * MIB;
    const end = start + 500;
    const t = { due: start, start, end };
    m.record(rec({ phase: "write", op: "put", size, bytes: size, ...t }));
  }
  m.endPhase("write", 2000);
  const [p] = m.phaseStats();
  assert.equal(p.wallSeconds, 2);
  assert.equal(p.totals.mibPerSec, 64);
  assert.equal(p.totals.mbPerSec, 67.109);
  assert.equal(p.totals.bytesPerSec, 67108864);
  assert.equal(p.totals.opsPerSec, 8);
  assert.equal(p.totals.latencyMs.p50, 500);
  assert.equal(p.byOp.put?.mibPerSec, 64);
});

Deno.test("C06: failed bytes are reported but not throughput", () => {
  const m = new MetricsCollector();
  m.startPhase("write", 0);
  m.record(rec({ op: "put", phase: "write", bytes: 100, end: 10 }));
  const failed = { ok: false, errorClass: "server", errorCode: "X" } as const;
  m.record(rec({ op: "put", phase: "write", bytes: 50, ...failed }));
  m.endPhase("write", 1000);
  const t = m.phaseStats()[0].totals;
  assert.equal(t.bytes, 100);
  assert.equal(t.failedBytes, 50);
  assert.equal(t.bytesPerSec, 100);
  assert.equal(t.count, 2);
  assert.equal(t.opsPerSec, 2);
  assert.equal(t.okOpsPerSec, 1);
  assert.equal(t.latencyMs.n, 1);
});

Deno.test("C07: percentiles through the collector", () => {
  const m = new MetricsCollector();
  m.startPhase("read", 0);
  for (const ms of [10, 20, 30]) m.record(rec({ phase: "read", end: ms }));
  m.endPhase("read", 30);
  const lat = m.phaseStats()[0].totals.latencyMs;
  assert.deepEqual([lat.n, lat.p50, lat.p90, lat.p99], [3, 20, 30, 30]);
  assert.equal(lat.p999LowN, true);
});

Deno.test("zero-length phase has null rates and no NaN", () => {
  const m = new MetricsCollector();
  m.startPhase("read", 5);
  m.endPhase("read", 5);
  const p = m.phaseStats()[0];
  assert.equal(p.totals.opsPerSec, null);
  assert.equal(p.totals.latencyMs.p50, null);
  assert.deepEqual(p.byOp, {});
  assert.ok(!JSON.stringify(p).includes("NaN"));
});

Deno.test("latency from due, service from start, ttfb when present", () => {
  const m = new MetricsCollector();
  m.record(rec({ due: 0, start: 40, firstByte: 50, end: 100 }));
  m.record(rec({ due: 0, start: 10, end: 20 }));
  const t = m.phaseStats()[0].totals;
  assert.equal(t.latencyMs.max, 100);
  assert.equal(t.serviceMs.max, 60);
  assert.equal(t.ttfbMs.n, 1);
  assert.equal(t.ttfbMs.p50, 10);
});

Deno.test("retries, throttling and error classes", () => {
  const m = new MetricsCollector();
  m.startPhase("p", 0);
  const slow = { ok: false, errorClass: "throttled", errorCode: "SlowDown" };
  m.record(rec({ ...slow, final: false, attempt: 1 } as Partial<OpRecord>));
  m.record(rec({ attempt: 2 }));
  m.record(rec({ ...slow, final: false } as Partial<OpRecord>));
  m.record(rec({ ...slow, attempt: 2 } as Partial<OpRecord>));
  m.record(rec({ ok: false, errorClass: "timeout" }));
  const t = m.phaseStats()[0].totals;
  assert.equal(t.count, 3);
  assert.equal(t.ok, 1);
  assert.equal(t.errors, 2);
  assert.equal(t.retries, 2);
  assert.equal(t.throttled, 3);
  assert.deepEqual(t.errorsByClass, { throttled: 1, timeout: 1 });
  assert.deepEqual(t.errorsByCode, { SlowDown: 1, none: 1 });
});

Deno.test("error codes are bounded, then 'other'", () => {
  const m = new MetricsCollector({ maxErrorCodes: 5 });
  for (let i = 0; i < 20; i++) {
    m.record(rec({ ok: false, errorClass: "server", errorCode: `E${i}` }));
  }
  const codes = m.phaseStats()[0].totals.errorsByCode;
  assert.equal(Object.keys(codes).length, 6);
  assert.equal(codes.other, 15);
});

Deno.test("labels are bounded per op, then 'other'", () => {
  const m = new MetricsCollector({ maxLabels: 2 });
  for (const g of ["a", "b", "c", "d"]) m.record(rec({ group: g }));
  const get = m.phaseStats()[0].byOpGroup.get!;
  assert.deepEqual(Object.keys(get), ["a", "b", "other"]);
  assert.equal(get.other.count, 2);
});

Deno.test("live totals follow the current phase", () => {
  const m = new MetricsCollector();
  assert.deepEqual(m.live(0), {
    phase: null,
    ops: 0,
    okOps: 0,
    errors: 0,
    retries: 0,
    bytes: 0,
    elapsedMs: 0,
  });
  m.startPhase("write", 100);
  m.record(rec({ phase: "write", bytes: 7 }));
  m.record(rec({ phase: "write", ok: false, final: false }));
  m.record(rec({ phase: "write", ok: false, errorClass: "server" }));
  assert.deepEqual(m.live(350), {
    phase: "write",
    ops: 2,
    okOps: 1,
    errors: 1,
    retries: 1,
    bytes: 7,
    elapsedMs: 250,
  });
  m.endPhase("write", 300);
  assert.equal(m.live(999).elapsedMs, 200);
});

Deno.test("records without a started phase still count", () => {
  const m = new MetricsCollector();
  m.record(rec({ phase: "x", due: 5, end: 10 }));
  m.record(rec({ phase: "x", due: 2, end: 20 }));
  const [p] = m.phaseStats();
  assert.equal(p.startMs, 2);
  assert.equal(p.endMs, 20);
  assert.equal(p.open, true);
  assert.equal(p.totals.count, 2);
  m.startPhase("x", 0);
  m.endPhase("x", 40);
  assert.equal(m.phaseStats()[0].wallSeconds, 0.04);
});

Deno.test("phase misuse is refused with a clear message", () => {
  const m = new MetricsCollector();
  m.startPhase("a", 0);
  assert.throws(() => m.startPhase("a", 1), /already started/);
  assert.throws(() => m.endPhase("b", 1), /not started \(started: a\)/);
});

/** C17: two endpoints round-robin, 70/30 GET/PUT; b fails every 10th PUT. */
function c17(): MetricsCollector {
  const m = new MetricsCollector();
  m.startPhase("mixed", 0);
  let puts = 0;
  for (let i = 0; i < 1000; i++) {
    const op = i % 10 < 7 ? "get" : "put";
    const endpoint = i % 2 === 0 ? "http://a" : "http://b";
    const group = ["small", "medium", "large"][i % 3];
    const client = i % 4 === 0 ? "s5cmd" : "sdk";
    const base = { phase: "mixed", op, endpoint, group, client } as const;
    const t = { due: i, start: i + 1, firstByte: i + 2, end: i + 3 + (i % 7) };
    const fails = op === "put" && endpoint === "http://b" && ++puts % 10 === 0;
    if (fails) {
      const err = { ok: false, errorClass: "server", errorCode: "Internal" };
      const e = { ...base, ...t, ...err, bytes: 10 } as Partial<OpRecord>;
      m.record(rec({ ...e, final: false }));
      m.record(rec({ ...e, attempt: 2 }));
    } else m.record(rec({ ...base, ...t, bytes: 1000 + i, size: 1000 + i }));
  }
  m.endPhase("mixed", 1500);
  return m;
}

const SUMMED: (keyof OpStats)[] = [
  "count",
  "ok",
  "errors",
  "throttled",
  "retries",
  "bytes",
  "failedBytes",
];
const RATES: (keyof OpStats)[] = ["opsPerSec", "bytesPerSec", "mibPerSec"];

function assertSums(parts: OpStats[], total: OpStats, what: string): void {
  for (const k of SUMMED) {
    const sum = parts.reduce((s, p) => s + (p[k] as number), 0);
    assert.equal(sum, total[k], `${what}: ${k}`);
  }
  for (const k of RATES) {
    const sum = parts.reduce((s, p) => s + (p[k] as number), 0);
    assert.ok(Math.abs(sum - (total[k] as number)) < 0.01, `${what}: ${k}`);
  }
  const n = parts.reduce((s, p) => s + p.latencyMs.n, 0);
  assert.equal(n, total.latencyMs.n, `${what}: latency n`);
}

Deno.test("C17: every breakdown sums to its total", () => {
  const p = c17().phaseStats()[0];
  const ops = Object.values(p.byOp);
  assertSums(ops, p.totals, "byOp");
  for (const dim of ["byOpGroup", "byOpEndpoint", "byOpClient"] as const) {
    for (const [op, labels] of Object.entries(p[dim])) {
      const total = p.byOp[op as "get" | "put"]!;
      assertSums(Object.values(labels), total, `${dim}.${op}`);
    }
  }
});

Deno.test("C17: endpoints, mix and errors are attributed", () => {
  const p = c17().phaseStats()[0];
  assert.equal(p.totals.count, 1000);
  assert.equal(p.byOp.get?.count, 700);
  assert.equal(p.byOp.put?.count, 300);
  const byEp = (ep: string) =>
    (p.byOpEndpoint.get?.[ep]?.count ?? 0) +
    (p.byOpEndpoint.put?.[ep]?.count ?? 0);
  assert.equal(byEp("http://a"), 500);
  assert.equal(byEp("http://b"), 500);
  assert.equal(p.byOpEndpoint.put?.["http://a"].errors, 0);
  assert.equal(p.byOpEndpoint.put?.["http://b"].errors, 20);
  assert.deepEqual(p.totals.errorsByClass, { server: 20 });
  assert.equal(p.totals.retries, 20);
  assert.equal(p.totals.latencyMs.n, 980);
});
