/**
 * Interactive mode with a scripted prompter (no terminal), and its refusal
 * without a terminal.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "yaml";
import {
  CaptureSink,
  type ProcessIO,
  systemClock,
} from "../../../src/core/io.ts";
import { ExitCode } from "../../../src/core/exit_codes.ts";
import { interactive } from "../../../src/cli/interactive.ts";
import type { Prompter } from "../../../src/cli/_prompter.ts";
import { runCli } from "../../support/cli.ts";

/** A prompter answering from a script, recording what it showed. */
function scripted(answers: unknown[]) {
  const shown: string[] = [];
  const next = (what: string) => {
    shown.push(what);
    return Promise.resolve(answers.shift() as never);
  };
  const p: Prompter = {
    intro: (t) => shown.push(`intro ${t}`),
    select: (m, choices) => {
      shown.push(`choices ${choices.map((c) => c.value).join(",")}`);
      return next(`select ${m}`);
    },
    text: (m, init, validate) => {
      const v = answers[0];
      if (typeof v === "string" && validate) {
        shown.push(`valid ${validate(v) ?? "yes"}`);
      }
      return next(`text ${m} [${init}]`);
    },
    confirm: (m) => next(`confirm ${m}`),
    note: (t, title) => shown.push(`note ${title}: ${t}`),
    info: (t) => shown.push(`info ${t}`),
    outro: (t) => shown.push(`outro ${t}`),
  };
  return { p, shown };
}

function io(cwd: string): ProcessIO {
  return {
    stdout: new CaptureSink(),
    stderr: new CaptureSink(),
    env: { NO_COLOR: "1" },
    clock: systemClock,
    onSignal: () => () => {},
    cwd,
    argv: [],
    exit: () => undefined as never,
  };
}

const CONFIG = `endpoint: http://127.0.0.1:1
bucket: bench-bucket
dataset:
  root: ./data
  groups: { small: { count: 2, min_size: 1KiB, max_size: 2KiB } }
profile: write
concurrency: 4
`;

Deno.test("interactive: settings picked, validated, shown as a command and saved", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(join(dir, "bench.yaml"), CONFIG);
  const { p, shown } = scripted([
    "run",
    "bench.yaml",
    "read",
    "sdk",
    "12",
    "duration",
    "45s",
    "http://127.0.0.1:9000",
    true,
    "saved.yaml",
    false,
    "quit",
  ]);
  const code = await interactive(io(dir), p, { noColor: true });
  assert.equal(code, ExitCode.OK);
  const note = shown.find((s) => s.startsWith("note The same run"));
  assert.equal(
    note,
    "note The same run without prompts: s3flood run bench.yaml --profile read " +
      "--client sdk --concurrency 12 --duration 45s --endpoint http://127.0.0.1:9000",
  );
  assert.ok(
    shown.includes("text Concurrency (workers) [4]"),
    "defaults from the config",
  );
  const saved = parse(await Deno.readTextFile(join(dir, "saved.yaml")));
  assert.equal(saved.profile, "read");
  assert.equal(saved.concurrency, 12);
  assert.equal(saved.duration, "45s");
  assert.ok(
    shown.includes(
      "note Saved saved.yaml; repeat with: s3flood run saved.yaml",
    ),
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("interactive: an invalid choice is reported and can be edited", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(join(dir, "bench.yaml"), CONFIG);
  const run = io(dir);
  const { p } = scripted([
    "run",
    "bench.yaml",
    "write",
    "sdk",
    "4",
    "config",
    "not a url",
    false,
    "quit",
  ]);
  await interactive(run, p, { noColor: true });
  assert.match(
    (run.stderr as CaptureSink).text(),
    /--endpoint: endpoint: 'not a url' is not a URL/,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("interactive: the configs offered are here and in examples/configs", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(join(dir, "examples", "configs"), { recursive: true });
  await Deno.writeTextFile(join(dir, "a.yaml"), CONFIG);
  await Deno.writeTextFile(join(dir, "examples", "configs", "q.yml"), CONFIG);
  const { p, shown } = scripted(["run", undefined, "quit"]);
  await interactive(io(dir), p, { noColor: true });
  assert.ok(shown.includes("choices a.yaml,examples/configs/q.yml,\0other"));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("interactive: without a terminal, exit 2 naming the flags", async () => {
  for (const argv of [["interactive"], ["--interactive"]]) {
    const r = await runCli(argv);
    assert.equal(r.code, ExitCode.USAGE);
    assert.match(r.stderr, /interactive mode needs a terminal/);
    assert.match(r.stderr, /--profile P.*--concurrency N.*--duration D/);
  }
  const bare = await runCli([]);
  assert.equal(bare.code, ExitCode.OK, "no arguments, no terminal: the help");
  assert.match(bare.stdout, /Usage: s3flood/);
});
