import assert from "node:assert/strict";
import { planParts } from "../../../src/runners/_multipart.ts";

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const TiB = 1024 ** 4;
const off = { threshold: Infinity, partSize: 5 * MiB };
const on = { threshold: 5 * MiB, partSize: 5 * MiB };

Deno.test("C14: a 5 GiB object may be one PUT", () => {
  assert.deepEqual(planParts(5 * GiB, off), { kind: "single" });
});

Deno.test("C14: 5 GiB + 1 byte with multipart off is refused", () => {
  const r = planParts(5 * GiB + 1, off);
  assert.equal(typeof r, "string");
  assert.match(r as string, /5 GiB single-PUT limit/);
});

Deno.test("C14: 50,000 MiB with 5 MiB parts is exactly 10,000 parts", () => {
  assert.deepEqual(planParts(50_000 * MiB, on), {
    kind: "multipart",
    partSize: 5 * MiB,
    parts: 10_000,
    raised: false,
  });
});

Deno.test("C14: 50,000 MiB + 1 needs parts of at least 5,242,881 B", () => {
  const r = planParts(50_000 * MiB + 1, on);
  assert.ok(typeof r === "object" && r.kind === "multipart");
  assert.equal(r.partSize, 5_242_881);
  assert.ok(r.parts <= 10_000);
  assert.equal(r.raised, true);
});

Deno.test("C14: 60 GiB needs parts of at least 6,442,451 B", () => {
  const r = planParts(60 * GiB, on);
  assert.ok(typeof r === "object" && r.kind === "multipart");
  assert.equal(r.partSize, 6_442_451);
  assert.ok(r.parts <= 10_000);
});

Deno.test("C14: 5 TiB needs parts of at least 549,755,814 B, within 5 GiB", () => {
  const r = planParts(5 * TiB, on);
  assert.ok(typeof r === "object" && r.kind === "multipart");
  assert.equal(r.partSize, 549_755_814);
  assert.ok(r.partSize <= 5 * GiB);
});

Deno.test("C14: over 5 TiB is an error", () => {
  assert.match(
    planParts(5 * TiB + 1, on) as string,
    /over S3's largest object/,
  );
});

Deno.test("C14: a part limit of 10 turns 60 MiB into 10 parts of >= 6 MiB", () => {
  const r = planParts(60 * MiB, { ...on, maxParts: 10 });
  assert.ok(typeof r === "object" && r.kind === "multipart");
  assert.equal(r.parts, 10);
  assert.ok(r.partSize >= 6 * MiB);
});

Deno.test("C13: zero bytes is always a single PUT, even with threshold 0", () => {
  assert.deepEqual(planParts(0, { threshold: 0, partSize: 5 * MiB }), {
    kind: "single",
  });
});
