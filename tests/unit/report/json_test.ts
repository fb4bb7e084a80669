import assert from "node:assert/strict";
import { join } from "node:path";
import { writeReportJson } from "../../../src/report/json.ts";
import { c06Report } from "./_fixture.ts";

Deno.test("writeReportJson writes atomically, no temp file left", async () => {
  const dir = join(await Deno.makeTempDir(), "run", "nested");
  try {
    const report = c06Report();
    const path = await writeReportJson(dir, report);
    assert.equal(path, join(dir, "report.json"));
    assert.deepEqual(JSON.parse(await Deno.readTextFile(path)), report);
    report.status = "interrupted";
    await writeReportJson(dir, report);
    const back = JSON.parse(await Deno.readTextFile(path));
    assert.equal(back.status, "interrupted");
    const names = [...Deno.readDirSync(dir)].map((e) => e.name);
    assert.deepEqual(names, ["report.json"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeReportJson names the path when it cannot write", async () => {
  const file = await Deno.makeTempFile();
  try {
    await assert.rejects(
      () => writeReportJson(join(file, "sub"), c06Report()),
      (e: Error) => e.message.includes(file),
    );
  } finally {
    await Deno.remove(file);
  }
});
