/** Dashboard frames on a fake clock, without colour, against snapshots. */
import assert from "node:assert/strict";
import { Dashboard } from "../../../src/dashboard/mod.ts";
import { cells } from "../../../src/dashboard/_text.ts";
import { assertFrame, config, feed } from "./_fixture.ts";

function fixture(): { d: Dashboard; now: number } {
  const d = new Dashboard(config());
  return { d, now: feed(d) };
}

function fits(lines: string[], width: number, height: number) {
  assert.ok(lines.length <= height, `${lines.length} lines > ${height}`);
  for (const l of lines) assert.ok(cells(l) <= width, `too wide: ${l}`);
}

Deno.test("frame: every panel on a 120 x 40 terminal", async () => {
  const { d, now } = fixture();
  d.notice("run 20261203-101500-ab12: prepare -> mixed, reports in r/x\n");
  const lines = d.frame(now, 120, 40);
  fits(lines, 120, 40);
  await assertFrame("full_120x40", lines);
});

Deno.test("frame: an 80 x 24 terminal keeps the header, ops and keys", async () => {
  const { d, now } = fixture();
  const lines = d.frame(now, 79, 24);
  fits(lines, 79, 24);
  await assertFrame("small_79x24", lines);
});

Deno.test("frame: a tiny terminal still fits", () => {
  const { d, now } = fixture();
  fits(d.frame(now, 30, 6), 30, 6);
});

Deno.test("frame: paused, sorted by size, filtered to get", async () => {
  const { d, now } = fixture();
  d.key(new TextEncoder().encode("pssf"));
  const lines = d.frame(now, 120, 40);
  assert.match(lines[1], /^PAUSED view/);
  assert.match(lines.join("\n"), /sort: size {2}filter: put/);
  await assertFrame("paused_sorted_120x40", lines);
});

Deno.test("frame: help, draining, and before any phase", async () => {
  const d = new Dashboard(config());
  assert.match(d.frame(0, 100, 20)[1], /^starting/);
  const now = feed(d);
  d.drain();
  d.key(new TextEncoder().encode("?"));
  const lines = d.frame(now, 100, 20);
  assert.match(lines[1], /^draining/);
  await assertFrame("help_100x20", lines);
});

Deno.test("frame: warm-up is named in the header", () => {
  const d = new Dashboard(config());
  d.phase({ name: "read", label: "read-warmup", durationMs: 10_000 }, 0);
  assert.match(d.frame(1000, 100, 20)[1], /^warm-up +phase read-warmup/);
});
