import type { OpRecord } from "../../../src/core/record.ts";
import { MetricsCollector } from "../../../src/metrics/collector.ts";
import { TimeSeries } from "../../../src/metrics/timeseries.ts";
import { type Report, runTotals } from "../../../src/report/types.ts";

/** Wall-clock epoch ms of the fixture run's start: 2025-01-01T00:00:00Z. */
export const T0 = Date.parse("2025-01-01T00:00:00.000Z");

/** A deterministic record stream: 20 s of mixed puts and gets. */
export function timedRecords(n = 2000, seed = 1): OpRecord[] {
  const out: OpRecord[] = [];
  for (let i = 0; i < n; i++) {
    const due = (i * 10_000) / n * 2 + seed * 7;
    const op = i % 3 === 0 ? "put" : "get";
    const group = ["small", "medium", "large"][Math.floor(i / 3) % 3];
    const lat = 2 + ((i * 7919 * seed) % 97) * (group === "large" ? 3 : 1);
    const ok = i % 50 !== 49;
    out.push({
      phase: "mixed",
      op,
      key: `k${i}`,
      size: 4096,
      bytes: ok ? 4096 : 0,
      group,
      endpoint: i % 2 ? "http://a:9000" : "http://b:9000",
      client: "sdk",
      due,
      start: due + 0.5,
      firstByte: due + 1,
      end: due + lat,
      ok,
      attempt: 1,
      final: true,
      ...(ok ? {} : { errorClass: "server", errorCode: "InternalError" }),
      ...(op === "put" && group === "large"
        ? { partMs: [lat / 2, lat / 3] }
        : {}),
    } as OpRecord);
  }
  return out;
}

/** A full report (with time series) from `records`, run clock 0 = `t0`. */
export function timedReport(
  records: OpRecord[],
  runId = "20250101T000000Z-abcd",
  t0 = T0,
): Report {
  const m = new MetricsCollector();
  const ts = new TimeSeries({ wallOffsetMs: t0 });
  const end = Math.max(...records.map((r) => r.end));
  m.startPhase("mixed", 0);
  for (const r of records) {
    m.record(r);
    ts.write(r);
  }
  m.endPhase("mixed", end);
  ts.close();
  const iso = (ms: number) => new Date(t0 + ms).toISOString();
  const phases = m.phaseStats().map((p) => ({
    ...p,
    startedAt: iso(p.startMs),
    endedAt: iso(p.endMs),
  }));
  return {
    schemaVersion: 2,
    tool: { name: "s3flood", version: "0.1.0", commit: null, deno: "2.9.6" },
    runId,
    status: "completed",
    command: ["s3flood", "run", "c.yaml"],
    startedAt: iso(0),
    endedAt: iso(end),
    settings: { bucket: "b", concurrency: 8 },
    clients: { sdk: { settings: {} } },
    notes: ["a note"],
    phases,
    totals: runTotals(phases),
    timeseries: ts.data(),
    exitCode: 0,
  };
}
