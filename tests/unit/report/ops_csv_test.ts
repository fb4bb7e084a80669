import assert from "node:assert/strict";
import { parse } from "csv-parse/sync";
import { join } from "node:path";
import type { OpRecord } from "../../../src/core/record.ts";
import { OPS_CSV_COLUMNS, OpsCsvWriter } from "../../../src/report/ops_csv.ts";

const KEYS = [
  "plain/key.bin",
  "with,comma",
  'with "quotes"',
  "line\nbreak and\r\nCRLF",
  "  spaces  ",
  "ünïcödé/日本語/🚀",
  '",\n"',
  "",
];

function attempt(key: string, i: number): OpRecord {
  return {
    phase: "read",
    op: "get",
    key,
    size: 10,
    bytes: i % 2 === 0 ? 10 : 3,
    group: "small",
    endpoint: "http://a:9000",
    client: "sdk",
    due: 1.5,
    start: 2.25,
    firstByte: i % 2 === 0 ? 3 : undefined,
    end: 10.0005,
    ok: i % 2 === 0,
    errorClass: i % 2 === 0 ? undefined : "body_truncated",
    errorCode: i % 2 === 0 ? undefined : "Short, body",
    httpStatus: 200,
    message: i % 2 === 0 ? undefined : 'got 3 of 10 "bytes"\nstopped',
    attempt: 1 + (i % 2),
    final: i % 2 === 0,
  };
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("ops.csv round-trips awkward keys through a real parser", () =>
  withDir(async (dir) => {
    const path = join(dir, "ops.csv");
    const w = await OpsCsvWriter.open(path);
    KEYS.forEach((k, i) => w.write(attempt(k, i)));
    await w.close();
    const rows: string[][] = parse(await Deno.readTextFile(path));
    assert.deepEqual(rows[0], OPS_CSV_COLUMNS);
    assert.deepEqual(rows.slice(1).map((r) => r[2]), KEYS);
    const [ok, failed] = rows.slice(1).map((r) =>
      Object.fromEntries(r.map((v, i) => [OPS_CSV_COLUMNS[i], v]))
    );
    assert.equal(ok.latency_ms, "8.501");
    assert.equal(ok.first_byte_ms, "3.000");
    assert.equal(ok.ok, "true");
    assert.equal(failed.first_byte_ms, "");
    assert.equal(failed.error_code, "Short, body");
    assert.equal(failed.message, 'got 3 of 10 "bytes"\nstopped');
    assert.equal(failed.final, "false");
    assert.equal(failed.attempt, "2");
  }));

Deno.test("ops.csv streams: large logs flush while writing", () =>
  withDir(async (dir) => {
    const path = join(dir, "ops.csv");
    const w = await OpsCsvWriter.open(path);
    for (let i = 0; i < 20_000; i++) w.write(attempt(`k/${i}`, i));
    const midway = (await Deno.stat(path)).size;
    assert.ok(midway > 1_000_000, `only ${midway} bytes on disk before close`);
    await w.close();
    await w.close();
    assert.equal(w.rows, 20_000);
    const rows: string[][] = parse(await Deno.readTextFile(path));
    assert.equal(rows.length, 20_001);
    assert.equal(rows[20_000][2], "k/19999");
    assert.throws(() => w.write(attempt("late", 0)), /closed/);
  }));
