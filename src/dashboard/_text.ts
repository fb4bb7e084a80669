/**
 * Text pieces of the dashboard: fitting to a width in terminal cells,
 * sparklines, bars and number formats. Cells are measured with
 * `string-width`, so wide characters in keys or paths never break a row.
 * Text is fitted first and coloured after, so no escape code is ever cut.
 *
 * @module
 */
import stringWidth from "string-width";

/** Width of `text` in terminal cells (escape codes count zero). */
export function cells(text: string): number {
  // Plain printable ASCII is one cell per char: skip the slow path.
  return /^[\x20-\x7e]*$/.test(text) ? text.length : stringWidth(text);
}

/** Cuts `text` to at most `width` cells, marking a cut with `…`. */
export function clip(text: string, width: number): string {
  if (width <= 0) return "";
  if (cells(text) <= width) return text;
  let out = "";
  let used = 0;
  for (const ch of text) {
    const w = cells(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return out + "…";
}

/** Cuts the start of `text` instead (keys and paths end with their news). */
export function clipStart(text: string, width: number): string {
  if (width <= 0) return "";
  if (cells(text) <= width) return text;
  const chars = [...text];
  let out = "";
  let used = 0;
  for (let i = chars.length - 1; i >= 0; i--) {
    const w = cells(chars[i]);
    if (used + w > width - 1) break;
    out = chars[i] + out;
    used += w;
  }
  return "…" + out;
}

/** `text` fitted to exactly `width` cells, padded on the right. */
export function padEnd(text: string, width: number): string {
  const t = clip(text, width);
  return t + " ".repeat(Math.max(0, width - cells(t)));
}

/** `text` fitted to exactly `width` cells, padded on the left. */
export function padStart(text: string, width: number): string {
  const t = clip(text, width);
  return " ".repeat(Math.max(0, width - cells(t))) + t;
}

const SPARK = "▁▂▃▄▅▆▇█";

/** A sparkline of `values` scaled to their maximum; blank for zero. */
export function sparkline(values: readonly number[]): string {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  let out = "";
  for (const v of values) {
    if (v <= 0 || max === 0) out += " ";
    else out += SPARK[Math.min(7, Math.floor((v / max) * 7.999))];
  }
  return out;
}

/** A bar of `width` cells filled to `fraction` (0..1). */
export function bar(fraction: number, width: number): string {
  const f = Math.max(0, Math.min(1, fraction));
  const full = Math.round(f * width);
  return "█".repeat(full) + "░".repeat(Math.max(0, width - full));
}

/** Milliseconds as `1:02:03`, `2:03` or `0:07`. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** A latency in ms with 3 significant figures; `-` when unknown. */
export function ms(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "-";
  if (v < 10) return v.toFixed(2);
  return v < 100 ? v.toFixed(1) : v.toFixed(0);
}

/** A rate with one decimal below 100, none above. */
export function rate(v: number): string {
  if (!Number.isFinite(v)) return "-";
  return v < 100 ? v.toFixed(1) : v.toFixed(0);
}

/** Bytes with a binary unit: `512 B`, `4.0 KiB`, `1.5 GiB`. */
export function size(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
}

/** Bytes per ms as MiB/s. */
export function mibps(bytes: number, spanMs: number): number {
  return spanMs > 0 ? bytes / 2 ** 20 / (spanMs / 1000) : 0;
}

// deno-lint-ignore no-control-regex -- matching escape codes is the point
const ESC = /^\x1b\[[0-9;?]*[A-Za-z]/;

/**
 * Cuts a possibly coloured line to `width` cells, keeping its escape codes
 * whole and resetting the style at the cut. A last guard: panels fit their
 * text before colouring it, so this rarely cuts anything.
 */
export function clipStyled(text: string, width: number): string {
  if (cells(text) <= width) return text;
  let out = "";
  let used = 0;
  for (let i = 0; i < text.length;) {
    const esc = text[i] === "\x1b" ? ESC.exec(text.slice(i)) : null;
    if (esc) {
      out += esc[0];
      i += esc[0].length;
      continue;
    }
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    const w = cells(ch);
    if (used + w > width) break;
    out += ch;
    used += w;
    i += ch.length;
  }
  return text.includes("\x1b") ? out + "\x1b[0m" : out;
}
