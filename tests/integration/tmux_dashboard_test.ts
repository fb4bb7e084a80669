/**
 * The dashboard in a real terminal: `s3flood run` (deno run src/main.ts)
 * in a tmux pane against MinIO. The panels are on screen; p, s, f, e and q
 * each do what they say; the terminal is as before once the run ends.
 */
import assert from "node:assert/strict";
import { sharedMinio, startProxy, uniqueBucket } from "../support/mod.ts";
import { hasTmux, s3floodArgv, TmuxPane } from "../support/tmux.ts";
import { credsEnv, smallConfig, workspace } from "./_run_helpers.ts";

Deno.test({
  name: "tmux: dashboard panels, keys p s f e q, terminal restored",
  ignore: !hasTmux(),
  fn: async () => {
    const minio = await sharedMinio();
    await using ws = await workspace(
      smallConfig(minio.endpoint, uniqueBucket(), "duration: 60s\n"),
      minio,
    );
    await using pane = await TmuxPane.start(
      s3floodArgv([
        "run",
        ws.config,
        "--out",
        ws.results,
        "--profile",
        "mixed",
      ]),
      { cwd: ws.dir, env: credsEnv(minio) },
    );
    await pane.waitFor(/^running +phase mixed \(2\/2\)/m, 30_000);
    const screen = await pane.capture();
    for (
      const panel of [
        /^s3flood run \S+ +profile mixed +client sdk +endpoint http/m,
        /^op +ops\/s +MiB\/s +last 60 s/m,
        /^(get|put) +\d/m,
        /^errors \d+ .*retries \d+ +throttled \d+/m,
        /^group +op +ops +MiB\/s +p50 +p99 +endpoint/m,
        /^recent operations +sort: recent +filter: all/m,
        /^p pause +s sort +f filter +e snapshot +q stop +\? help/m,
      ]
    ) assert.match(screen, panel);
    assert.equal(await pane.display("#{alternate_on}"), "1");

    await pane.keys("p");
    await pane.waitFor(/^PAUSED view/m);
    await pane.keys("p");
    await pane.waitFor(/^running /m);
    await pane.keys("s");
    await pane.waitFor(/sort: speed/);
    await pane.keys("f");
    await pane.waitFor(/filter: (put|get)/);
    await pane.keys("e");
    const [, snap] = await pane.waitFor(/snapshot written to (\S+\.json)/);
    assert.ok((await Deno.stat(snap)).isFile);

    await pane.keys("q");
    await pane.waitFor(/^EXIT=130$/m, 30_000);
    const after = await pane.waitFor(/^TTY=(same|changed)$/m);
    assert.equal(after[1], "same", "terminal modes as before");
    const end = await pane.capture();
    assert.match(end, /interrupted \(exit 130\)/);
    assert.match(end, new RegExp(`snapshot: ${snap}`));
    assert.equal(await pane.display("#{alternate_on}"), "0");
    assert.equal(await pane.display("#{cursor_flag}"), "1");
  },
});

Deno.test({
  name: "tmux: a second Ctrl-C exits at once and restores the terminal",
  ignore: !hasTmux(),
  fn: async () => {
    const minio = await sharedMinio();
    // Slow reads, so that the first Ctrl-C leaves operations draining.
    await using proxy = await startProxy(
      minio.endpoint,
      (req) => req.op === "GetObject" ? { kind: "delay", ms: 5000 } : undefined,
    );
    await using ws = await workspace(
      smallConfig(proxy.endpoint, uniqueBucket(), "duration: 60s\n"),
      minio,
    );
    await using pane = await TmuxPane.start(
      s3floodArgv(["run", ws.config, "--out", ws.results, "--profile", "read"]),
      { cwd: ws.dir, env: credsEnv(minio) },
    );
    await pane.waitFor(/^running +phase read/m, 30_000);
    await pane.keys("C-c");
    await pane.waitFor(/^draining/m);
    await pane.keys("C-c");
    await pane.waitFor(/^EXIT=130$/m, 15_000);
    assert.match(await pane.capture(), /^TTY=same$/m);
    assert.match(await pane.capture(), /interrupt: exiting at once/);
    assert.equal(await pane.display("#{alternate_on}"), "0");
    assert.equal(await pane.display("#{cursor_flag}"), "1");
  },
});
