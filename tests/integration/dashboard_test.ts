/**
 * The dashboard in a real run against MinIO, in-process: a terminal on
 * stderr and a fake keyboard. `--json` keeps stdout pure, `e` writes a
 * snapshot, `q` drains like Ctrl-C, and the terminal is given back.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { sharedMinio, uniqueBucket } from "../support/mod.ts";
import { ExitCode } from "../../src/core/exit_codes.ts";
import { smallConfig, workspace } from "./_run_helpers.ts";
import { readReport } from "./_report.ts";

const ALT_ON = "\x1b[?1049h";
const ALT_OFF = "\x1b[?1049l";
const CURSOR_ON = "\x1b[?25h";

function after(ms: number, fn: () => void) {
  setTimeout(fn, ms);
}

Deno.test("dashboard: --json, e and q in a real run", async () => {
  const minio = await sharedMinio();
  await using ws = await workspace(
    smallConfig(minio.endpoint, uniqueBucket(), "duration: 30s\n"),
    minio,
  );
  const r = await ws.run(["--json", "--profile", "read"], {
    terminal: true,
    keys: (press) => {
      after(2500, () => press("e"));
      after(3500, () => press("q"));
    },
  });
  assert.equal(r.code, ExitCode.INTERRUPTED, r.stderr.slice(-2000));
  const report = JSON.parse(r.stdout);
  assert.equal(report.status, "interrupted", "stdout holds only the JSON");
  assert.ok(r.stderr.includes(ALT_ON), "the dashboard was drawn");
  assert.match(r.stderr, /last 60 s/);
  const restored = r.stderr.lastIndexOf(ALT_OFF);
  assert.ok(restored > r.stderr.lastIndexOf(ALT_ON), "alternate screen left");
  assert.ok(r.stderr.lastIndexOf(CURSOR_ON) > r.stderr.lastIndexOf(ALT_ON));
  assert.deepEqual(r.rawModes, [true, false], "raw mode on, then off");
  const [dir] = await ws.runDirs();
  const snap = /snapshot: (\S+)/.exec(r.stderr.slice(restored))?.[1];
  assert.equal(snap, join(dir, "snapshot-1.json"), "said where, after");
  const body = JSON.parse(await Deno.readTextFile(snap!));
  assert.ok(body.phases.length >= 1);
  assert.equal((await readReport(dir)).status, "interrupted");
});

Deno.test("dashboard: --no-dashboard keeps the progress line", async () => {
  const minio = await sharedMinio();
  await using ws = await workspace(
    smallConfig(minio.endpoint, uniqueBucket()),
    minio,
  );
  const r = await ws.run(["--no-dashboard", "--profile", "write"], {
    terminal: true,
    keys: () => {},
  });
  assert.equal(r.code, ExitCode.OK, r.stderr);
  assert.ok(!r.stderr.includes(ALT_ON));
  assert.match(r.stderr, /\[write\] .* ops \d+/);
  assert.deepEqual(r.rawModes, []);
});

Deno.test("dashboard: absent without a terminal", async () => {
  const minio = await sharedMinio();
  await using ws = await workspace(
    smallConfig(minio.endpoint, uniqueBucket()),
    minio,
  );
  const r = await ws.run(["--profile", "write"], { keys: () => {} });
  assert.equal(r.code, ExitCode.OK, r.stderr);
  assert.ok(!r.stderr.includes("\x1b["), "no escape codes at all");
  assert.deepEqual(r.rawModes, []);
});
