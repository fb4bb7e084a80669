/**
 * "Did you mean" for unknown config keys: edit distance against the keys the
 * schema allows at that place.
 *
 * @module
 */
import type { z } from "zod";

/** Levenshtein distance between two short strings. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(
        row[j] + 1,
        row[j - 1] + 1,
        prev + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      prev = cur;
    }
  }
  return row[b.length];
}

/** The closest candidate within a distance that fits the word, if any. */
export function suggest(word: string, candidates: string[]): string | undefined {
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return bestD <= limit ? best : undefined;
}

type AnyDef = {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  valueType?: z.ZodType;
  options?: z.ZodType[];
};

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let i = 0; i < 10; i++) {
    const def = s._zod.def as unknown as AnyDef;
    if (def.innerType) s = def.innerType;
    else if (def.type === "pipe" && def.in) s = def.in;
    else break;
  }
  return s;
}

/** The object keys a schema allows at a path (records pass through). */
export function knownKeysAt(schema: z.ZodType, path: string[]): string[] {
  let s = unwrap(schema);
  for (const seg of path) {
    const def = s._zod.def as unknown as AnyDef;
    if (def.type === "object" && def.shape?.[seg]) s = unwrap(def.shape[seg]);
    else if (def.type === "record" && def.valueType) s = unwrap(def.valueType);
    else return [];
  }
  const def = s._zod.def as unknown as AnyDef;
  return def.type === "object" && def.shape ? Object.keys(def.shape) : [];
}
