/**
 * `timeseries.csv`: one row per wall-clock second of the run, written as
 * each second closes (a few seconds behind real time). Totals first, then
 * five columns per op type; an op with no operation that second has empty
 * cells. Latency is of successful operations (end - due), from a 1%
 * histogram per second.
 *
 * @module
 */
import { OP_TYPES } from "../core/record.ts";
import type { TimeOpStats, TimePoint } from "../metrics/timeseries.ts";
import { csvField } from "./ops_csv.ts";

const MIB = 2 ** 20;

const PER_OP = ["ops", "errors", "bytes", "p50_ms", "p99_ms"];

/** The header, in column order. */
export const TIMESERIES_CSV_COLUMNS: readonly string[] = [
  "time",
  "epoch_s",
  "seconds",
  "phase",
  "ops",
  "ok",
  "errors",
  "retries",
  "bytes",
  "mib_per_s",
  ...OP_TYPES.flatMap((op) => PER_OP.map((c) => `${op}_${c}`)),
];

function sum(p: TimePoint, f: (s: TimeOpStats) => number): number {
  return Object.values(p.ops).reduce((a, s) => a + f(s), 0);
}

function ms(v: number | null | undefined): string {
  return v === null || v === undefined ? "" : String(v);
}

function opCells(s: TimeOpStats | undefined): string[] {
  if (s === undefined) return ["", "", "", "", ""];
  const { ops, errors, bytes } = s;
  return [ops, errors, bytes, ms(s.latencyP50Ms), ms(s.latencyP99Ms)].map(
    String,
  );
}

/** One CSV line (with its newline) for one point. */
export function timeseriesCsvRow(p: TimePoint): string {
  const bytes = sum(p, (s) => s.bytes);
  const mibps = Math.round(bytes / MIB / p.seconds * 1000) / 1000;
  return [
    new Date(p.t).toISOString(),
    p.t / 1000,
    p.seconds,
    csvField(p.phase),
    sum(p, (s) => s.ops),
    sum(p, (s) => s.ok),
    sum(p, (s) => s.errors),
    sum(p, (s) => s.retries),
    bytes,
    mibps,
    ...OP_TYPES.flatMap((op) => opCells(p.ops[op])),
  ].join(",") + "\n";
}

/** Streams points to `timeseries.csv`; each write goes to disk at once. */
export class TimeSeriesCsvWriter {
  readonly #file: Deno.FsFile;
  readonly #enc = new TextEncoder();
  #closed = false;

  private constructor(file: Deno.FsFile) {
    this.#file = file;
  }

  /** Creates (or truncates) the file at `path` and writes the header. */
  static async open(path: string): Promise<TimeSeriesCsvWriter> {
    const opts = { write: true, create: true, truncate: true };
    const w = new TimeSeriesCsvWriter(await Deno.open(path, opts));
    w.#put(TIMESERIES_CSV_COLUMNS.join(",") + "\n");
    return w;
  }

  /** Appends one point (ignored once closed: late seconds after the end). */
  write(p: TimePoint): void {
    if (!this.#closed) this.#put(timeseriesCsvRow(p));
  }

  #put(line: string): void {
    const bytes = this.#enc.encode(line);
    let off = 0;
    while (off < bytes.length) off += this.#file.writeSync(bytes.subarray(off));
  }

  /** Closes the file; safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#file.close();
  }
}
