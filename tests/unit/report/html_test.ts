import assert from "node:assert/strict";
import { join } from "node:path";
import { CHARTJS_SOURCE } from "../../../src/report/_chartjs.ts";
import { renderHtml, writeReportHtml } from "../../../src/report/html.ts";
import { MetricsCollector } from "../../../src/metrics/collector.ts";
import { chartJsPackageSource } from "../../../scripts/_chartjs_source.ts";
import { chromiumPath, pageStatus, screenshot } from "./_chromium.ts";
import { timedRecords, timedReport } from "./_timed.ts";

/** The page without the embedded library, whose code says NaN. */
function own(html: string): string {
  return html.replace(CHARTJS_SOURCE, "");
}

const ARTIFACTS = new URL("../../.artifacts/", import.meta.url);

Deno.test("the embedded Chart.js is the package's build", async () => {
  const { source } = await chartJsPackageSource();
  assert.ok(
    CHARTJS_SOURCE === source,
    "run: deno run -A scripts/gen_chartjs.ts",
  );
});

Deno.test("report.html is self-contained: nothing to fetch", () => {
  const html = renderHtml(timedReport(timedRecords()));
  assert.ok(!/<script[^>]+src=/i.test(html), "no external script");
  assert.ok(!/<link[^>]+href=/i.test(html), "no external style sheet");
  assert.ok(!/<img[^>]+src=/i.test(html), "no image");
  assert.ok(!own(html).includes("NaN"));
  assert.match(html, /p99\.9 marked \*/);
});

Deno.test("report.html shows n/a for a phase without samples", () => {
  const m = new MetricsCollector();
  m.startPhase("read", 0);
  m.endPhase("read", 0);
  const r = timedReport(timedRecords());
  r.phases = m.phaseStats();
  delete r.timeseries;
  const html = renderHtml(r);
  assert.match(html, /<td class="n">n\/a<\/td>/);
  assert.match(html, /no time series in this report/);
  assert.ok(!own(html).includes("NaN"));
});

Deno.test({
  name: "report.html draws its charts in headless Chromium",
  async fn() {
    assert.ok(
      chromiumPath() !== undefined,
      "chromium not found; install it with: bash scripts/setup.sh --extras",
    );
    const dir = await Deno.makeTempDir({ prefix: "s3flood-html-" });
    try {
      const file = await writeReportHtml(dir, timedReport(timedRecords()));
      const url = `file://${file}`;
      const status = await pageStatus(url);
      assert.equal(status["data-done"], "1", JSON.stringify(status));
      assert.deepEqual(JSON.parse(status["data-errors"]), []);
      assert.equal(status["data-charts"], "6", "4 over time, 2 histograms");
      assert.equal(status["data-blank"], "0", "every canvas has pixels");
      await Deno.mkdir(ARTIFACTS, { recursive: true });
      const png = join(ARTIFACTS.pathname, "report.png");
      await screenshot(url, png);
      assert.ok((await Deno.stat(png)).size > 20_000, "a real screenshot");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
