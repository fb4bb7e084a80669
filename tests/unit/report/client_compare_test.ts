import assert from "node:assert/strict";
import {
  clientCpu,
  COMPARE_CSV_HEADER,
  compareClients,
  compareCsv,
  renderComparison,
} from "../../../src/report/client_compare.ts";
import type { Report } from "../../../src/report/types.ts";
import { c06Report } from "./_fixture.ts";

/** The C06 report as if `client` had run it. */
function reportOf(client: string, timing: string): Report {
  const r = c06Report();
  r.runId = `run-${client}`;
  r.clients = { [client]: { version: `${client} 1`, settings: { timing } } };
  return r;
}

const cpu = { selfSeconds: 1.5, childrenSeconds: 4.25 };

Deno.test("one row per client and phase, with the right figures", () => {
  const c = compareClients("q.yaml", "write", [
    { client: "sdk", exitCode: 0, report: reportOf("sdk", "request"), cpu },
    { client: "s5cmd", exitCode: 0, report: reportOf("s5cmd", "process"), cpu },
  ]);
  assert.equal(c.rows.length, 2);
  const [sdk, s5] = c.rows;
  // C06: 16 x 8 MiB in 2 s is 64 MiB/s and 8 ops/s, latency 500 ms
  assert.deepEqual(
    [sdk.phase, sdk.ops, sdk.mibPerSec, sdk.opsPerSec, sdk.p50Ms, sdk.p99Ms],
    ["write", 16, 64, 8, 500, 500],
  );
  assert.equal(sdk.clientCpuSeconds, 1.5);
  assert.equal(s5.clientCpuSeconds, 4.25);
  assert.equal(s5.timing, "process");
  assert.deepEqual(c.runs.map((r) => r.version), ["sdk 1", "s5cmd 1"]);
});

Deno.test("the sdk's CPU is s3flood's own, a subprocess client's its children's", () => {
  assert.equal(clientCpu("sdk", cpu), 1.5);
  assert.equal(clientCpu("rclone", cpu), 4.25);
  assert.equal(
    clientCpu("rclone", { selfSeconds: 1, childrenSeconds: null }),
    null,
  );
  assert.equal(clientCpu("sdk"), null);
});

Deno.test("compare.csv has units in its header and empty cells for n/a", () => {
  const c = compareClients("q.yaml", "write", [
    { client: "sdk", exitCode: 0, report: reportOf("sdk", "request") },
  ]);
  const lines = compareCsv(c).trimEnd().split("\n");
  assert.equal(lines[0], COMPARE_CSV_HEADER);
  assert.equal(lines[1], "sdk,write,16,0,8,64,500,500,,,request,run-sdk");
});

Deno.test("the printed table has a row per client and names failed runs", () => {
  const c = compareClients("q.yaml", "write", [
    { client: "sdk", exitCode: 0, report: reportOf("sdk", "request"), cpu },
    { client: "rclone", exitCode: 3, error: "bucket 'b' not found" },
  ]);
  const text = renderComparison(c);
  assert.match(text, /^phase write\nclient +ops\/s +MiB\/s +p50 ms +p99 ms/);
  assert.match(
    text,
    /\nsdk +8\.00 +64\.00 +500 +500 +0\/16 +1\.50 +1\.50 +request\n/,
  );
  assert.match(text, /\nrclone: failed: bucket 'b' not found\n$/);
});
