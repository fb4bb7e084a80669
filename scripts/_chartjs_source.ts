/**
 * Where the Chart.js build comes from: the chart.js package that deno.json
 * maps, read from Deno's npm cache. Shared by the generator and its test.
 *
 * @module
 */

/** The package's version and the text of its minified UMD build. */
export async function chartJsPackageSource(): Promise<
  { version: string; source: string }
> {
  const main = new URL(import.meta.resolve("chart.js"));
  const pkg = JSON.parse(
    await Deno.readTextFile(new URL("../package.json", main)),
  );
  const source = await Deno.readTextFile(new URL("chart.umd.min.js", main));
  return { version: pkg.version, source };
}
