/** The dashboard's bounded parts: series, windows, health, text. */
import assert from "node:assert/strict";
import { median, SecondSeries } from "../../../src/dashboard/_series.ts";
import { RecentWindow } from "../../../src/dashboard/_window.ts";
import { HealthJudge, type OpFigures } from "../../../src/dashboard/health.ts";
import {
  cells,
  clip,
  clipStart,
  clipStyled,
  sparkline,
} from "../../../src/dashboard/_text.ts";

Deno.test("series: counts per second; idle seconds read as zero", () => {
  const s = new SecondSeries(5);
  s.add(1100, 10);
  s.add(1900, 10);
  s.add(3500, 7);
  assert.deepEqual(s.ops(4000, 4), [0, 2, 0, 1]);
  assert.deepEqual(s.bytes(4000, 4), [0, 20, 0, 7]);
  s.add(9000, 1); // the ring wraps; old seconds are gone
  assert.deepEqual(s.ops(10_000, 5), [0, 0, 0, 0, 1]);
});

Deno.test("series: a record older than the ring is dropped", () => {
  const s = new SecondSeries(3);
  s.add(10_000, 1);
  s.add(1000, 1);
  assert.deepEqual(s.ops(11_000, 3), [0, 0, 1]);
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([]), 0);
});

Deno.test("window: percentiles and error rate of the last N only", () => {
  const w = new RecentWindow(4);
  for (const v of [100, 100, 100, 100]) w.add(true, v);
  for (const v of [1, 2, 3]) w.add(true, v);
  w.add(false, NaN);
  assert.deepEqual(w.percentiles([50, 100]), [2, 3]);
  assert.equal(w.errorRate(), 0.25);
  assert.equal(w.count, 4);
  assert.deepEqual(new RecentWindow(3).percentiles([50]), [null]);
});

function figures(over: Partial<OpFigures>): OpFigures {
  return {
    op: "get",
    phase: "read",
    opsPerSec: 100,
    mibPerSec: 10,
    p50: 10,
    p90: 20,
    p99: 30,
    runP50: 10,
    runP90: 20,
    runP99: 30,
    errorRate: 0,
    medianOpsPerSec: 100,
    ...over,
  };
}

Deno.test("health: without thresholds, the run is its own yardstick", () => {
  const j = new HealthJudge([], 0.05);
  assert.equal(j.judge(figures({}), "p99"), "ok");
  assert.equal(j.judge(figures({ p99: 60 }), "p99"), "warn");
  assert.equal(j.judge(figures({ p99: 100 }), "p99"), "bad");
  assert.equal(j.judge(figures({ opsPerSec: 40 }), "opsPerSec"), "warn");
  assert.equal(j.judge(figures({ opsPerSec: 10 }), "opsPerSec"), "bad");
  assert.equal(j.judge(figures({ errorRate: 0.01 }), "errorRate"), "warn");
  assert.equal(j.judge(figures({ errorRate: 0.05 }), "errorRate"), "bad");
});

Deno.test("health: thresholds decide when set, by op", () => {
  const limit = (metric: string, value: number, op?: string) => ({
    metric,
    labels: { op },
    comparator: "<" as const,
    value,
  });
  const j = new HealthJudge([limit("p99_ms", 50, "get")], 0.05);
  assert.equal(j.judge(figures({ p99: 40 }), "p99"), "ok");
  assert.equal(j.judge(figures({ p99: 47 }), "p99"), "warn");
  assert.equal(j.judge(figures({ p99: 55 }), "p99"), "bad");
  assert.equal(
    j.judge(figures({ op: "put", p99: 55, runP99: 50 }), "p99"),
    "ok",
  );
  const tput = new HealthJudge([{
    ...limit("throughput_mibps", 20),
    comparator: ">",
  }], 1);
  assert.equal(tput.overall(figures({ mibPerSec: 10 })), "bad");
});

Deno.test("text: widths in cells, clipping, sparklines", () => {
  assert.equal(cells("日本"), 4);
  assert.equal(clip("abcdef", 4), "abc…");
  assert.equal(clipStart("abcdef", 4), "…def");
  assert.equal(clip("日本語", 5), "日本…");
  assert.equal(sparkline([0, 1, 2, 4, 8]), " ▁▂▄█");
  const red = "\x1b[31mred text\x1b[39m";
  assert.equal(clipStyled(red, 3), "\x1b[31mred\x1b[0m");
  assert.equal(clipStyled("plain text", 5), "plain");
});
