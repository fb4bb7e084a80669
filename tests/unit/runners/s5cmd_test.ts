import assert from "node:assert/strict";
import { BatchMatcher, shellQuote } from "../../../src/runners/s5cmd.ts";

Deno.test("command-file arguments survive shell-style splitting", () => {
  assert.equal(shellQuote("plain"), "'plain'");
  assert.equal(shellQuote("it's #1 * ?"), `'it'\\''s #1 * ?'`);
});

Deno.test("batch output lines are matched to their uploads once each", () => {
  const m = new BatchMatcher([
    ["/d/a", "s3://b/k 1"],
    ["/d/a", "s3://b/k 1"],
    ["/d/c", "s3://b/it's"],
  ]);
  const ok = (dst: string) =>
    JSON.stringify({ operation: "cp", success: true, destination: dst });
  assert.equal(m.success(ok("s3://b/k 1")), 0);
  assert.equal(m.success(ok("s3://b/k 1")), 1);
  assert.equal(m.success(ok("s3://b/k 1")), undefined);
  const failure = JSON.stringify({
    operation: "cp",
    command: "cp --concurrency=5 --raw=true /d/c s3://b/it's",
    error: "NoSuchBucket: gone status code: 404",
  });
  assert.deepEqual(m.failure(failure), {
    index: 2,
    error: "NoSuchBucket: gone status code: 404",
  });
  assert.equal(m.success("not json"), undefined);
});
