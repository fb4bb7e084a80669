/**
 * Writes `schemas/report.schema.json` from the constant in
 * `src/report/schema.ts`. Run after changing the report's shape:
 * `deno run --allow-write scripts/gen_schema.ts`.
 *
 * @module
 */
import { reportSchemaText } from "../src/report/schema.ts";

const target = new URL("../schemas/report.schema.json", import.meta.url);
await Deno.mkdir(new URL(".", target), { recursive: true });
await Deno.writeTextFile(target, reportSchemaText());
