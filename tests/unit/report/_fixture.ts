import type { OpRecord } from "../../../src/core/record.ts";
import { MetricsCollector } from "../../../src/metrics/collector.ts";
import { type Report, runTotals } from "../../../src/report/types.ts";

const MIB = 2 ** 20;

function put(i: number, over: Partial<OpRecord> = {}): OpRecord {
  const start = Math.floor(i / 4) * 500;
  return {
    phase: "write",
    op: "put",
    key: `s3flood/small/${i}`,
    size: 8 * MIB,
    bytes: 8 * MIB,
    group: "small",
    endpoint: "http://127.0.0.1:9000",
    client: "sdk",
    due: start,
    start,
    end: start + 500,
    ok: true,
    attempt: 1,
    final: true,
    ...over,
  };
}

/** A report with the C06 write phase: 16 × 8 MiB PUTs in 2 s. */
export function c06Report(): Report {
  const m = new MetricsCollector();
  m.startPhase("write", 0);
  for (let i = 0; i < 16; i++) m.record(put(i));
  m.endPhase("write", 2000);
  return report(m);
}

/** A report whose read phase spans two endpoints, two groups and errors. */
export function clusterReport(): Report {
  const m = new MetricsCollector();
  m.startPhase("mixed", 0);
  for (let i = 0; i < 40; i++) m.record(mixed(i));
  m.endPhase("mixed", 1000);
  return report(m);
}

function mixed(i: number): OpRecord {
  const endpoint = i % 2 === 0 ? "http://a:9000" : "http://b:9000";
  const over: Partial<OpRecord> = {
    phase: "mixed",
    op: i % 4 === 3 ? "put" : "get",
    group: i % 3 === 0 ? "large" : "small",
    endpoint,
    bytes: 1000,
    firstByte: 2 + (i % 5),
    due: 0,
    start: 0,
    end: 10 + i,
  };
  if (i % 8 === 7) {
    Object.assign(over, { ok: false, errorClass: "server", bytes: 0 });
    Object.assign(over, { errorCode: "InternalError", httpStatus: 500 });
  }
  return put(i, over);
}

function report(m: MetricsCollector): Report {
  const phases = m.phaseStats();
  return {
    schemaVersion: 2,
    tool: { name: "s3flood", version: "0.1.0", commit: null, deno: "2.9.6" },
    runId: "20250101T000000Z-abcd",
    status: "completed",
    command: ["s3flood", "run", "--config", "c.yaml"],
    startedAt: "2025-01-01T00:00:00.000Z",
    endedAt: "2025-01-01T00:00:02.000Z",
    settings: { bucket: "b", credentials: { secret_access_key: "***" } },
    clients: { sdk: { version: "3.1178.0", settings: { checksum: "x" } } },
    notes: [],
    phases,
    totals: runTotals(phases),
    exitCode: 0,
  };
}
