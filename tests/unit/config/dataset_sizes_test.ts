import assert from "node:assert/strict";
import { parseBuckets } from "../../../src/config/dataset_sizes.ts";
import { loadSettings } from "../../../src/config/load.ts";
import { ConfigError } from "../../../src/core/errors.ts";

const HEAD = "endpoint: http://127.0.0.1:9000\nbucket: bench\n";

function load(yaml: string) {
  return loadSettings({ path: "b.yaml", text: HEAD + yaml, env: {}, cwd: "/w" })
    .settings;
}

function problems(yaml: string): string[] {
  try {
    load(yaml);
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return e.issues.map((i) => `${i.path}: ${i.message}`);
  }
  assert.fail("expected a ConfigError");
}

Deno.test("each distribution resolves with its bounds and params", () => {
  const s = load(`dataset:
  groups:
    u: { count: 1, min_size: 1KiB, max_size: 2KiB }
    f: { count: 1, distribution: fixed, size: 1MB }
    p: { count: 1, distribution: pareto, min_size: 4KiB, max_size: 1GiB }
    l: { count: 1, distribution: lognormal, mu: 10, sigma: 1.5,
         min_size: 1, max_size: 1MiB }
    zl: { count: 1, zipf_s: 1.2, sizes: [4KiB, 1MiB] }
    zr: { count: 1, distribution: zipf, min_size: 0, max_size: 64KiB }
    b: { count: 1, buckets: "4KiB:70, 1MiB:25,64MiB:5" }
`);
  const by = Object.fromEntries(s.dataset.groups.map((g) => [g.name, g]));
  assert.deepEqual(by.u, { name: "u", count: 1, minSize: 1024, maxSize: 2048 });
  assert.deepEqual(
    [by.f.distribution, by.f.minSize, by.f.maxSize],
    ["fixed", 1e6, 1e6],
  );
  assert.deepEqual(by.p.params, { alpha: 1.16 });
  assert.deepEqual(by.l.params, { mu: 10, sigma: 1.5 });
  assert.deepEqual(
    [by.zl.distribution, by.zl.params, by.zl.maxSize],
    ["zipf", { s: 1.2, values: [4096, 1048576] }, 1048576],
  );
  assert.deepEqual(by.zr.params, { s: 1, step: 4096 });
  assert.deepEqual(by.b.params?.buckets?.map((x) => x.weight), [70, 25, 5]);
  assert.equal(by.b.maxSize, 64 * 2 ** 20);
});

Deno.test("groups inherit the dataset's size fields and may override", () => {
  const s = load(`dataset:
  distribution: pareto
  pareto_alpha: 1.5
  min_size: 1KiB
  max_size: 1MiB
  groups:
    a: { count: 10 }
    b: { count: 5, max_size: 4MiB }
    c: { count: 2, distribution: fixed, size: 0 }
    d: { count: 1, size: 1KiB }
    e: { count: 1, distribution: uniform }
`);
  const [a, b, c, d, e] = s.dataset.groups;
  assert.deepEqual([d.distribution, d.maxSize], ["fixed", 1024]);
  assert.deepEqual([e.distribution, e.minSize, e.maxSize], [
    undefined,
    1024,
    2 ** 20,
  ]);
  assert.deepEqual(a.params, { alpha: 1.5 });
  assert.equal(b.maxSize, 4 * 2 ** 20);
  assert.equal(b.distribution, "pareto");
  assert.deepEqual([c.distribution, c.minSize, c.maxSize], ["fixed", 0, 0]);
});

Deno.test("dataset.count without groups makes one group 'all'", () => {
  const s = load(`dataset:
  source: synthetic
  compressibility: 0.5
  count: 1000000
  distribution: lognormal
  mu: 12
  sigma: 1
  min_size: 4KiB
  max_size: 1GiB
`);
  assert.equal(s.dataset.groups.length, 1);
  assert.equal(s.dataset.groups[0].name, "all");
  assert.equal(s.dataset.groups[0].count, 1_000_000);
  assert.equal(s.dataset.source, "synthetic");
  assert.equal(s.dataset.compressibility, 0.5);
});

Deno.test("missing, misplaced and malformed size fields are reported", () => {
  const got = problems(`dataset:
  groups:
    p: { count: 1, distribution: pareto, min_size: 0, max_size: 1MiB }
    l: { count: 1, distribution: lognormal, sigma: 1, max_size: 1MiB }
    u: { count: 1, min_size: 1KiB, max_size: 2KiB, pareto_alpha: 2 }
    b: { count: 1, buckets: "4KiB:70,1MiB" }
`);
  const text = got.join("\n");
  assert.match(text, /groups\.p\.min_size: pareto needs min_size > 0/);
  assert.match(text, /groups\.l: distribution lognormal needs mu/);
  assert.match(text, /groups\.u\.pareto_alpha: pareto_alpha does not apply/);
  assert.match(text, /groups\.b\.buckets: expected SIZE:WEIGHT/);
  const units = problems(
    "dataset: { groups: { x: { count: 1, size: 4XB } } }\n",
  );
  assert.match(units.join(), /groups\.x\.size: unknown size unit 'XB'/);
});

Deno.test("count and groups together, or neither, are refused", () => {
  assert.match(
    problems(
      "dataset:\n  count: 3\n  min_size: 1\n  max_size: 2\n" +
        "  groups: { a: { count: 1 } }\n",
    ).join(),
    /either dataset\.count/,
  );
  assert.match(problems("dataset: { seed: 1 }\n").join(), /no objects/);
});

Deno.test("read_popularity takes a model name or its parameters", () => {
  const base = "dataset: { groups: { a: { count: 1, size: 1 } } }\n";
  assert.equal(load(base).readPopularity?.model, "uniform");
  assert.equal(load(base + "read_popularity: zipf\n").readPopularity?.zipfS, 1);
  const hot = load(
    base + "read_popularity: { model: hot, hot_fraction: 0.01 }\n",
  ).readPopularity;
  assert.deepEqual(hot, {
    model: "hot",
    zipfS: 1,
    hotFraction: 0.01,
    hotWeight: 0.9,
  });
  assert.ok(
    problems(base + "read_popularity: { model: hot, hot_fraction: 1 }\n")
      .some((p) => p.startsWith("read_popularity")),
  );
  assert.equal(load(base + "verify: true\n").verify, true);
});

Deno.test("bucket lists parse strictly", () => {
  assert.deepEqual(parseBuckets("1KB:1.5"), [{ size: 1000, weight: 1.5 }]);
  assert.match(String(parseBuckets("4KiB:0")), /weight must be/);
  assert.match(String(parseBuckets("4QB:3")), /unknown size unit/);
  assert.match(String(parseBuckets("4KiB:70,,1MiB:3")), /SIZE:WEIGHT/);
});
