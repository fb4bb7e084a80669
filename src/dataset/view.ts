/**
 * A dataset described by index: every entry's size held in one typed
 * array (8 bytes each), its path and group derived on demand from the
 * entry's number. A million entries cost 8 MB and no strings; nothing is
 * read from or written to disk.
 *
 * @module
 */
import type { GroupSpec } from "../config/settings.ts";
import { entryRelPath } from "./layout.ts";
import { fillSizes, sizeRng } from "./sizes.ts";

/** One entry of a dataset, made on demand. */
export interface DatasetEntry {
  /** Manifest-relative, '/'-separated path; never '\\' or a drive. */
  path: string;
  size: number;
  group: string;
  /** Index of the entry within its group. */
  index: number;
}

/** A group's slice of the dataset. */
interface Slice {
  name: string;
  /** Dataset index of the group's first entry. */
  start: number;
  count: number;
}

/**
 * The entries of a dataset by index, in group order and index order
 * within a group, with sizes drawn once from the seeded streams.
 *
 * @example
 * ```ts
 * import { DatasetView } from "./view.ts";
 * const view = DatasetView.fromSpec({
 *   seed: 1,
 *   groups: [{ name: "small", count: 3, minSize: 10, maxSize: 20 }],
 * });
 * console.assert(view.count === 3);
 * console.assert(view.entry(2).path === "small/small-00002.bin");
 * ```
 */
export class DatasetView {
  readonly #slices: Slice[];
  readonly #byName: Map<string, Slice>;
  readonly #sizes: Float64Array;
  #total = -1;

  private constructor(slices: Slice[], sizes: Float64Array) {
    this.#slices = slices;
    this.#byName = new Map(slices.map((s) => [s.name, s]));
    this.#sizes = sizes;
  }

  /** Draws the sizes of every group of `spec`. */
  static fromSpec(
    spec: { seed: number; groups: readonly GroupSpec[] },
  ): DatasetView {
    const count = spec.groups.reduce((n, g) => n + g.count, 0);
    const sizes = new Float64Array(count);
    const slices: Slice[] = [];
    let start = 0;
    for (const g of spec.groups) {
      const part = sizes.subarray(start, start + g.count);
      fillSizes(g, sizeRng(spec.seed, g.name), part);
      slices.push({ name: g.name, start, count: g.count });
      start += g.count;
    }
    return new DatasetView(slices, sizes);
  }

  /** Number of entries. */
  get count(): number {
    return this.#sizes.length;
  }

  /** Sum of all sizes. */
  get totalBytes(): number {
    if (this.#total < 0) this.#total = this.#sizes.reduce((a, b) => a + b, 0);
    return this.#total;
  }

  /** The largest size; 0 for an empty dataset. */
  get maxSize(): number {
    return this.#sizes.reduce((a, b) => Math.max(a, b), 0);
  }

  /** Entry `i` of `[0, count)`. */
  entry(i: number): DatasetEntry {
    const slice = this.#sliceOf(i);
    const index = i - slice.start;
    return {
      path: entryRelPath(slice.name, index),
      size: this.#sizes[i],
      group: slice.name,
      index,
    };
  }

  /** The size of entry `index` of `group`; undefined when there is none. */
  sizeOf(group: string, index: number): number | undefined {
    const slice = this.#byName.get(group);
    if (!slice || !Number.isInteger(index)) return undefined;
    if (index < 0 || index >= slice.count) return undefined;
    return this.#sizes[slice.start + index];
  }

  /** Every size, in entry order (a view; do not modify). */
  sizes(): Float64Array {
    return this.#sizes;
  }

  /** The sizes of one group (a view; do not modify). */
  groupSizes(group: string): Float64Array {
    const s = this.#byName.get(group);
    return s
      ? this.#sizes.subarray(s.start, s.start + s.count)
      : new Float64Array();
  }

  #sliceOf(i: number): Slice {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) {
      throw new RangeError(`dataset entry ${i} out of [0, ${this.count})`);
    }
    let lo = 0;
    let hi = this.#slices.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#slices[mid].start <= i) lo = mid;
      else hi = mid - 1;
    }
    return this.#slices[lo];
  }
}
