import type { OpRecord } from "../../../src/core/record.ts";

/** A successful final attempt with sensible defaults, for tests. */
export function rec(over: Partial<OpRecord> = {}): OpRecord {
  return {
    phase: "p",
    op: "get",
    key: "k",
    size: 0,
    bytes: 0,
    group: "small",
    endpoint: "http://a",
    client: "sdk",
    due: 0,
    start: 0,
    end: 1,
    ok: true,
    attempt: 1,
    final: true,
    ...over,
  };
}
