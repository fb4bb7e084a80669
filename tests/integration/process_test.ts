/**
 * The real process: `deno run src/main.ts` as a child, with real signals,
 * real stdout/stderr and real exit codes.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { sharedMinio, startProxy, uniqueBucket } from "../support/mod.ts";
import { credsEnv, smallConfig } from "./_run_helpers.ts";
import { ExitCode } from "../../src/core/exit_codes.ts";

const MAIN = new URL("../../src/main.ts", import.meta.url).pathname;
const PERMS = [
  "--allow-read",
  "--allow-write",
  "--allow-net",
  "--allow-env",
  "--allow-run",
  "--allow-sys",
];

function s3flood(
  args: string[],
  env: Record<string, string> = {},
  cwd?: string,
) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", ...PERMS, MAIN, ...args],
    env: { NO_COLOR: "1", ...env },
    cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  });
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);

Deno.test("--version names the version, commit and Deno", async () => {
  const out = await s3flood(["--version"]).output();
  assert.equal(out.code, 0);
  assert.match(
    text(out.stdout),
    /^s3flood \d+\.\d+\.\d+ \(commit [0-9a-f]{7,}|unknown/,
  );
  assert.match(text(out.stdout), /deno \d+\.\d+\.\d+/);
});

Deno.test("help of run lists flags, env vars and examples", async () => {
  const out = await s3flood(["run", "--help"]).output();
  assert.equal(out.code, 0);
  const help = text(out.stdout);
  for (
    const part of ["--duration", "S3FLOOD_CONCURRENCY", "Examples:", "Ctrl-C"]
  ) {
    assert.ok(help.includes(part), part);
  }
});

Deno.test("an unknown flag is a usage error (exit 2)", async () => {
  const out = await s3flood(["run", "x.yaml", "--concurency", "3"]).output();
  assert.equal(out.code, ExitCode.USAGE);
  assert.match(text(out.stderr), /unknown option '--concurency'/);
  assert.match(text(out.stderr), /Did you mean --concurrency\?/);
});

Deno.test("a missing config file is exit 2 with a hint", async () => {
  const out = await s3flood(["config", "validate", "nope.yaml"]).output();
  assert.equal(out.code, ExitCode.USAGE);
  assert.match(
    text(out.stderr),
    /cannot read config file 'nope\.yaml': no such file/,
  );
  assert.match(text(out.stderr), /what to do: .*s3flood init nope\.yaml/);
});

Deno.test("a real SIGINT drains and leaves a valid interrupted report", async () => {
  const minio = await sharedMinio();
  await using proxy = await startProxy(
    minio.endpoint,
    (req) => req.op === "PutObject" ? { kind: "delay", ms: 300 } : undefined,
  );
  const dir = await Deno.makeTempDir({ prefix: "s3flood-proc-" });
  try {
    const cfg = join(dir, "bench.yaml");
    await Deno.writeTextFile(cfg, smallConfig(proxy.endpoint, uniqueBucket()));
    const child = s3flood(
      ["run", cfg, "--duration", "60s", "--out", "res"],
      credsEnv(minio),
      dir,
    )
      .spawn();
    await waitFor(() => exists(join(dir, "res")), 20_000);
    await new Promise((r) => setTimeout(r, 1500));
    child.kill("SIGINT");
    const out = await child.output();
    assert.equal(out.code, ExitCode.INTERRUPTED, text(out.stderr));
    const [run] = [...Deno.readDirSync(join(dir, "res"))];
    const report = JSON.parse(
      await Deno.readTextFile(join(dir, "res", run.name, "report.json")),
    );
    assert.equal(report.status, "interrupted");
    assert.ok(report.totals.count > 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(ok: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}
