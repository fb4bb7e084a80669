// deno-lint-ignore-file no-console -- a script whose output is its result
/**
 * Measures the dataset generator: the time to describe a 1 M object
 * dataset per distribution (sizes drawn, summary sorted), and the speed of
 * generating and of verifying content on one core.
 * Run: `deno run scripts/bench_dataset.ts`.
 *
 * @module
 */
import type { GroupSpec } from "../src/config/settings.ts";
import { contentStream } from "../src/dataset/content.ts";
import { describeDataset } from "../src/dataset/describe.ts";
import { ContentVerifier } from "../src/dataset/verify.ts";

const MiB = 2 ** 20;
const COUNT = 1_000_000;

const BASE = { name: "all", count: COUNT, minSize: 4096, maxSize: 2 ** 30 };

const GROUPS: GroupSpec[] = ([
  {},
  { distribution: "pareto", params: { alpha: 1.16 } },
  { distribution: "lognormal", params: { mu: 12, sigma: 1.5 } },
  { distribution: "zipf", params: { s: 1.1, step: 4096 } },
  {
    distribution: "buckets",
    params: {
      buckets: [{ size: 4096, weight: 70 }, { size: MiB, weight: 30 }],
    },
  },
] as Partial<GroupSpec>[]).map((g) => ({ ...BASE, ...g }));

function describeMs(g: GroupSpec): number {
  const t = performance.now();
  describeDataset({ root: "-", seed: 1, source: "synthetic", groups: [g] });
  return performance.now() - t;
}

async function generateMiBs(size: number, compressibility: number) {
  const t = performance.now();
  for await (const _ of contentStream(1, "g", 0, size, compressibility));
  return size / MiB / ((performance.now() - t) / 1000);
}

async function verifyMiBs(size: number): Promise<number> {
  const chunks = await Array.fromAsync(contentStream(1, "g", 0, size));
  const v = new ContentVerifier({ seed: 1, group: "g", index: 0 }, size);
  const t = performance.now();
  for (const c of chunks) if (v.update(c)) throw new Error("mismatch");
  return size / MiB / ((performance.now() - t) / 1000);
}

for (const g of GROUPS) {
  const name = (g.distribution ?? "uniform").padEnd(10);
  console.log(
    `${name} 1 M objects described in ${describeMs(g).toFixed(0)} ms`,
  );
}
for (const c of [0, 0.5]) {
  const speed = await generateMiBs(512 * MiB, c);
  console.log(`generate (compressibility ${c}): ${speed.toFixed(0)} MiB/s`);
}
console.log(`verify: ${(await verifyMiBs(256 * MiB)).toFixed(0)} MiB/s`);
