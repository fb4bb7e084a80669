import assert from "node:assert/strict";
import type { OpRecord, OpType } from "../../../src/core/record.ts";
import { MetricsCollector } from "../../../src/metrics/collector.ts";
import { rec } from "./_records.ts";

const OPS: OpType[] = ["put", "get", "head"];
const ENDPOINTS = ["http://a:9000", "http://b:9000"];
const GROUPS = ["small", "medium", "large"];

/** One reusable record per op × endpoint × group, as a runner might keep. */
function templates(): OpRecord[] {
  const out: OpRecord[] = [];
  for (const op of OPS) {
    for (const endpoint of ENDPOINTS) {
      for (const group of GROUPS) out.push(rec({ op, endpoint, group }));
    }
  }
  return out;
}

/** JS heap plus typed-array backing stores, which live outside it. */
function usedBytes(): number {
  const u = Deno.memoryUsage();
  return u.heapUsed + u.external;
}

function feed(m: MetricsCollector, ts: OpRecord[], from: number, n: number) {
  for (let i = from; i < from + n; i++) {
    const r = ts[i % ts.length];
    r.due = i * 0.01;
    r.start = r.due + (i % 5);
    r.firstByte = r.start + (i % 13);
    r.end = r.firstByte + (i % 997) * 0.37;
    r.ok = i % 101 !== 0;
    r.errorClass = r.ok ? undefined : "server";
    r.bytes = i % 4096;
    m.record(r);
  }
}

Deno.test("C16: 2 million records leave the heap flat", () => {
  const m = new MetricsCollector();
  const ts = templates();
  m.startPhase("p", 0);
  feed(m, ts, 0, 200_000);
  const before = usedBytes();
  feed(m, ts, 200_000, 1_800_000);
  const growth = usedBytes() - before;
  m.endPhase("p", 20_000);
  const p = m.phaseStats()[0];
  assert.equal(p.totals.count + p.totals.retries, 2_000_000);
  assert.ok(growth < 4 * 2 ** 20, `heap grew ${growth} bytes`);
});
