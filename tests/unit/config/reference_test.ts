/**
 * docs/config-reference.md is generated from the zod schema: a field
 * added, removed or changed in the schema fails here until the generator
 * is run again, and every field needs a description.
 */
import assert from "node:assert/strict";
import {
  configFields,
  formattedConfigReference,
} from "../../../scripts/gen_config_docs.ts";
import { FIELD_DOCS } from "../../../scripts/_config_docs.ts";

const REGENERATE =
  "run: deno run --allow-read --allow-write --allow-run scripts/gen_config_docs.ts";

Deno.test("every schema field has a description, and only those", () => {
  const paths = configFields().map((f) => f.path);
  const missing = paths.filter((p) => FIELD_DOCS[p] === undefined);
  const stale = Object.keys(FIELD_DOCS).filter((p) => !paths.includes(p));
  assert.deepEqual(missing, [], "add to scripts/_config_docs.ts");
  assert.deepEqual(stale, [], "remove from scripts/_config_docs.ts");
});

Deno.test("docs/config-reference.md is what the schema generates", async () => {
  const stored = await Deno.readTextFile(
    new URL("../../../docs/config-reference.md", import.meta.url),
  );
  assert.equal(stored, await formattedConfigReference(), REGENERATE);
});

Deno.test("the reference reads types, defaults and bounds off the schema", () => {
  const byPath = new Map(configFields().map((f) => [f.path, f]));
  assert.deepEqual(byPath.get("concurrency"), {
    path: "concurrency",
    type: "integer",
    default: "`8`",
    required: false,
    rules: "≥ 1, ≤ 10000",
  });
  assert.equal(byPath.get("bucket")!.required, true);
  assert.equal(byPath.get("multipart.part_size")!.type, "size");
  assert.equal(byPath.get("multipart.part_size")!.default, "`16MiB`");
  assert.equal(byPath.get("timeouts.first_byte")!.type, "duration");
  assert.equal(byPath.get("timeouts.first_byte")!.default, "`1m`");
  assert.equal(byPath.get("model")!.type, "`closed` | `open`");
  assert.equal(byPath.get("dataset.groups.<name>.count")!.required, true);
  assert.equal(byPath.get("profiles.<name>.read")!.type, "number");
});
