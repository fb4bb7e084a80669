/**
 * Part sizing within S3's multipart limits: at most 10,000 parts, each from
 * 5 MiB to 5 GiB, objects up to 5 TiB.
 *
 * @module
 */
import { S3_LIMITS } from "../config/resolve.ts";

/** How an object of a given size is uploaded. */
export type PartPlan =
  | { kind: "single" }
  | { kind: "multipart"; partSize: number; parts: number; raised: boolean };

/**
 * Chooses single PUT or multipart for `size`, raising the part size when
 * the asked one would need more than `maxParts` parts. Returns an error
 * string when the object cannot be uploaded at all.
 */
export function planParts(
  size: number,
  opts: { threshold: number; partSize: number; maxParts?: number },
): PartPlan | string {
  const maxParts = opts.maxParts ?? S3_LIMITS.maxParts;
  if (size > S3_LIMITS.maxObjectSize) {
    return `${size} B is over S3's largest object size of 5 TiB`;
  }
  if (size === 0 || size < opts.threshold) {
    if (size > S3_LIMITS.maxSinglePut) {
      return `${size} B is over the 5 GiB single-PUT limit; enable multipart by lowering multipart.threshold`;
    }
    return { kind: "single" };
  }
  const needed = Math.ceil(size / maxParts);
  const partSize = Math.max(opts.partSize, needed, S3_LIMITS.minPartSize);
  if (partSize > S3_LIMITS.maxPartSize) {
    return `${size} B needs parts over 5 GiB with at most ${maxParts} parts`;
  }
  return {
    kind: "multipart",
    partSize,
    parts: Math.ceil(size / partSize),
    raised: partSize !== opts.partSize,
  };
}
