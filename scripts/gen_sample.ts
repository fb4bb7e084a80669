/**
 * Embeds config.sample.yaml into src/config/sample.ts so `s3flood init`
 * works from a compiled binary. Run after editing the sample:
 *   deno run --allow-read --allow-write scripts/gen_sample.ts
 * A test fails when the two drift apart.
 *
 * @module
 */
const root = new URL("../", import.meta.url);
const text = await Deno.readTextFile(new URL("config.sample.yaml", root));
const out = `/**
 * The commented sample config, embedded from config.sample.yaml by
 * scripts/gen_sample.ts. Do not edit by hand.
 *
 * @module
 */

/** The text of config.sample.yaml. */
export const SAMPLE_CONFIG: string = ${JSON.stringify(text)};
`;
const target = new URL("src/config/sample.ts", root);
await Deno.writeTextFile(target, out);
await new Deno.Command(Deno.execPath(), {
  args: ["fmt", "--quiet", target.pathname],
}).output();
