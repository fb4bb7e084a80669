import assert from "node:assert/strict";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { parseThreshold } from "../../../src/config/thresholds.ts";
import { LatencyHistogram } from "../../../src/metrics/histogram.ts";
import { compareReports } from "../../../src/report/compare.ts";
import { mergeReports } from "../../../src/report/merge.ts";
import { prometheusText } from "../../../src/report/prometheus.ts";
import { evaluateThresholds } from "../../../src/report/thresholds.ts";
import {
  TIMESERIES_CSV_COLUMNS,
  timeseriesCsvRow,
} from "../../../src/report/timeseries_csv.ts";
import { T0, timedRecords, timedReport } from "./_timed.ts";

const tool = { name: "s3flood", version: "0.1.0", commit: null, deno: "2" };

function exact(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)];
}

/** Within HDR's resolution: 0.1% (3 digits) unless `rel` says otherwise. */
function near(
  actual: number | null,
  want: number,
  what: string,
  rel = 0.001,
): void {
  assert.ok(actual !== null, `${what}: null`);
  assert.ok(
    Math.abs(actual - want) <= want * rel + 0.001,
    `${what}: ${actual} vs ${want}`,
  );
}

Deno.test("merge of three runs equals one histogram over their union", () => {
  const runs = [1, 2, 3].map((seed) => timedRecords(1500, seed));
  const reports = runs.map((r, i) => timedReport(r, `run-${i}`, T0 + i * 300));
  const merged = mergeReports(reports, { tool, command: [] });
  const union = runs.flat().filter((r) => r.ok);
  const p = merged.phases[0];
  assert.equal(merged.phases.length, 1);
  assert.equal(p.totals.count, 4500);
  assert.equal(p.totals.ok, union.length);
  assert.equal(p.totals.bytes, union.reduce((a, r) => a + r.bytes, 0));
  const lat = union.map((r) => r.end - r.due);
  for (const q of [50, 90, 95, 99, 99.9]) {
    const key = q === 99.9 ? "p999" : `p${q}`;
    near(p.totals.latencyMs[key as "p50"], exact(lat, q), `p${q}`);
  }
  near(p.totals.latencyMs.max, Math.max(...lat), "max");
  const sum = p.slices.reduce((a, s) => a + s.stats.count, 0);
  assert.equal(sum, 4500);
  const ts = merged.timeseries!;
  const tsOps = ts.points.flatMap((pt) => Object.values(pt.ops))
    .reduce((a, s) => a + s.ops, 0);
  assert.equal(tsOps, 4500);
  assert.ok(ts.points.every((pt) => pt.t % 1000 === 0));
});

Deno.test("time series: one row per second, sums equal the totals", () => {
  const r = timedReport(timedRecords());
  const pts = r.timeseries!.points;
  assert.equal(r.timeseries!.intervalSeconds, 1);
  for (let i = 1; i < pts.length; i++) {
    assert.equal(pts[i].t - pts[i - 1].t, 1000);
  }
  const t = r.phases[0].totals;
  const all = pts.flatMap((p) => Object.values(p.ops));
  assert.equal(all.reduce((a, s) => a + s.ops, 0), t.count);
  assert.equal(all.reduce((a, s) => a + s.errors, 0), t.errors);
  assert.equal(all.reduce((a, s) => a + s.bytes, 0), t.bytes);
  const row = timeseriesCsvRow(pts[3]).trim().split(",");
  assert.equal(row.length, TIMESERIES_CSV_COLUMNS.length);
  assert.equal(row[0], new Date(pts[3].t).toISOString());
});

Deno.test("time series: long runs are downsampled, exactly", async () => {
  const { TimeSeries } = await import("../../../src/metrics/timeseries.ts");
  const rows: number[] = [];
  const ts = new TimeSeries({ maxPoints: 100, onPoint: (p) => rows.push(p.t) });
  const n = 20_000;
  for (let i = 0; i < n; i++) {
    const end = i * 50;
    ts.write({
      phase: "p",
      op: "get",
      key: "k",
      size: 1,
      bytes: 1,
      group: "g",
      endpoint: "e",
      client: "c",
      due: end - 1 - (i % 10),
      start: end - 1,
      end,
      ok: true,
      attempt: 1,
      final: true,
    });
  }
  ts.close();
  const d = ts.data();
  assert.equal(rows.length, 1000, "every second goes to the CSV");
  assert.ok(d.points.length < 100, `${d.points.length} points kept`);
  assert.equal(d.intervalSeconds, 16);
  const ops = d.points.reduce((a, p) => a + p.ops.get!.ops, 0);
  assert.equal(ops, n);
  const h = new LatencyHistogram();
  for (const p of d.points) h.add(LatencyHistogram.decode(p.ops.get!.latency));
  assert.equal(h.count, n);
  near(h.percentile(100), 10, "max of the merged points", 0.01);
});

Deno.test("thresholds parse, with errors naming what is allowed", () => {
  const t = parseThreshold("p99_ms{op=get, group=small} < 50");
  assert.deepEqual(t, {
    expression: "p99_ms{op=get, group=small} < 50",
    metric: "p99_ms",
    labels: { op: "get", group: "small" },
    comparator: "<",
    value: 50,
  });
  assert.match(parseThreshold("p98_ms < 1") as string, /allowed: p50_ms/);
  assert.match(parseThreshold("p99_ms{key=x} < 1") as string, /unknown label/);
  assert.match(parseThreshold("p99_ms = 1") as string, /not a threshold/);
});

Deno.test("thresholds evaluate from the report alone", () => {
  const r = timedReport(timedRecords());
  const get = r.phases[0].byOp.get!;
  const parse = (s: string) =>
    parseThreshold(s) as Exclude<ReturnType<typeof parseThreshold>, string>;
  const res = evaluateThresholds(r, [
    parse(`p99_ms{op=get} < ${get.latencyMs.p99! + 1}`),
    parse(`p99_ms{op=get} < ${get.latencyMs.p99! - 1}`),
    parse("error_rate < 0.01"),
    parse("error_rate <= 0.02"),
    parse(`throughput_mibps{op=get} > ${get.mibPerSec! - 0.01}`),
    parse("ops{op=head} > 0"),
  ]);
  assert.deepEqual(res.map((x) => x.pass), [
    true,
    false,
    false,
    true,
    true,
    false,
  ]);
  assert.equal(res[0].actual, get.latencyMs.p99);
  assert.equal(res[0].n, get.ok);
  assert.equal(res[2].actual, 0.02);
  assert.equal(res[5].actual, null);
});

Deno.test("compare: per op deltas with percentages", () => {
  const a = timedReport(timedRecords(1500, 1), "base");
  const b = timedReport(timedRecords(3000, 1), "new");
  const c = compareReports(a, b);
  assert.deepEqual(c.rows.map((r) => r.op), ["put", "get"]);
  const ops = c.rows[1].figures.opsPerSec;
  assert.equal(ops.base, a.phases[0].byOp.get!.opsPerSec);
  assert.equal(ops.new, b.phases[0].byOp.get!.opsPerSec);
  assert.equal(
    ops.pct,
    Math.round((ops.new! - ops.base!) / ops.base! * 1000) / 10,
  );
});

/** Sample lines as [name, labels, value]; the format's simple case. */
function samples(text: string): [string, Record<string, string>, number][] {
  const out: [string, Record<string, string>, number][] = [];
  for (const line of text.split("\n")) {
    const m = /^([a-z_:][a-z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (m === null) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)) {
      labels[l[1]] = l[2];
    }
    out.push([m[1], labels, Number(m[3])]);
  }
  return out;
}

Deno.test("metrics.prom parses and agrees with report.json", async () => {
  const r = timedReport(timedRecords());
  const text = await prometheusText({
    runId: r.runId,
    version: "0.1.0",
    phases: r.phases,
  });
  // A real text-format parser must accept every line. (It flattens
  // labelled summaries, so the values are read from the lines below.)
  const fams = parsePrometheusTextFormat(text) as { name: string }[];
  assert.ok(fams.some((f) => f.name === "s3flood_operations_total"));
  await promtoolCheck(text);

  const all = samples(text);
  const sum = (name: string, f: (l: Record<string, string>) => boolean) =>
    all.filter(([n, l]) => n === name && f(l)).reduce((a, x) => a + x[2], 0);
  const one = (name: string, want: Record<string, string>) =>
    all.find(([n, l]) =>
      n === name && Object.entries(want).every(([k, v]) => l[k] === v)
    )![2];
  const p = r.phases[0];
  const get = p.byOp.get!;
  const ops = "s3flood_operations_total";
  assert.equal(sum(ops, (l) => l.status === "ok"), p.totals.ok);
  assert.equal(sum(ops, (l) => l.status !== "ok"), p.totals.errors);
  assert.equal(
    sum(ops, (l) => l.endpoint === "http://a:9000"),
    Object.values(p.byOpEndpoint).reduce(
      (a, m) => a + m["http://a:9000"].count,
      0,
    ),
  );
  assert.equal(sum("s3flood_bytes_total", () => true), p.totals.bytes);
  const lat = { op: "get", quantile: "0.99" };
  const ms = (s: number) => Math.round(s * 1e6) / 1000;
  assert.equal(ms(one("s3flood_latency_seconds", lat)), get.latencyMs.p99);
  const q999 = { op: "get", quantile: "0.999" };
  assert.equal(ms(one("s3flood_latency_seconds", q999)), get.latencyMs.p999);
  assert.equal(one("s3flood_latency_seconds_count", { op: "get" }), get.ok);
  const tp = one("s3flood_throughput_bytes_per_second", { op: "get" });
  assert.equal(tp, get.bytesPerSec);
  const inf = sum(
    "s3flood_latency_buckets_seconds_bucket",
    (l) => l.le === "+Inf",
  );
  assert.equal(inf, p.totals.latencyMs.n);
  const parts = one("s3flood_part_latency_seconds_count", { op: "put" });
  assert.equal(parts, p.byOp.put!.partMs.n);
  assert.ok(!text.includes("key="), "no key label");
});

/**
 * Runs Prometheus's own `promtool check metrics`. scripts/setup.sh --extras
 * installs it; a machine without it fails here rather than passing unchecked.
 */
async function promtoolCheck(text: string): Promise<void> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command("promtool", {
      args: ["check", "metrics"],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (err) {
    throw new Error(
      `promtool not found (${
        (err as Error).message
      }); install it with: bash scripts/setup.sh --extras`,
    );
  }
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(text));
  await w.close();
  const out = await child.output();
  const msg = new TextDecoder().decode(out.stdout) +
    new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, msg);
}
