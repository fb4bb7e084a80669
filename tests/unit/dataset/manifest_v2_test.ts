/**
 * Manifests of every distribution: the same spec gives the same manifest
 * (hash compared, and pinned so another OS or runtime must agree), and a
 * synthetic dataset is recorded without writing a single object.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import type { GroupSpec } from "../../../src/config/settings.ts";
import { DatasetError } from "../../../src/core/errors.ts";
import {
  type DatasetSpec,
  describeDataset,
  ensureDataset,
  type Manifest,
  readManifest,
} from "../../../src/dataset/mod.ts";
import { withTempDir } from "./_helpers.ts";

const KiB = 1024;

const GROUPS: GroupSpec[] = [
  { name: "uni", count: 20, minSize: 0, maxSize: 8 * KiB },
  {
    name: "par",
    count: 20,
    minSize: KiB,
    maxSize: 64 * KiB,
    distribution: "pareto",
    params: { alpha: 1.16 },
  },
  {
    name: "logn",
    count: 20,
    minSize: 1,
    maxSize: 64 * KiB,
    distribution: "lognormal",
    params: { mu: 8, sigma: 1 },
  },
  {
    name: "zipf",
    count: 20,
    minSize: KiB,
    maxSize: 32 * KiB,
    distribution: "zipf",
    params: { s: 1.1, step: KiB },
  },
  {
    name: "bkt",
    count: 20,
    minSize: KiB,
    maxSize: 16 * KiB,
    distribution: "buckets",
    params: {
      buckets: [{ size: KiB, weight: 70 }, { size: 16 * KiB, weight: 30 }],
    },
  },
  { name: "zero", count: 3, minSize: 0, maxSize: 0, distribution: "fixed" },
];

function hashOf(m: Manifest): string {
  const { createdAt: _, ...rest } = m;
  return createHash("sha256").update(JSON.stringify(rest)).digest("hex");
}

Deno.test("every distribution gives the same manifest twice", async () => {
  await withTempDir(async (dir) => {
    const spec = (root: string): DatasetSpec => ({
      root: join(dir, root),
      seed: 11,
      groups: GROUPS,
    });
    const a = await ensureDataset(spec("a"));
    const b = await ensureDataset(spec("b"));
    assert.equal(hashOf(a.manifest), hashOf(b.manifest));
    assert.equal(
      hashOf(await readManifest(join(dir, "a"))),
      hashOf(a.manifest),
    );
    const again = await ensureDataset(spec("a"));
    assert.equal(again.created, false);
    assert.equal(a.manifest.version, 2);
    assert.equal(a.manifest.summary?.count, 103);
    const par = a.manifest.groups.find((g) => g.name === "par");
    assert.deepEqual(par?.params, { alpha: 1.16 });
  });
});

Deno.test("a fixed seed gives a pinned manifest on every OS", () => {
  const m = describeDataset({
    root: "r",
    seed: 11,
    groups: GROUPS,
    source: "synthetic",
    compressibility: 0.25,
  });
  assert.equal(hashOf(m), PINNED_HASH);
});

Deno.test("a synthetic dataset writes only its manifest", async () => {
  await withTempDir(async (dir) => {
    const root = join(dir, "syn");
    const spec: DatasetSpec = {
      root,
      seed: 5,
      groups: GROUPS,
      source: "synthetic",
    };
    const { manifest, created } = await ensureDataset(spec);
    assert.ok(created);
    const names = await Array.fromAsync(Deno.readDir(root), (d) => d.name);
    assert.deepEqual(names, ["manifest.json"]);
    assert.equal(manifest.entries.length, 0);
    assert.equal(manifest.source, "synthetic");
    assert.equal((await ensureDataset(spec)).created, false);
    const other = GROUPS.map((g) =>
      g.name === "par" ? { ...g, params: { alpha: 1.5 } } : g
    );
    await assert.rejects(
      ensureDataset({ ...spec, groups: other }),
      (e: unknown) =>
        e instanceof DatasetError && /group 'par': params/.test(e.message),
    );
    await assert.rejects(
      ensureDataset({ ...spec, source: "files" }),
      (e: unknown) =>
        e instanceof DatasetError && /source: synthetic/.test(e.message),
    );
  });
});

/** Changes only with the sizes, the summary or the manifest's layout. */
const PINNED_HASH =
  "7f19a5019bf51f8ae33072994b625b0df34be0bb464a1baf48c227c3e824d3d1";
