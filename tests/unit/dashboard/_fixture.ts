/**
 * A dashboard fed with a fixed, made-up run on a fake clock: a prepare
 * phase of 20 uploads, then 10 s of a mixed phase with a few failures and
 * retries, and one large upload in flight. Frames are compared as text.
 *
 * @module
 */
import { Ansis } from "ansis";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import type { OpRecord } from "../../../src/core/record.ts";
import type { Dashboard, DashboardConfig } from "../../../src/dashboard/mod.ts";

/** The header and policy of the fixture run. */
export function config(over: Partial<DashboardConfig> = {}): DashboardConfig {
  return {
    header: {
      runId: "20261203-101500-ab12",
      profile: "mixed",
      client: "sdk",
      endpoints: ["http://127.0.0.1:9000"],
      phases: ["prepare", "mixed"],
    },
    color: new Ansis(0),
    maxErrorRate: 0.05,
    runStart: 0,
    live: { window: 100, recent: 50 },
    ...over,
  };
}

function rec(i: number, over: Partial<OpRecord>): OpRecord {
  const size = [1024, 40_000, 300_000][i % 3];
  return {
    phase: "mixed",
    op: i % 2 ? "get" : "put",
    key: `bench/20261203-101500-ab12/${
      ["small", "small", "medium"][i % 3]
    }/obj-${String(i % 97).padStart(5, "0")}.bin`,
    size,
    bytes: size,
    group: ["small", "small", "medium"][i % 3],
    endpoint: "http://127.0.0.1:9000",
    client: "sdk",
    due: 0,
    start: 0,
    end: 0,
    ok: true,
    attempt: 1,
    final: true,
    ...over,
  };
}

/** Feeds the fixture run into `d`; returns the time to draw at. */
export function feed(d: Dashboard): number {
  d.phase({ name: "prepare", label: "prepare", plannedOps: 20 }, 0);
  for (let i = 0; i < 20; i++) {
    const t = 100 * i;
    d.write(
      rec(i, { phase: "prepare", op: "put", due: t, start: t, end: t + 80 }),
    );
  }
  d.phase({ name: "mixed", label: "mixed", durationMs: 60_000 }, 2000);
  for (let i = 0; i < 1000; i++) {
    const t = 2000 + 10 * i;
    const lat = 5 + (i % 10) * 2 + (i % 100 === 0 ? 200 : 0);
    d.write(rec(i, { due: t, start: t, end: t + lat }));
  }
  failures(d);
  const watch = d.live.inflight.observe({
    phase: "mixed",
    op: "put",
    key: "bench/20261203-101500-ab12/large/obj-00001.bin",
    size: 64 * 2 ** 20,
    group: "large",
    endpoint: "http://127.0.0.1:9000",
    attempt: 1,
    start: 11_000,
  });
  watch?.progress(16 * 2 ** 20);
  return 12_500;
}

function failures(d: Dashboard): void {
  const t = 11_900;
  const fail = { ok: false, bytes: 0, due: t, start: t, end: t + 30 };
  d.write(rec(1, { ...fail, final: false, errorClass: "throttled" }));
  d.write(rec(1, { ...fail, errorClass: "timeout" }));
  d.write(rec(4, { ...fail, errorClass: "server", httpStatus: 500 }));
}

const SNAPS = new URL("./__snapshots__/", import.meta.url);

/**
 * Compares `lines` with the stored snapshot `name`; with
 * S3FLOOD_UPDATE_SNAPSHOTS=1, writes it instead.
 */
export async function assertFrame(name: string, lines: string[]) {
  const path = fileURLToPath(new URL(`${name}.txt`, SNAPS));
  const text = lines.map((l) => l.trimEnd()).join("\n") + "\n";
  if (Deno.env.get("S3FLOOD_UPDATE_SNAPSHOTS") === "1") {
    await Deno.writeTextFile(path, text);
    return;
  }
  const want = await Deno.readTextFile(path).catch(() => "");
  assert.equal(
    text,
    want,
    `frame ${name} (update: S3FLOOD_UPDATE_SNAPSHOTS=1)`,
  );
}
