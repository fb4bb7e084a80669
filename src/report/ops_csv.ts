/**
 * The op log: one CSV row per attempt, streamed to disk so that memory stays
 * bounded however long the run. Quoting follows RFC 4180; tests read the
 * file back with a real CSV parser.
 *
 * @module
 */
import type { OpRecord } from "../core/record.ts";

/** The CSV header, in column order. Times are ms on the run clock. */
export const OPS_CSV_COLUMNS: readonly string[] = [
  "phase",
  "op",
  "key",
  "size",
  "bytes",
  "group",
  "endpoint",
  "client",
  "due_ms",
  "start_ms",
  "first_byte_ms",
  "end_ms",
  "latency_ms",
  "ok",
  "final",
  "attempt",
  "error_class",
  "error_code",
  "http_status",
  "message",
];

/** Buffered characters that trigger a write to disk. */
const FLUSH_AT = 64 * 1024;

const NEEDS_QUOTES = /[",\r\n]/;

/** Quotes a text field when it holds a comma, quote or line break. */
export function csvField(text: string | undefined): string {
  if (text === undefined) return "";
  if (!NEEDS_QUOTES.test(text)) return text;
  return `"${text.replaceAll('"', '""')}"`;
}

function ms(v: number | undefined): string {
  return v === undefined ? "" : v.toFixed(3);
}

/** One CSV line (with its newline) for one attempt. */
export function opsCsvRow(r: OpRecord): string {
  return [
    csvField(r.phase),
    r.op,
    csvField(r.key),
    r.size,
    r.bytes,
    csvField(r.group),
    csvField(r.endpoint),
    csvField(r.client),
    ms(r.due),
    ms(r.start),
    ms(r.firstByte),
    ms(r.end),
    ms(r.end - r.due),
    r.ok,
    r.final,
    r.attempt,
    r.errorClass ?? "",
    csvField(r.errorCode),
    r.httpStatus ?? "",
    csvField(r.message),
  ].join(",") + "\n";
}

/**
 * Appends attempts to `ops.csv`. `write` is synchronous: rows gather in a
 * buffer of about 64 KiB that is written with `writeSync` when full. A slow
 * disk therefore slows the caller instead of growing memory; on a local disk
 * a flush blocks for about 0.1 ms (1 M rows take about 0.2 s in total).
 */
export class OpsCsvWriter {
  readonly #file: Deno.FsFile;
  readonly #encoder = new TextEncoder();
  #rows: string[] = [];
  #chars = 0;
  #written = 0;
  #closed = false;

  private constructor(file: Deno.FsFile) {
    this.#file = file;
  }

  /** Creates (or truncates) the file at `path` and writes the header row. */
  static async open(path: string): Promise<OpsCsvWriter> {
    const opts = { write: true, create: true, truncate: true };
    const writer = new OpsCsvWriter(await Deno.open(path, opts));
    writer.#push(OPS_CSV_COLUMNS.join(",") + "\n");
    return writer;
  }

  /** Rows written so far, header excluded. */
  get rows(): number {
    return this.#written;
  }

  /** Appends one attempt; throws once the writer is closed. */
  write(r: OpRecord): void {
    if (this.#closed) throw new Error("write ops.csv: the writer is closed");
    this.#push(opsCsvRow(r));
    this.#written++;
  }

  #push(line: string): void {
    this.#rows.push(line);
    this.#chars += line.length;
    if (this.#chars >= FLUSH_AT) this.flush();
  }

  /** Writes the buffered rows to disk now. */
  flush(): void {
    if (this.#rows.length === 0) return;
    const bytes = this.#encoder.encode(this.#rows.join(""));
    this.#rows = [];
    this.#chars = 0;
    let offset = 0;
    while (offset < bytes.length) {
      offset += this.#file.writeSync(bytes.subarray(offset));
    }
  }

  /** Flushes what is left and closes the file; safe to call twice. */
  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    try {
      this.flush();
    } finally {
      this.#file.close();
    }
    return Promise.resolve();
  }
}
