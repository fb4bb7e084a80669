/**
 * Plain-text tables: labels left, numbers right, columns dropped in a set
 * order when the width is too small. Internal to the report layer.
 *
 * @module
 */

/** One column of a table. */
export interface Column {
  title: string;
  /** Numbers align right, labels left. */
  align: "left" | "right";
  /** Columns with a higher rank are dropped first to fit; 0 never. */
  dropRank: number;
}

/** How a cell is styled; identity when colour is off. */
export type Paint = (text: string, row: number, col: number) => string;

const GAP = "  ";
const MAX_LABEL = 40;

function clip(text: string, col: Column): string {
  if (col.align === "right" || text.length <= MAX_LABEL) return text;
  return text.slice(0, MAX_LABEL - 1) + "…";
}

function widths(cols: Column[], rows: string[][]): number[] {
  return cols.map((c, i) =>
    Math.max(c.title.length, ...rows.map((r) => r[i].length))
  );
}

function totalWidth(ws: number[]): number {
  return ws.reduce((a, b) => a + b, 0) + GAP.length * (ws.length - 1);
}

/** The columns kept so that the table fits `width` (all when undefined). */
function fit(cols: Column[], rows: string[][], width?: number): number[] {
  let keep = cols.map((_, i) => i);
  const ranks = [...new Set(cols.map((c) => c.dropRank))]
    .filter((r) => r > 0).sort((a, b) => b - a);
  const ws = widths(cols, rows);
  for (const rank of ranks) {
    if (width === undefined || totalWidth(keep.map((i) => ws[i])) <= width) {
      break;
    }
    keep = keep.filter((i) => cols[i].dropRank !== rank);
  }
  return keep;
}

function pad(text: string, w: number, align: Column["align"]): string {
  return align === "right" ? text.padStart(w) : text.padEnd(w);
}

/** Renders a table as lines (no trailing newline); row -1 is the header. */
export function renderTable(
  cols: Column[],
  rows: string[][],
  opts: { width?: number; paint: Paint },
): string {
  const clipped = rows.map((r) => r.map((t, i) => clip(t, cols[i])));
  const keep = fit(cols, clipped, opts.width);
  const ws = widths(cols, clipped);
  const line = (cells: string[], row: number) =>
    keep.map((i) => {
      const text = pad(cells[i], ws[i], cols[i].align);
      return opts.paint(text, row, i);
    }).join(GAP).trimEnd();
  const header = line(cols.map((c) => c.title), -1);
  return [header, ...clipped.map((r, n) => line(r, n))].join("\n");
}
