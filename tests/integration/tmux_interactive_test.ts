/**
 * Interactive mode in a real terminal, keystrokes only: `s3flood` alone in
 * a tmux pane, from the menu to a finished run with the dashboard (and a
 * snapshot taken with `e`) and a saved config, then quit.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "yaml";
import { sharedMinio, uniqueBucket } from "../support/mod.ts";
import { hasTmux, s3floodArgv, TmuxPane } from "../support/tmux.ts";
import { credsEnv, smallConfig, workspace } from "./_run_helpers.ts";
import { readReport } from "./_report.ts";

Deno.test({
  name: "tmux: interactive mode from the menu to a run and a saved config",
  ignore: !hasTmux(),
  fn: async () => {
    const minio = await sharedMinio();
    await using ws = await workspace(
      smallConfig(minio.endpoint, uniqueBucket(), "profile: read\n"),
      minio,
    );
    await using pane = await TmuxPane.start(s3floodArgv([]), {
      cwd: ws.dir,
      env: credsEnv(minio),
    });
    const step = async (wait: RegExp, ...keys: string[]) => {
      await pane.waitFor(wait);
      for (const k of keys) await pane.keys(k);
    };
    await step(/What next\?/, "Enter");
    await step(/Which config\?[\s\S]*bench\.yaml/, "Enter");
    await step(/Profile[\s\S]*● read/, "Enter");
    await step(/Client[\s\S]*● sdk/, "Enter");
    await step(/Concurrency \(workers\)[\s\S]*4/, "BSpace", "6", "Enter");
    await step(/Stop after[\s\S]*● one pass/, "Up", "Up", "Enter");
    await step(/Duration[\s\S]*30s/, "BSpace", "BSpace", "BSpace");
    await pane.type("3s");
    await pane.keys("Enter");
    await step(/Endpoint URL[\s\S]*http:\/\/127/, "Enter");
    const cmd = await pane.waitFor(/s3flood run bench\.yaml --profile read/);
    assert.ok(cmd);
    await step(/Save these settings as a config file\?/, "Enter");
    await step(/Save as[\s\S]*bench-read\.yaml/, "Enter");
    await step(/Start the run now\?/, "Enter");
    await pane.waitFor(/last 60 s/, 30_000);
    await pane.keys("e");
    const [, snap] = await pane.waitFor(/snapshot written to (\S+\.json)/);
    await pane.waitFor(/run finished with exit code 0/, 60_000);
    await step(/What next\?/, "Up", "Enter");
    await pane.waitFor(/^EXIT=0$/m);
    assert.match(await pane.capture(), /^TTY=same$/m);

    const saved = parse(
      await Deno.readTextFile(join(ws.dir, "bench-read.yaml")),
    );
    assert.equal(saved.profile, "read");
    assert.equal(saved.concurrency, 6);
    assert.equal(saved.duration, "3s");
    assert.equal(saved.client, "sdk");
    const runs = await ws.runDirs();
    assert.equal(runs.length, 1, "one run in ./results");
    const report = await readReport(runs[0]);
    assert.equal(report.status, "completed");
    assert.ok((await Deno.stat(snap)).isFile, "the snapshot stays");
  },
});
