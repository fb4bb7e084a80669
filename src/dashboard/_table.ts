/**
 * Fixed-width rows for the dashboard's panels: each cell is fitted to its
 * column in terminal cells, then painted, so colour never shifts a column.
 *
 * @module
 */
import { padEnd, padStart } from "./_text.ts";

/** One column: its title, its width in cells, numbers to the right. */
export interface Col {
  title: string;
  width: number;
  right?: boolean;
}

/** Paints a fitted cell; identity without colour. */
export type CellPaint = (text: string, col: number) => string;

/** One row of `cells` under `cols`, one space apart. */
export function row(
  cols: readonly Col[],
  cells: readonly string[],
  paint?: CellPaint,
): string {
  return cols.map((c, i) => {
    const fitted = c.right
      ? padStart(cells[i] ?? "", c.width)
      : padEnd(cells[i] ?? "", c.width);
    return paint ? paint(fitted, i) : fitted;
  }).join(" ");
}

/** The title row of `cols`. */
export function titles(cols: readonly Col[]): string {
  return row(cols, cols.map((c) => c.title));
}

/** Total width of `cols` with their separators. */
export function widthOf(cols: readonly Col[]): number {
  return cols.reduce((a, c) => a + c.width, 0) + cols.length - 1;
}
