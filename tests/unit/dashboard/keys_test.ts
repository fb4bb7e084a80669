/** The dashboard's keys: each one's effect on the view and the run. */
import assert from "node:assert/strict";
import { Dashboard } from "../../../src/dashboard/mod.ts";
import { config, feed } from "./_fixture.ts";

const press = (d: Dashboard, k: string) => d.key(new TextEncoder().encode(k));

Deno.test("keys: p pauses and resumes the view", () => {
  const d = new Dashboard(config());
  press(d, "p");
  assert.equal(d.view.paused, true);
  press(d, "p");
  assert.equal(d.view.paused, false);
});

Deno.test("keys: s cycles the sort, f the filter over the ops seen", () => {
  const d = new Dashboard(config());
  feed(d);
  const sorts = ["s", "s", "s"].map((k) => (press(d, k), d.view.sort));
  assert.deepEqual(sorts, ["speed", "size", "recent"]);
  const filters = ["f", "f", "f"].map((k) => (press(d, k), d.view.filter));
  assert.deepEqual(filters, ["put", "get", "all"]);
});

Deno.test("keys: e writes a snapshot and says where", async () => {
  let taken = 0;
  const d = new Dashboard(config({
    onSnapshot: () => Promise.resolve(`/runs/x/snapshot-${++taken}.json`),
  }));
  const changed = new Promise<void>((resolve) => (d.onChange = resolve));
  press(d, "e");
  await changed;
  assert.equal(taken, 1);
  assert.equal(
    d.messages.at(-1),
    "snapshot written to /runs/x/snapshot-1.json",
  );
});

Deno.test("keys: a failed snapshot is a notice, not a crash", async () => {
  const d = new Dashboard(config({
    onSnapshot: () => Promise.reject(new Error("disk full")),
  }));
  const changed = new Promise<void>((resolve) => (d.onChange = resolve));
  press(d, "e");
  await changed;
  assert.equal(d.messages.at(-1), "snapshot failed: disk full");
});

Deno.test("keys: q stops the run; ? shows help; arrows are ignored", () => {
  let quits = 0;
  const d = new Dashboard(config({ onQuit: () => quits++ }));
  press(d, "q");
  press(d, "\x1b[A");
  press(d, "?");
  assert.equal(quits, 1);
  assert.equal(d.view.help, true);
});
