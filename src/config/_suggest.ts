/**
 * "Did you mean" for unknown config keys: edit distance against the keys the
 * schema allows at that place.
 *
 * @module
 */
import type { z } from "zod";

/**
 * Edit distance between two short strings where insertions, deletions,
 * substitutions and swaps of neighbours each cost 1 (optimal string
 * alignment), so `wirte` is one edit from `write`.
 */
export function editDistance(a: string, b: string): number {
  const d = Array.from(
    { length: a.length + 1 },
    (_, i) =>
      Array.from(
        { length: b.length + 1 },
        (_, j) => (i === 0 ? j : j === 0 ? i : 0),
      ),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(
        d[i - 1][j] + 1,
        d[i][j - 1] + 1,
        d[i - 1][j - 1] + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/** The closest candidate within a distance that fits the word, if any. */
export function suggest(
  word: string,
  candidates: string[],
): string | undefined {
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
