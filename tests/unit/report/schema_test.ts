import assert from "node:assert/strict";
import { Ajv2020 } from "ajv/dist/2020.js";
import formats from "ajv-formats";
import { REPORT_SCHEMA } from "../../../src/report/schema.ts";
import { c06Report, clusterReport } from "./_fixture.ts";

function validator() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  formats.default(ajv);
  return ajv.compile(REPORT_SCHEMA as unknown as Record<string, unknown>);
}

Deno.test("schemas/report.schema.json equals the embedded schema", async () => {
  const url = new URL("../../../schemas/report.schema.json", import.meta.url);
  const onDisk = JSON.parse(await Deno.readTextFile(url));
  assert.deepEqual(onDisk, REPORT_SCHEMA, "run scripts/gen_schema.ts");
});

Deno.test("realistic reports are valid", () => {
  const validate = validator();
  for (const r of [c06Report(), clusterReport()]) {
    const json = JSON.parse(JSON.stringify(r));
    assert.ok(validate(json), JSON.stringify(validate.errors, null, 2));
  }
});

Deno.test("invalid reports are rejected with the path at fault", () => {
  const validate = validator();
  // deno-lint-ignore no-explicit-any -- the report as untyped JSON, to spoil
  type Json = Record<string, any>;
  const cases: [string, (r: Json) => void][] = [
    ["/status", (r) => (r.status = "done")],
    ["", (r) => delete r.runId],
    ["/phases/0/totals/count", (r) => (r.phases[0].totals.count = -1)],
    ["/phases/0/byOp", (r) => (r.phases[0].byOp.copy = r.phases[0].totals)],
    ["/startedAt", (r) => (r.startedAt = "yesterday")],
    [
      "/phases/0/totals/latencyMs",
      (r) => delete r.phases[0].totals.latencyMs.n,
    ],
    ["", (r) => (r.extra = 1)],
  ];
  for (const [path, spoil] of cases) {
    const r = JSON.parse(JSON.stringify(c06Report()));
    spoil(r);
    assert.equal(validate(r), false, `accepted after spoiling ${path}`);
    const paths = validate.errors!.map((e) => e.instancePath);
    assert.ok(paths.includes(path), `${path} not in ${paths}`);
  }
});
