/**
 * Embeds Chart.js's minified UMD build into src/report/_chartjs.ts, so that
 * report.html is self-contained and a compiled binary needs no file beside
 * it. Run after updating the chart.js version in deno.json:
 *   deno run --allow-read --allow-write scripts/gen_chartjs.ts
 * A test fails when the module and the package drift apart.
 *
 * @module
 */
import { chartJsPackageSource } from "./_chartjs_source.ts";

const { version, source } = await chartJsPackageSource();
const out = `/**
 * Chart.js ${version} (MIT License, https://www.chartjs.org), the minified
 * UMD build, embedded by scripts/gen_chartjs.ts. Do not edit by hand.
 *
 * @module
 */

/** The embedded Chart.js version. */
export const CHARTJS_VERSION = ${JSON.stringify(version)};

/** The text of chart.js/dist/chart.umd.min.js. */
export const CHARTJS_SOURCE: string = ${JSON.stringify(source)};
`;
const target = new URL("../src/report/_chartjs.ts", import.meta.url);
await Deno.writeTextFile(target, out);
