/**
 * Measures the hot path: nanoseconds per `MetricsCollector.record` call,
 * over 2 million records spread across 3 ops × 2 endpoints × 3 groups,
 * and per `TimeSeries.write` (the per-second sink) on the same records.
 * Run: `deno run scripts/bench_record.ts`.
 *
 * @module
 */
import { MetricsCollector } from "../src/metrics/collector.ts";
import { TimeSeries } from "../src/metrics/timeseries.ts";
import type { OpRecord, OpType } from "../src/core/record.ts";

const OPS: OpType[] = ["put", "get", "head"];
const N = 2_000_000;

function templates(): OpRecord[] {
  const out: OpRecord[] = [];
  for (const op of OPS) {
    for (const endpoint of ["http://a:9000", "http://b:9000"]) {
      for (const group of ["small", "medium", "large"]) {
        out.push({
          phase: "p",
          op,
          key: "k",
          size: 1,
          bytes: 1,
          group,
          endpoint,
          client: "sdk",
          due: 0,
          start: 0,
          end: 1,
          ok: true,
          attempt: 1,
          final: true,
        });
      }
    }
  }
  return out;
}

function run(
  m: { record(r: OpRecord): void },
  ts: OpRecord[],
  n: number,
): number {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const r = ts[i % ts.length];
    r.due = i * 0.05;
    r.start = r.due + (i % 5);
    r.firstByte = r.start + (i % 13);
    r.end = r.firstByte + (i % 997) * 0.37;
    r.bytes = 1 + (i % 4096);
    m.record(r);
  }
  return performance.now() - t0;
}

const ts = templates();
const m = new MetricsCollector();
m.startPhase("p", 0);
run(m, ts, 200_000);
const ms = run(m, ts, N);
// deno-lint-ignore no-console -- a script prints its measurement
console.log(`record: ${(ms * 1e6 / N).toFixed(0)} ns per call (${N} calls)`);

const series = new TimeSeries();
const tsWrite = { record: (r: OpRecord) => series.write(r) };
run(tsWrite, ts, 200_000);
const ms2 = run(tsWrite, ts, N);
// deno-lint-ignore no-console -- a script prints its measurement
console.log(`series: ${(ms2 * 1e6 / N).toFixed(0)} ns per call (${N} calls)`);
