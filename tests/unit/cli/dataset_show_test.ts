/**
 * `dataset create` and `dataset show` through the CLI, in-process: each
 * distribution gives the same manifest twice, and the summary shows the
 * distribution that was asked for.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli } from "../../support/cli.ts";
import { ExitCode } from "../../../src/core/exit_codes.ts";

const CONFIG = `endpoint: http://127.0.0.1:1
bucket: bench
dataset:
  root: ./data
  seed: 4
  groups:
    u: { count: 5, min_size: 1KiB, max_size: 8KiB }
    p: { count: 5, distribution: pareto, min_size: 1KiB, max_size: 1MiB }
    l: { count: 5, distribution: lognormal, mu: 9, sigma: 1, min_size: 1,
         max_size: 64KiB }
    z: { count: 5, zipf_s: 1.3, sizes: [1KiB, 2KiB, 4KiB] }
    b: { count: 5, buckets: "1KiB:3,10KiB:1" }
    f: { count: 2, size: 0 }
`;

async function inDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "s3flood-cli-ds-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function manifestWithoutDate(root: string): Promise<string> {
  const m = JSON.parse(await Deno.readTextFile(join(root, "manifest.json")));
  delete m.createdAt;
  return JSON.stringify(m);
}

Deno.test("dataset create gives the same manifest twice", async () => {
  await inDir(async (dir) => {
    const sums: string[] = [];
    for (const name of ["a", "b"]) {
      const file = join(dir, `${name}.yaml`);
      await Deno.writeTextFile(file, CONFIG.replace("./data", `./${name}`));
      const res = await runCli(["dataset", "create", file], { cwd: dir });
      assert.equal(res.code, ExitCode.OK, res.stderr);
      assert.match(res.stdout, /created dataset at .*: 27 objects/);
      sums.push(await manifestWithoutDate(join(dir, name)));
    }
    assert.equal(sums[0], sums[1]);
  });
});

Deno.test("dataset show prints the distributions and a histogram", async () => {
  await inDir(async (dir) => {
    const file = join(dir, "c.yaml");
    await Deno.writeTextFile(file, CONFIG);
    const fromConfig = await runCli(["dataset", "show", file], { cwd: dir });
    assert.equal(fromConfig.code, ExitCode.OK, fromConfig.stderr);
    const out = fromConfig.stdout;
    assert.match(out, /objects {3}27, /);
    assert.match(out, /p {10,}5 {2}pareto alpha 1\.16 over 1 KiB \.\. 1 MiB/);
    assert.match(out, /lognormal mu 9 sigma 1/);
    assert.match(out, /zipf s 1\.3 over 1 KiB, 2 KiB, 4 KiB/);
    assert.match(out, /buckets 1 KiB:3,10 KiB:1/);
    assert.match(out, /fixed 0 B/);
    assert.match(out, /\[ +0 B, +1 B\) #+ +2 /);
    await Deno.stat(join(dir, "data")).then(
      () => assert.fail("show must not create the dataset"),
      () => {},
    );

    await runCli(["dataset", "create", file], { cwd: dir });
    const fromDir = await runCli(["dataset", "show", join(dir, "data")]);
    assert.equal(fromDir.code, ExitCode.OK, fromDir.stderr);
    const strip = (s: string) => s.split("\n").slice(1).join("\n");
    assert.equal(strip(fromDir.stdout), strip(out));
  });
});

Deno.test("dataset show --json carries the summary and bins", async () => {
  await inDir(async (dir) => {
    const file = join(dir, "c.yaml");
    await Deno.writeTextFile(file, CONFIG);
    const res = await runCli(["dataset", "show", file, "--json"], {
      cwd: dir,
    });
    assert.equal(res.code, ExitCode.OK, res.stderr);
    const json = JSON.parse(res.stdout);
    assert.equal(json.summary.count, 27);
    assert.equal(json.groups[1].distribution, "pareto");
    assert.equal(
      json.histogram.reduce(
        (n: number, b: { count: number }) => n + b.count,
        0,
      ),
      27,
    );
    assert.equal(json.entries, undefined);
  });
});

Deno.test("dataset show of a missing path fails clearly", async () => {
  const res = await runCli(["dataset", "show", "/nonexistent/s3flood"]);
  assert.equal(res.code, ExitCode.USAGE);
  assert.match(res.stderr, /cannot read config file/);
});
