/**
 * The progress line: on a terminal, one line redrawn every second; without
 * one (CI, pipes), a plain line every few seconds. Reads the metrics'
 * cheap live totals only, so it never slows the load.
 *
 * @module
 */
import type { Clock, TextSink } from "../core/io.ts";
import type { LiveTotals } from "../metrics/types.ts";
import { formatDuration } from "../config/units.ts";

/** Inputs to {@link startProgress}. */
export interface ProgressOptions {
  sink: TextSink;
  clock: Clock;
  /** Current totals of the running phase. */
  live(now: number): LiveTotals;
  /** Planned operations of the current phase, when known. */
  planned?(): number | undefined;
  /** Redraw interval; default 1 s on a terminal, 5 s otherwise. */
  intervalMs?: number;
}

/** Formats one progress line from live totals. */
export function progressLine(t: LiveTotals, planned?: number): string {
  const secs = t.elapsedMs / 1000;
  const rate = secs > 0 ? t.ops / secs : 0;
  const mib = secs > 0 ? t.bytes / 2 ** 20 / secs : 0;
  const of = planned !== undefined ? `/${planned}` : "";
  return `[${t.phase ?? "-"}] ${
    formatDuration(t.elapsedMs)
  }  ops ${t.ops}${of}` +
    `  errors ${t.errors}  retries ${t.retries}  ${rate.toFixed(1)} ops/s` +
    `  ${mib.toFixed(2)} MiB/s`;
}

/** Starts drawing; the returned function stops and ends the line. */
export function startProgress(o: ProgressOptions): () => void {
  const tty = o.sink.isTerminal;
  const every = o.intervalMs ?? (tty ? 1000 : 5000);
  const draw = () => {
    const line = progressLine(o.live(o.clock.now()), o.planned?.());
    o.sink.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
  };
  const id = setInterval(draw, every);
  return () => {
    clearInterval(id);
    if (tty) {
      draw();
      o.sink.write("\n");
    }
  };
}
