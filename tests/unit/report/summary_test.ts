import assert from "node:assert/strict";
import { Ansis } from "ansis";
import { MetricsCollector } from "../../../src/metrics/collector.ts";
import { formatMs, renderSummary } from "../../../src/report/summary.ts";
import { c06Report, clusterReport } from "./_fixture.ts";

const C06_SUMMARY = `\
s3flood run 20250101T000000Z-abcd: completed (exit 0)

phase write (wall 2.000 s)
op   ops  errors  ops/s  MiB/s   MB/s  p50 ms  p90 ms  p95 ms  p99 ms  p99.9 ms  max ms   n
put   16       0   8.00  64.00  67.11     500     500     500     500      500*     500  16

* p99.9 from fewer than 1000 samples
`;

const CLUSTER_SUMMARY = `\
s3flood run 20250101T000000Z-abcd: completed (exit 0)

phase mixed (wall 1.000 s)
op   ops  errors  ops/s  MiB/s  MB/s  p50 ms  p90 ms  p95 ms  p99 ms  p99.9 ms  max ms   n
put   10       5  10.00   0.01  0.01    29.0    45.0    45.0    45.0     45.0*    45.0   5
get   30       0  30.00   0.03  0.03    28.0    44.0    47.0    48.0     48.0*    48.0  30
all   40       5  40.00   0.03  0.04    29.0    45.0    47.0    48.0     48.0*    48.0  35
errors: server 5

mixed by group
op   group  ops  errors  ops/s  MiB/s  MB/s  p50 ms  p90 ms  p95 ms  p99 ms  p99.9 ms  max ms   n
put  large    4       2   4.00   0.00  0.00    13.0    37.0    37.0    37.0     37.0*    37.0   2
put  small    6       3   6.00   0.00  0.00    29.0    45.0    45.0    45.0     45.0*    45.0   3
get  large   10       0  10.00   0.01  0.01    28.0    43.0    46.0    46.0     46.0*    46.0  10
get  small   20       0  20.00   0.02  0.02    27.0    44.0    47.0    48.0     48.0*    48.0  20

mixed by endpoint
op   endpoint       ops  errors  ops/s  MiB/s  MB/s  p50 ms  p90 ms  p95 ms  p99 ms  p99.9 ms  max ms   n
put  http://b:9000   10       5  10.00   0.01  0.01    29.0    45.0    45.0    45.0     45.0*    45.0   5
get  http://a:9000   20       0  20.00   0.02  0.02    28.0    44.0    46.0    48.0     48.0*    48.0  20
get  http://b:9000   10       0  10.00   0.01  0.01    27.0    43.0    47.0    47.0     47.0*    47.0  10

* p99.9 from fewer than 1000 samples

notes
- region defaulted to us-east-1
`;

Deno.test("summary of the C06 run, colour off", () => {
  assert.equal(renderSummary(c06Report(), { color: false }), C06_SUMMARY);
});

Deno.test("summary breaks down by group and endpoint when several", () => {
  const r = clusterReport();
  r.notes = ["region defaulted to us-east-1"];
  assert.equal(renderSummary(r, { color: false }), CLUSTER_SUMMARY);
});

Deno.test("summary drops less essential columns to fit the width", () => {
  const text = renderSummary(clusterReport(), { color: false, width: 64 });
  for (const line of text.split("\n")) {
    assert.ok(line.length <= 64, `too wide: ${line}`);
  }
  assert.ok(!text.includes("MB/s") && text.includes("MiB/s"));
  assert.ok(text.includes("p99 ms"));
});

Deno.test("summary colours only when asked", () => {
  const plain = renderSummary(clusterReport(), { color: false });
  const color = renderSummary(clusterReport(), { color: true });
  assert.ok(!plain.includes("\x1b["));
  assert.ok(color.includes("\x1b[31m"), "errors are red");
  assert.equal(new Ansis(0).strip(color), plain);
});

Deno.test("an empty phase shows n/a, never NaN", () => {
  const m = new MetricsCollector();
  m.startPhase("read", 0);
  m.endPhase("read", 0);
  const r = c06Report();
  r.phases = m.phaseStats();
  r.status = "interrupted";
  const text = renderSummary(r, { color: false });
  assert.ok(text.includes("interrupted (exit 0)"));
  assert.match(text, /all +0 +0 +n\/a +n\/a/);
  assert.ok(!text.includes("NaN"));
});

Deno.test("formatMs keeps about three significant digits", () => {
  const cases: [number | null, string][] = [
    [null, "n/a"],
    [0.25, "0.250"],
    [4.2, "4.20"],
    [28.992, "29.0"],
    [500, "500"],
    [10_000_000, "10000000"],
  ];
  for (const [v, want] of cases) assert.equal(formatMs(v), want);
});
