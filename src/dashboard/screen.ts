/**
 * The terminal side of the dashboard: the alternate screen, a hidden
 * cursor, and frames drawn by rewriting only the lines that changed,
 * each wrapped in synchronized output (terminals that know it show the
 * frame at once; others ignore it). `leave` restores the terminal and may
 * be called any number of times, from any exit path.
 *
 * @module
 */
import type { TextSink } from "../core/io.ts";

const CSI = "\x1b[";
/** Enter the alternate screen, hide the cursor, clear. */
const ENTER = `${CSI}?1049h${CSI}?25l${CSI}H${CSI}2J`;
/** End a frame, reset styles, show the cursor, leave the alternate screen. */
const LEAVE = `${CSI}?2026l${CSI}0m${CSI}?25h${CSI}?1049l`;
const SYNC_ON = `${CSI}?2026h`;
const SYNC_OFF = `${CSI}?2026l`;

/** Draws frames on a terminal sink. */
export class Screen {
  readonly #sink: TextSink;
  #prev: string[] = [];
  #open = false;

  /** A screen over `sink` (a terminal). */
  constructor(sink: TextSink) {
    this.#sink = sink;
  }

  /** True between `enter` and `leave`. */
  get open(): boolean {
    return this.#open;
  }

  /** Switches to the alternate screen. */
  enter(): void {
    if (this.#open) return;
    this.#open = true;
    this.#prev = [];
    this.#sink.write(ENTER);
  }

  /** Draws `lines`, rewriting only those that changed since the last. */
  draw(lines: readonly string[]): void {
    if (!this.#open) return;
    let out = "";
    for (let i = 0; i < lines.length; i++) {
      if (lines[i] === this.#prev[i]) continue;
      out += `${CSI}${i + 1};1H${lines[i]}${CSI}0m${CSI}K`;
    }
    if (lines.length < this.#prev.length) {
      out += `${CSI}${lines.length + 1};1H${CSI}J`;
    }
    this.#prev = [...lines];
    if (out !== "") this.#sink.write(SYNC_ON + out + SYNC_OFF);
  }

  /** Forgets what is on screen (after a resize): the next draw is whole. */
  invalidate(): void {
    this.#prev = [];
    if (this.#open) this.#sink.write(`${CSI}H${CSI}2J`);
  }

  /** Restores the terminal; idempotent. */
  leave(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#sink.write(LEAVE);
  }
}
