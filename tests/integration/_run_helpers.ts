/**
 * Shared pieces of the run tests: a temp workspace with a config, and the
 * environment that gives the CLI a server's credentials.
 *
 * @module
 */
import { join } from "node:path";
import type { S3Target } from "../support/mod.ts";
import { type CliOptions, type CliResult, runCli } from "../support/cli.ts";

/** A temp dir holding a config, a dataset root and a results dir. */
export interface Workspace {
  dir: string;
  config: string;
  results: string;
  run(args?: string[], opts?: CliOptions): Promise<CliResult>;
  /** The one run directory under results (fails when not exactly one). */
  runDirs(): Promise<string[]>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Credentials of `target` as the environment the CLI sees. */
export function credsEnv(target: S3Target): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: target.accessKey,
    AWS_SECRET_ACCESS_KEY: target.secretKey,
    AWS_REGION: target.region,
  };
}

/** Writes `yaml` to a fresh temp dir and returns helpers around it. */
export async function workspace(
  yaml: string,
  target: S3Target,
): Promise<Workspace> {
  const dir = await Deno.makeTempDir({ prefix: "s3flood-run-" });
  const config = join(dir, "bench.yaml");
  await Deno.writeTextFile(config, yaml);
  const results = join(dir, "results");
  return {
    dir,
    config,
    results,
    run: (args = [], opts = {}) =>
      runCli(["run", config, "--out", results, ...args], {
        cwd: dir,
        ...opts,
        env: { ...credsEnv(target), ...(opts.env ?? {}) },
      }),
    runDirs: async () => {
      const out: string[] = [];
      try {
        for await (const e of Deno.readDir(results)) {
          out.push(join(results, e.name));
        }
      } catch (err) {
        if (!(err instanceof Deno.errors.NotFound)) throw err;
      }
      return out.sort();
    },
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

/** A small config for `endpoint` and `bucket`. */
export function smallConfig(
  endpoint: string,
  bucket: string,
  extra = "",
): string {
  return `endpoint: ${endpoint}
bucket: ${bucket}
create_bucket: true
prefix: it/run
dataset:
  root: ./data
  seed: 7
  groups:
    small: { count: 12, min_size: 0, max_size: 32KiB }
    medium: { count: 3, min_size: 1MiB, max_size: 2MiB }
    large: { count: 1, min_size: 6MiB, max_size: 7MiB }
concurrency: 4
multipart: { threshold: 5MiB, part_size: 5MiB }
${extra}`;
}
