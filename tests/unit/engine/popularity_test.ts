import assert from "node:assert/strict";
import { loadSettings } from "../../../src/config/load.ts";
import { Rng } from "../../../src/dataset/prng.ts";
import {
  listEntries,
  OpSource,
  planPhases,
  WrittenPool,
} from "../../../src/engine/plan.ts";
import { keyChooser, scatter } from "../../../src/engine/popularity.ts";
import { zipfProbabilities } from "../../../src/dataset/zipf.ts";

const popularity = (model: "uniform" | "zipf" | "hot") => ({
  model,
  zipfS: 1.1,
  hotFraction: 0.1,
  hotWeight: 0.9,
});

function counts(model: "zipf" | "hot", n: number, draws: number) {
  const chooser = keyChooser(popularity(model))!;
  const rng = Rng.fromKey(["popularity-test", model]);
  const c = new Float64Array(n);
  for (let i = 0; i < draws; i++) c[chooser.pick(n, () => rng.nextFloat())]++;
  return c;
}

Deno.test("uniform popularity needs no chooser", () => {
  assert.equal(keyChooser(undefined), undefined);
  assert.equal(keyChooser(popularity("uniform")), undefined);
});

Deno.test("scatter is a bijection on [0, n)", () => {
  for (const n of [1, 2, 10, 1000, 1_000_003, 2_000_006]) {
    const m = Math.min(n, 5000);
    const seen = new Set<number>();
    for (let r = 0; r < m; r++) seen.add(scatter(r, n));
    assert.equal(seen.size, m, `n ${n}`);
    assert.ok([...seen].every((i) => i >= 0 && i < n));
  }
});

Deno.test("hot: 90% of reads go to the hottest 10% of keys", () => {
  const n = 1000;
  const draws = 200_000;
  const c = Array.from(counts("hot", n, draws)).sort((a, b) => b - a);
  const top = c.slice(0, n / 10).reduce((a, b) => a + b, 0) / draws;
  assert.ok(Math.abs(top - 0.9) < 0.01, `hot share ${top}`);
});

Deno.test("zipf: key shares follow 1/k^s, spread over the pool", () => {
  const n = 500;
  const draws = 200_000;
  const c = counts("zipf", n, draws);
  const p = zipfProbabilities(n, 1.1);
  for (const r of [0, 1, 9, 99]) {
    const got = c[scatter(r, n)] / draws;
    assert.ok(Math.abs(got - p[r]) < 5 * Math.sqrt(p[r] / draws), `rank ${r}`);
  }
  assert.notEqual(scatter(1, n), 1, "rank 2 is not simply key 1");
});

Deno.test("a skewed read phase reads at random even without ops", () => {
  const s = loadSettings({
    path: "t.yaml",
    text: `endpoint: http://h:1
bucket: bench
dataset: { groups: { g: { count: 50, size: 1 } } }
profile: read
read_popularity: { model: hot, hot_fraction: 0.02, hot_weight: 1 }
`,
    env: {},
    cwd: "/",
  }).settings;
  const [prepare, read] = planPhases(s, 50);
  assert.equal(prepare.sequentialReads, true);
  assert.equal(read.sequentialReads, false);
  const entries = listEntries(
    Array.from({ length: 50 }, (_, i) => ({
      path: `g/g-${String(i).padStart(5, "0")}.bin`,
      size: 1,
      group: "g",
      index: i,
    })),
  );
  const pool = new WrittenPool(entries, "r/");
  for (let i = 0; i < 50; i++) pool.add(i);
  const src = new OpSource({
    phase: read,
    entries,
    runPrefix: "r/",
    pool,
    writeCounter: { next: 50 },
    seed: 1,
    popularity: s.readPopularity,
  });
  const keys = new Set<string>();
  for (let op = src.next(); op; op = src.next()) keys.add(op.ref.key);
  assert.equal(src.issued, 50);
  assert.equal(keys.size, 1, "all reads on the one hot key");
});
