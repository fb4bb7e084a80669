import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { freePort, sharedMinio, uniqueBucket } from "../support/mod.ts";
import { ExitCode } from "../../src/core/exit_codes.ts";
import type { Report } from "../../src/report/types.ts";
import { runCli } from "../support/cli.ts";
import { credsEnv, smallConfig, workspace } from "./_run_helpers.ts";

type Row = Record<string, string>;

async function readJson(path: string): Promise<Report> {
  return JSON.parse(await Deno.readTextFile(path));
}

async function opsRows(runDir: string): Promise<Row[]> {
  const text = await Deno.readTextFile(join(runDir, "ops.csv"));
  return parse(text, { columns: true });
}

/** Nearest-rank percentile of exact values. */
function exact(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)];
}

/** Equal within HDR's 0.1% (plus the 3-decimal rounding). */
function near(actual: number | null, want: number, what: string): void {
  assert.ok(actual !== null, `${what}: null`);
  const ok = Math.abs(actual - want) <= want * 0.001 + 0.002;
  assert.ok(ok, `${what}: report ${actual}, ops.csv ${want}`);
}

function latencies(rows: Row[], phase: string, op: string): number[] {
  return rows.filter((r) =>
    r.phase === phase && r.op === op && r.final === "true" && r.ok === "true"
  ).map((r) => Number(r.latency_ms));
}

/**
 * A real Prometheus Pushgateway (Debian's prometheus-pushgateway, which
 * scripts/setup.sh --extras installs) on a free loopback port.
 */
async function pushgateway() {
  const bin = ["/usr/bin/prometheus-pushgateway", "/usr/local/bin/pushgateway"]
    .find((p) => {
      try {
        return Deno.statSync(p).isFile;
      } catch {
        return false;
      }
    });
  assert.ok(bin, "pushgateway not found; run: bash scripts/setup.sh --extras");
  const port = freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = new Deno.Command(bin, {
    args: [`--web.listen-address=127.0.0.1:${port}`],
    stdout: "null",
    stderr: "null",
  }).spawn();
  const until = Date.now() + 15_000;
  for (;;) {
    const ok = await fetch(`${url}/-/ready`).then(async (r) => {
      await r.body?.cancel();
      return r.ok;
    }).catch(() => false);
    if (ok) break;
    assert.ok(Date.now() < until, "pushgateway did not become ready");
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    [Symbol.asyncDispose]: async () => {
      child.kill("SIGTERM");
      await child.status;
    },
  };
}

/** Polls the live endpoint until it answers with s3flood's metrics. */
async function scrape(url: string, until: number): Promise<string> {
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      const text = await res.text();
      if (res.ok && text.includes("s3flood_operations_total{")) return text;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no metrics at ${url}`);
}

Deno.test("a run leaves every output, live and pushed metrics agree", async () => {
  const minio = await sharedMinio();
  await using gw = await pushgateway();
  const port = freePort();
  const yaml = smallConfig(
    minio.endpoint,
    uniqueBucket(),
    `profile: mixed
thresholds:
  - error_rate < 0.5
  - p99_ms{op=get} < 60000
`,
  );
  await using ws = await workspace(yaml, minio);
  const live = scrape(`http://127.0.0.1:${port}/metrics`, Date.now() + 20_000);
  const res = await ws.run([
    "--duration",
    "3s",
    "--metrics-format",
    "prometheus",
    "--metrics-listen",
    `127.0.0.1:${port}`,
    "--pushgateway",
    gw.url,
  ]);
  assert.equal(res.code, ExitCode.OK, res.stderr);
  assert.match(await live, /s3flood_latency_seconds\{/);
  assert.match(res.stdout, /thresholds: all 2 passed/);
  const [runDir] = await ws.runDirs();
  for (const f of ["report.json", "ops.csv", "timeseries.csv"]) {
    assert.ok((await Deno.stat(join(runDir, f))).size > 0, f);
  }
  for (const f of ["metrics.prom", "report.html"]) {
    assert.ok((await Deno.stat(join(runDir, f))).size > 0, f);
  }
  const report = await readJson(join(runDir, "report.json"));
  assert.deepEqual(report.thresholds?.map((t) => t.pass), [true, true]);

  // Percentiles in report.json equal exact ones from ops.csv.
  const rows = await opsRows(runDir);
  for (const p of report.phases) {
    for (const [op, s] of Object.entries(p.byOp)) {
      const lat = latencies(rows, p.name, op);
      assert.equal(s.latencyMs.n, lat.length, `${p.name} ${op} n`);
      for (const q of [50, 90, 95, 99, 99.9, 100]) {
        const key = q === 99.9 ? "p999" : q === 100 ? "max" : `p${q}`;
        const v = s.latencyMs[key as "p50"];
        near(v, exact(lat, q), `${p.name} ${op} ${key}`);
      }
    }
  }
  const put = report.phases.flatMap((p) => p.byOp.put ? [p.byOp.put] : []);
  assert.ok(put.some((s) => s.partMs.n > 0), "multipart parts timed");

  // timeseries.csv adds up to the report's totals.
  const ts: Row[] = parse(
    await Deno.readTextFile(join(runDir, "timeseries.csv")),
    { columns: true },
  );
  const sum = (k: string) => ts.reduce((a, r) => a + Number(r[k] || 0), 0);
  assert.equal(sum("ops"), report.totals!.count);
  assert.equal(sum("bytes"), report.totals!.bytes);
  assert.equal(sum("errors"), report.totals!.errors);

  // metrics.prom, the pushed group and the JSON say the same.
  const prom = await Deno.readTextFile(join(runDir, "metrics.prom"));
  const okOps = [...prom.matchAll(
    /^s3flood_operations_total\{[^}]*status="ok"[^}]*\} (\d+)$/gm,
  )].reduce((a, m) => a + Number(m[1]), 0);
  assert.equal(okOps, report.totals!.ok);
  // Read back from the gateway: its own exposition of the pushed group.
  const gateway = await (await fetch(`${gw.url}/metrics`)).text();
  const pushedOk = [...gateway.matchAll(
    /^s3flood_operations_total\{([^}]*)\} (\S+)$/gm,
  )].filter((m) =>
    m[1].includes(`run_id="${report.runId}"`) &&
    m[1].includes('job="s3flood"') && m[1].includes('status="ok"')
  ).reduce((a, m) => a + Number(m[2]), 0);
  assert.equal(pushedOk, report.totals!.ok, "the pushed group is the run's");
});

Deno.test("a failing threshold exits 6 and says which", async () => {
  const minio = await sharedMinio();
  const yaml = smallConfig(
    minio.endpoint,
    uniqueBucket(),
    `thresholds:
  - p99_ms{op=put} < 0.001
  - ops{op=put} > 0
`,
  );
  await using ws = await workspace(yaml, minio);
  const res = await ws.run();
  assert.equal(res.code, ExitCode.THRESHOLD, res.stderr);
  assert.match(res.stdout, /thresholds: 1 of 2 failed/);
  assert.match(res.stdout, /FAIL {2}p99_ms\{op=put\} < 0\.001/);
  const [runDir] = await ws.runDirs();
  const report = await readJson(join(runDir, "report.json"));
  assert.equal(report.exitCode, ExitCode.THRESHOLD);
});

Deno.test("merge of three concurrent runs equals their union; compare and html", async () => {
  const minio = await sharedMinio();
  const bucket = uniqueBucket();
  await using ws = await workspace(smallConfig(minio.endpoint, bucket), minio);
  const env = credsEnv(minio);
  const ds = await runCli(["dataset", "create", ws.config], {
    cwd: ws.dir,
    env,
  });
  assert.equal(ds.code, ExitCode.OK, ds.stderr);
  const results = await Promise.all(
    [0, 1, 2].map((i) => ws.run(["--out", join(ws.results, `r${i}`)])),
  );
  for (const r of results) assert.equal(r.code, ExitCode.OK, r.stderr);
  const dirs: string[] = [];
  for (const i of [0, 1, 2]) {
    for await (const e of Deno.readDir(join(ws.results, `r${i}`))) {
      dirs.push(join(ws.results, `r${i}`, e.name));
    }
  }
  const out = join(ws.dir, "merged.json");
  const m = await runCli(["report", "merge", ...dirs, "-o", out], { env });
  assert.equal(m.code, ExitCode.OK, m.stderr);
  const merged = await readJson(out);
  const rows = (await Promise.all(dirs.map(opsRows))).flat();
  const put = merged.phases.find((p) => p.name === "write")!.byOp.put!;
  const lat = latencies(rows, "write", "put");
  assert.equal(put.count, lat.length);
  assert.equal(put.latencyMs.n, lat.length);
  for (const q of [50, 90, 99]) {
    near(put.latencyMs[`p${q}` as "p50"], exact(lat, q), `merged p${q}`);
  }
  const bytes = rows.filter((r) => r.final === "true" && r.ok === "true")
    .reduce((a, r) => a + Number(r.bytes), 0);
  assert.equal(merged.totals!.bytes, bytes);

  const c = await runCli(["report", "compare", dirs[0], dirs[1], "--json"]);
  assert.equal(c.code, ExitCode.OK, c.stderr);
  const cmp = JSON.parse(c.stdout);
  assert.equal(cmp.rows[0].op, "put");
  assert.ok("pct" in cmp.rows[0].figures.p99Ms);

  await Deno.remove(join(dirs[0], "report.html"));
  const h = await runCli(["report", "html", dirs[0]]);
  assert.equal(h.code, ExitCode.OK, h.stderr);
  assert.ok((await Deno.stat(join(dirs[0], "report.html"))).size > 100_000);
});
