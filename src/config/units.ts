/**
 * Strict parsing of sizes and durations written by people: `4KiB`, `1.5MB`,
 * `500ms`, `1m30s`. Binary units (KiB = 2^10) and decimal units (KB = 10^3)
 * are both accepted and never confused.
 *
 * @module
 */

const SIZE_UNITS: Record<string, number> = {
  "": 1,
  B: 1,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
};

/** The size units accepted, for messages. */
export const SIZE_UNIT_NAMES = "B, KiB, MiB, GiB, TiB, KB, MB, GB, TB";

/**
 * Parses a size to a whole number of bytes, or returns an error message.
 *
 * @example
 * ```ts
 * import { parseSize } from "./units.ts";
 * console.assert(parseSize("4KiB") === 4096);
 * console.assert(parseSize("1.5MB") === 1_500_000);
 * ```
 */
export function parseSize(input: string | number): number | string {
  if (typeof input === "number") {
    if (!Number.isSafeInteger(input) || input < 0) {
      return `expected a whole number of bytes >= 0, found ${input}`;
    }
    return input;
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*$/.exec(input);
  if (!m) return `expected a size such as 4KiB or 10MB, found '${input}'`;
  const unit = SIZE_UNITS[m[2]];
  if (unit === undefined) {
    return `unknown size unit '${
      m[2]
    }' in '${input}' (allowed: ${SIZE_UNIT_NAMES})`;
  }
  const bytes = Number(m[1]) * unit;
  if (!Number.isSafeInteger(Math.round(bytes))) {
    return `size '${input}' is too large`;
  }
  if (Math.abs(bytes - Math.round(bytes)) > 1e-6) {
    return `size '${input}' is not a whole number of bytes`;
  }
  return Math.round(bytes);
}

const DURATION_UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * Parses a duration to milliseconds (`500ms`, `30s`, `1m30s`, `2h`), or
 * returns an error message. A bare number is refused: its unit is unclear.
 */
export function parseDuration(input: string | number): number | string {
  if (typeof input === "number") {
    return `duration needs a unit (ms, s, m, h): write '${input}s' for seconds`;
  }
  const text = input.trim();
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;
  let total = 0;
  let pos = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) {
      return `expected a duration such as 500ms, 30s, 1m30s or 2h, found '${input}'`;
    }
    total += Number(m[1]) * DURATION_UNITS[m[2]];
    pos = re.lastIndex;
  }
  if (text.length === 0) return "expected a duration, found an empty string";
  return total;
}

/** Formats bytes with a binary unit: `1.50 MiB`. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(2)} ${units[i]}`;
}

/** Formats milliseconds as a short duration: `1m30s`, `2.50s`, `120ms`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)}s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return s === 0 ? `${m}m` : `${m}m${s}s`;
}
