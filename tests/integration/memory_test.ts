/**
 * C16: memory stays flat as a run goes on. A read run of zero-byte
 * objects at the highest rate the machine allows, sampling the live heap
 * (after a full collection) and RSS as it goes. Both must stop growing
 * after warm-up: the allocator reserves memory during the first seconds,
 * after which neither may grow more than 10%.
 */
import assert from "node:assert/strict";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { sharedMinio, uniqueBucket } from "../support/mod.ts";
import { ExitCode } from "../../src/core/exit_codes.ts";
import { workspace } from "./_run_helpers.ts";
import { phase, readReport } from "./_report.ts";

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

interface Sample {
  live: number;
  rss: number;
}

function growth(samples: Sample[], key: keyof Sample): number {
  const base = Math.max(...samples.slice(0, 3).map((s) => s[key]));
  const last = Math.max(...samples.slice(-3).map((s) => s[key]));
  return last / base - 1;
}

Deno.test("C16: memory is flat after warm-up during a long zero-byte read run", async () => {
  const minio = await sharedMinio();
  const yaml = `endpoint: ${minio.endpoint}
bucket: ${uniqueBucket()}
create_bucket: true
prefix: it/memory
dataset:
  root: ./data
  seed: 51
  groups:
    empty: { count: 2000, min_size: 0, max_size: 0 }
profile: read
concurrency: 32
duration: 30s
`;
  await using ws = await workspace(yaml, minio);
  const samples: Sample[] = [];
  const timer = setInterval(() => {
    collectGarbage();
    const m = Deno.memoryUsage();
    samples.push({ live: m.heapUsed + m.external, rss: m.rss });
  }, 2000);
  const res = await ws.run();
  clearInterval(timer);
  assert.equal(res.code, ExitCode.OK, res.stderr);
  const read = phase(await readReport((await ws.runDirs())[0]), "read");
  assert.ok(read.totals.count > 5000, `${read.totals.count} reads`);
  const settled = samples.slice(8);
  assert.ok(settled.length >= 6, `${samples.length} samples`);
  const mib = (b: number) => (b / 2 ** 20).toFixed(0);
  const live = growth(settled, "live");
  const rss = growth(settled, "rss");
  const what = `over ${read.totals.count} reads; live ${
    settled.map((s) => mib(s.live)).join(" ")
  } MiB; rss ${settled.map((s) => mib(s.rss)).join(" ")} MiB`;
  assert.ok(live < 0.1, `live heap grew ${(live * 100).toFixed(1)}% ${what}`);
  assert.ok(rss < 0.1, `RSS grew ${(rss * 100).toFixed(1)}% ${what}`);
});
