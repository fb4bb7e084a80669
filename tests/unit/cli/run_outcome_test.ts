import assert from "node:assert/strict";
import { runOutcome } from "../../../src/cli/_run_outcome.ts";
import { loadSettings } from "../../../src/config/load.ts";
import { ExitCode } from "../../../src/core/exit_codes.ts";
import type { RunTotals } from "../../../src/report/mod.ts";

const settings = loadSettings({
  path: "t.yaml",
  text: `endpoint: http://h:1
bucket: bench
dataset: { groups: { g: { count: 1, min_size: 1, max_size: 1 } } }
max_error_rate: 0.1
`,
  env: {},
  cwd: "/",
}).settings;

function totals(count: number, errors: number): RunTotals {
  return {
    phases: 1,
    count,
    ok: count - errors,
    errors,
    throttled: 0,
    retries: 0,
    bytes: 0,
    failedBytes: 0,
    wallSeconds: 1,
  };
}

const base = {
  settings,
  notes: [],
  written: 3,
  runPrefix: "s3flood/r/",
};
const result = {
  interrupted: false,
  stoppedByErrors: false,
  phasesRun: ["write"],
  dropped: {},
  abortedUploads: 0,
};

Deno.test("a clean run completes with exit 0 and says where its data is", () => {
  const o = runOutcome({ ...base, totals: totals(10, 1), result });
  assert.equal(o.status, "completed");
  assert.equal(o.code, ExitCode.OK);
  assert.deepEqual(o.notes, [
    "objects of this run: s3://bench/s3flood/r/ (3 written, listed in keys.jsonl)",
  ]);
});

Deno.test("an error rate over max_error_rate is exit 5 with the figures", () => {
  const o = runOutcome({ ...base, totals: totals(10, 2), result });
  assert.equal(o.code, ExitCode.ERROR_RATE);
  assert.ok(
    o.notes.includes("error rate 20.00% exceeds max_error_rate 10.00%"),
  );
});

Deno.test("an interrupt beats the error rate; a failure beats both", () => {
  const interrupted = { ...result, interrupted: true };
  const i = runOutcome({ ...base, totals: totals(10, 5), result: interrupted });
  assert.equal(i.status, "interrupted");
  assert.equal(i.code, ExitCode.INTERRUPTED);
  const f = runOutcome({
    ...base,
    totals: totals(0, 0),
    result: interrupted,
    failure: new Error("disk full"),
  });
  assert.equal(f.status, "failed");
  assert.equal(f.code, ExitCode.FAILURE);
  assert.ok(f.notes.includes("run failed: disk full"));
});

Deno.test("drops, an early stop and aborted uploads are all noted", () => {
  const o = runOutcome({
    ...base,
    totals: totals(30, 1),
    result: {
      ...result,
      stoppedByErrors: true,
      dropped: { read: 7, write: 0 },
      abortedUploads: 2,
    },
  });
  assert.equal(o.code, ExitCode.ERROR_RATE);
  assert.ok(o.notes.some((n) => n.startsWith("read: 7 arrivals dropped")));
  assert.ok(!o.notes.some((n) => n.startsWith("write:")));
  assert.ok(o.notes.includes("aborted 2 open multipart uploads"));
  assert.ok(o.notes.some((n) => n.startsWith("stopped early: the last 20")));
  assert.ok(!o.notes.some((n) => n.startsWith("error rate")), "3.33% is fine");
});
