/** Interactive choices as a command line and as a saved config. */
import assert from "node:assert/strict";
import { parse } from "yaml";
import {
  choiceFlags,
  commandLine,
  configWithChoices,
  type RunChoices,
  shellQuote,
} from "../../../src/cli/_run_choices.ts";

const CHOICES: RunChoices = {
  config: "examples/configs/quickstart.yaml",
  profile: "read",
  client: "sdk",
  concurrency: 16,
  stop: { kind: "duration", value: "30s" },
  endpoint: "http://127.0.0.1:9000",
};

Deno.test("choices: the equivalent command line names every choice", () => {
  assert.equal(
    commandLine(CHOICES),
    "s3flood run examples/configs/quickstart.yaml --profile read " +
      "--client sdk --concurrency 16 --duration 30s " +
      "--endpoint http://127.0.0.1:9000",
  );
  const ops = { ...CHOICES, stop: { kind: "ops", value: 500 } } as const;
  assert.match(commandLine({ ...ops, endpoint: "" }), /--ops 500$/);
  assert.deepEqual(choiceFlags({ ...CHOICES, stop: { kind: "config" } }), {
    profile: "read",
    client: "sdk",
    concurrency: 16,
    endpoint: "http://127.0.0.1:9000",
  });
});

Deno.test("choices: arguments a shell would split are quoted", () => {
  assert.equal(shellQuote("my bench.yaml"), "'my bench.yaml'");
  assert.equal(shellQuote("it's"), `'it'\\''s'`);
  assert.equal(shellQuote("a/b-c_d.yaml"), "a/b-c_d.yaml");
});

Deno.test("choices: the saved config keeps comments and sets the choices", () => {
  const text = "# my bench\n\nendpoints: [http://a, http://b]\n" +
    "ops: 100 # one hundred\nprofile: write\nconcurrency: 4\n";
  const saved = configWithChoices(text, CHOICES, "bench-read.yaml");
  assert.match(saved, /^# Saved by s3flood interactive/);
  assert.match(saved, /s3flood run bench-read\.yaml/);
  assert.match(saved, /# my bench/);
  const cfg = parse(saved);
  assert.equal(cfg.profile, "read");
  assert.equal(cfg.concurrency, 16);
  assert.equal(cfg.duration, "30s");
  assert.equal(cfg.endpoint, "http://127.0.0.1:9000");
  assert.equal(cfg.ops, undefined, "duration clears ops");
  assert.equal(cfg.endpoints, undefined, "endpoint clears endpoints");
});
