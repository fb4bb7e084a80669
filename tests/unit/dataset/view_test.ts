import assert from "node:assert/strict";
import { describeDataset } from "../../../src/dataset/describe.ts";
import { planEntries } from "../../../src/dataset/plan.ts";
import { DatasetView } from "../../../src/dataset/view.ts";
import { refForWrite } from "../../../src/engine/plan.ts";
import { liveBytes, smallSpec } from "./_helpers.ts";

Deno.test("the view gives the planned entries, empty groups skipped", () => {
  const spec = smallSpec("root");
  const view = DatasetView.fromSpec(spec);
  const plan = planEntries(spec);
  assert.equal(view.count, plan.length);
  for (let i = 0; i < view.count; i++) assert.deepEqual(view.entry(i), plan[i]);
  assert.equal(view.sizeOf("medium", 2), plan[7].size);
  assert.equal(view.sizeOf("medium", 3), undefined);
  assert.equal(view.sizeOf("nope", 0), undefined);
  assert.throws(() => view.entry(view.count), RangeError);
});

Deno.test("a 1 M object manifest is made in seconds, without strings", () => {
  const spec = {
    root: "unused",
    seed: 1,
    source: "synthetic" as const,
    groups: [{
      name: "all",
      count: 1_000_000,
      minSize: 4096,
      maxSize: 2 ** 30,
      distribution: "pareto" as const,
      params: { alpha: 1.16 },
    }],
  };
  const before = liveBytes();
  const t0 = performance.now();
  const view = DatasetView.fromSpec(spec);
  const m = describeDataset(spec, { view });
  const ms = performance.now() - t0;
  const held = liveBytes() - before;
  assert.equal(m.count, 1_000_000);
  assert.equal(m.entries.length, 0);
  assert.ok(ms < 5_000, `took ${ms} ms`);
  // 8 bytes a size; strings for each entry would be ~100 MB.
  assert.ok(held < 20 * 2 ** 20, `holds ${held} bytes`);
  assert.equal(view.entry(999_999).path, "all/all-999999.bin");
});

Deno.test("Windows-style roots never leak into keys or paths", () => {
  const groups = smallSpec("x").groups;
  for (const root of ["C:\\data\\bench", "D:/s3flood/data", "\\\\srv\\d"]) {
    const view = DatasetView.fromSpec({ seed: 7, groups });
    const m = describeDataset({ root, seed: 7, groups });
    assert.ok(!JSON.stringify(m).includes(root.slice(0, 2)));
    for (let w = 0; w < view.count * 2; w++) {
      const { key } = refForWrite(view, "pfx/run-1/", w);
      assert.match(key, /^pfx\/run-1\/(p1\/)?[a-z]+\/[a-z]+-\d{5}\.bin$/);
    }
    for (const e of planEntries({ root, seed: 7, groups })) {
      assert.ok(!e.path.includes("\\") && !/^[A-Za-z]:/.test(e.path));
    }
  }
});
