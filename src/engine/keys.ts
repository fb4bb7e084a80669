/**
 * Run ids and the keys a run writes. Every key of a run sits below
 * `PREFIX/RUN_ID/`, so one run's keys never share a prefix with another's
 * (`run-1/` is not a prefix of `run-10/`).
 *
 * @module
 */
import { joinKey } from "../config/resolve.ts";

/** A run id from the wall clock plus randomness: `20261203-161825-a3f9`. */
export function newRunId(wallMs: number, random = Math.random): string {
  const d = new Date(wallMs);
  const p = (n: number) => String(n).padStart(2, "0");
  const date = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${
    p(d.getUTCDate())
  }`;
  const time = `${p(d.getUTCHours())}${p(d.getUTCMinutes())}${
    p(d.getUTCSeconds())
  }`;
  const tag = Math.floor(random() * 0x10000).toString(16).padStart(4, "0");
  return `${date}-${time}-${tag}`;
}

/** The run's own key space: `PREFIX/RUN_ID/` (always ends with `/`). */
export function runPrefix(prefix: string, runId: string): string {
  return `${joinKey(prefix, runId)}/`;
}

/**
 * Key of the `pass`-th upload of a dataset path. Pass 0 keeps the dataset
 * layout; later passes go below `pN/` so every write has its own key.
 */
export function writeKey(runPfx: string, path: string, pass: number): string {
  return pass === 0 ? joinKey(runPfx, path) : joinKey(runPfx, `p${pass}`, path);
}
