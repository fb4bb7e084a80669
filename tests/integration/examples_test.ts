/**
 * Every example config that targets a local MinIO runs as written against
 * the test MinIO, shortened by flags only: --endpoint (the cluster's two
 * endpoints are the server and a proxy in front of it), a fresh --bucket,
 * --duration or --ops, --out and --cleanup. The rest are listed with the
 * reason they stay out; a new example has to be placed in one list.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, stringify } from "yaml";
import { sharedMinio, startProxy, uniqueBucket } from "../support/mod.ts";
import { runCli } from "../support/cli.ts";
import { credsEnv } from "./_run_helpers.ts";
import { ExitCode } from "../../src/core/exit_codes.ts";
import type { Report } from "../../src/report/types.ts";

const DIR = fileURLToPath(new URL("../../examples/configs/", import.meta.url));

/** How each example is shortened for CI, and what its report must show. */
interface Case {
  args: string[];
  phases: string[];
  client?: string;
  /** Subprocess clients are found by a POSIX PATH search (not Windows). */
  posixOnly?: boolean;
}

const RUN: Record<string, Case> = {
  "quickstart.yaml": { args: [], phases: ["prepare", "read"] },
  "write-heavy.yaml": {
    args: ["--duration", "2s"],
    phases: ["prepare", "write-heavy"],
  },
  "read-heavy.yaml": {
    args: ["--duration", "2s"],
    phases: ["prepare", "read-heavy"],
  },
  "mixed-70-30.yaml": {
    args: ["--duration", "2s"],
    phases: ["prepare", "mixed-70-30"],
  },
  "bursty.yaml": { args: ["--duration", "6s"], phases: ["prepare", "mixed"] },
  "open-rate.yaml": {
    args: ["--duration", "2s"],
    phases: ["prepare", "read-heavy"],
  },
  "ramp.yaml": { args: ["--duration", "3s"], phases: ["write"] },
  "throttled.yaml": { args: ["--duration", "2s"], phases: ["write"] },
  "cluster.yaml": { args: ["--duration", "2s"], phases: ["prepare", "mixed"] },
  "pareto.yaml": { args: ["--duration", "2s"], phases: ["prepare", "read"] },
  "client-awscli.yaml": {
    args: ["--ops", "4"],
    phases: ["prepare", "mixed"],
    client: "awscli",
    posixOnly: true,
  },
  "client-s5cmd.yaml": {
    args: ["--ops", "4"],
    phases: ["prepare", "mixed"],
    client: "s5cmd",
    posixOnly: true,
  },
  "client-rclone.yaml": {
    args: ["--ops", "4"],
    phases: ["prepare", "mixed"],
    client: "rclone",
    posixOnly: true,
  },
};

const NOT_RUN: Record<string, string> = {
  "synthetic-terabyte.yaml": "1,000,000 objects, about 1 TB: validated only",
};

/** What the client search needs: PATH and the tools dir. */
function toolsEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of ["PATH", "HOME", "S3FLOOD_TOOLS"]) {
    const v = Deno.env.get(k);
    if (v !== undefined) env[k] = v;
  }
  return env;
}

async function exampleNames(): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(DIR)) {
    if (e.name.endsWith(".yaml")) names.push(e.name);
  }
  return names.sort();
}

Deno.test("every example is either run here or listed with a reason", async () => {
  const listed = [...Object.keys(RUN), ...Object.keys(NOT_RUN)].sort();
  assert.deepEqual(await exampleNames(), listed);
});

/** The cluster's endpoints, pointed at the test server and a proxy. */
async function clusterConfig(dir: string, endpoints: string[]) {
  const doc = parse(await Deno.readTextFile(join(DIR, "cluster.yaml")));
  assert.equal(doc.endpoints.length, 2);
  doc.endpoints = endpoints;
  const path = join(dir, "cluster.yaml");
  await Deno.writeTextFile(path, stringify(doc));
  return path;
}

for (const [name, c] of Object.entries(RUN)) {
  const ignore = c.posixOnly === true && Deno.build.os === "windows";
  Deno.test(
    { name: `example ${name} runs against MinIO`, ignore },
    async () => {
      const minio = await sharedMinio();
      const dir = await Deno.makeTempDir({ prefix: "s3flood-example-" });
      await using proxy = await startProxy(minio.endpoint);
      try {
        let config = join(DIR, name);
        const args = [...c.args, "--bucket", uniqueBucket("s3flood-ex")];
        if (name === "cluster.yaml") {
          config = await clusterConfig(dir, [minio.endpoint, proxy.endpoint]);
        } else {
          args.push("--endpoint", minio.endpoint);
        }
        const results = join(dir, "results");
        const res = await runCli(
          ["run", config, "--out", results, "--cleanup", ...args],
          { cwd: dir, env: { ...toolsEnv(), ...credsEnv(minio) } },
        );
        assert.equal(res.code, ExitCode.OK, `${res.stdout}\n${res.stderr}`);
        const [run] = [...Deno.readDirSync(results)].map((e) => e.name);
        const report: Report = JSON.parse(
          await Deno.readTextFile(join(results, run, "report.json")),
        );
        assert.equal(report.status, "completed");
        assert.deepEqual(report.phases.map((p) => p.name), c.phases);
        for (const p of report.phases) assert.ok(p.totals.count > 0, p.name);
        if (c.client) assert.equal(report.settings.client, c.client);
        if (name === "cluster.yaml") {
          assert.equal((report.settings.endpoints as string[]).length, 2);
        }
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  );
}
