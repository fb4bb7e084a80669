/**
 * The static parts of report.html: its style sheet, a guard that records
 * script errors, and the script that draws the charts from the embedded
 * data. Plain browser JavaScript, no network. Internal to the report layer.
 *
 * @module
 */

/** The style sheet. */
export const PAGE_CSS = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1f2328; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 28px 0 8px; border-bottom: 1px solid #d0d7de; }
h3 { font-size: 14px; margin: 16px 0 6px; }
.meta { color: #57606a; margin-bottom: 12px; }
table { border-collapse: collapse; margin: 4px 0 12px; }
th, td { padding: 3px 8px; border-bottom: 1px solid #eaeef2; }
th { text-align: left; color: #57606a; font-weight: 600; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
td.bad { color: #cf222e; font-weight: 600; }
td.good { color: #1a7f37; font-weight: 600; }
.charts { display: grid; grid-template-columns: repeat(auto-fill,
  minmax(560px, 1fr)); gap: 16px; }
.chart { border: 1px solid #d0d7de; border-radius: 6px; padding: 8px; }
.chart canvas { width: 100%; height: 260px; }
pre { background: #f6f8fa; padding: 8px; overflow: auto; max-height: 400px; }
.note { color: #57606a; font-size: 12px; }
`;

/** Records script errors before anything else runs. */
export const ERROR_GUARD = `
window.__s3floodErrors = [];
window.addEventListener("error", function (e) {
  window.__s3floodErrors.push(String(e.message || e));
});
(function () {
  var orig = console.error;
  console.error = function () {
    window.__s3floodErrors.push(Array.prototype.join.call(arguments, " "));
    return orig.apply(console, arguments);
  };
})();
`;

/**
 * Draws every chart described in the `S3FLOOD_DATA` JSON element, then
 * writes what happened into `#s3flood-status` (charts drawn, blank
 * canvases, errors), which tests read.
 */
export const PAGE_SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById("s3flood-data").textContent);
  var palette = ["#0969da", "#cf222e", "#1a7f37", "#8250df", "#bf8700",
    "#1b7c83", "#e16f24", "#6e7781"];
  var drawn = [];

  function chart(id, type, labels, datasets, yTitle, opts) {
    var canvas = document.getElementById(id);
    if (!canvas) return;
    datasets.forEach(function (d, i) {
      var c = palette[i % palette.length];
      d.borderColor = c;
      d.backgroundColor = type === "bar" ? c + "99" : c;
      d.pointRadius = labels.length < 30 ? 2 : 0;
      d.borderWidth = type === "bar" ? 0 : 1.5;
      d.spanGaps = true;
    });
    var c = new Chart(canvas, {
      type: type,
      data: { labels: labels, datasets: datasets },
      options: Object.assign({
        animation: false,
        responsive: false,
        plugins: { legend: { position: "bottom" } },
        scales: {
          x: { ticks: { maxTicksLimit: 12, autoSkip: true } },
          y: { beginAtZero: true, title: { display: true, text: yTitle } }
        }
      }, opts || {})
    });
    drawn.push(canvas);
    return c;
  }

  function series(key) {
    return data.ops.map(function (op) {
      return { label: op, data: data.series[op][key] };
    });
  }

  function drawAll() {
    var ts = data.timeLabels;
    if (ts.length > 0) {
      chart("c-mibps", "line", ts, series("mibps"), "MiB/s");
      chart("c-opsps", "line", ts, series("opsps"), "ops/s");
      var lat = [];
      data.ops.forEach(function (op) {
        lat.push({ label: op + " p50", data: data.series[op].p50 });
        lat.push({ label: op + " p99", data: data.series[op].p99 });
      });
      chart("c-latency", "line", ts, lat, "latency ms");
      chart("c-errors", "line", ts, series("errors"), "errors/s");
    }
    data.histograms.forEach(function (h, i) {
      chart("c-hist-" + i, "bar", h.labels, h.datasets, "operations", {
        scales: {
          x: { title: { display: true, text: "latency ms (bin lower bound)" } },
          y: { beginAtZero: true, title: { display: true, text: "ops" } }
        }
      });
    });
  }

  function blank(canvas) {
    var ctx = canvas.getContext("2d");
    var px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    for (var i = 3; i < px.length; i += 4) if (px[i] !== 0) return false;
    return true;
  }

  var status = document.getElementById("s3flood-status");
  try {
    drawAll();
  } catch (e) {
    window.__s3floodErrors.push("draw: " + (e && e.message || e));
  }
  status.setAttribute("data-charts", String(drawn.length));
  status.setAttribute("data-blank", String(drawn.filter(blank).length));
  status.setAttribute("data-errors", JSON.stringify(window.__s3floodErrors));
  status.setAttribute("data-done", "1");
})();
`;
