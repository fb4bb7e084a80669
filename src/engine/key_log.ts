/**
 * The run's log of written objects, `keys.jsonl`: one JSON line per object
 * written successfully, streamed to disk as the run goes. Cleanup deletes
 * exactly these keys; a later read run reads them.
 *
 * @module
 */
import { join } from "node:path";
import type { ObjectRef } from "../runners/runner.ts";

/** File name of the key log inside a run directory. */
export const KEY_LOG_FILE = "keys.jsonl";

/** One written object. */
export interface KeyLogEntry extends ObjectRef {
  endpoint: string;
}

const FLUSH_AT = 64 * 1024;

/** Appends written keys to `keys.jsonl`, buffered, never all in memory. */
export class KeyLogWriter {
  readonly #file: Deno.FsFile;
  readonly #enc = new TextEncoder();
  #buf: string[] = [];
  #bufLen = 0;
  #count = 0;
  #chain: Promise<void> = Promise.resolve();

  private constructor(file: Deno.FsFile) {
    this.#file = file;
  }

  /** Creates (or truncates) the key log in `runDir`. */
  static async open(runDir: string): Promise<KeyLogWriter> {
    const file = await Deno.open(join(runDir, KEY_LOG_FILE), {
      write: true,
      create: true,
      truncate: true,
    });
    return new KeyLogWriter(file);
  }

  /** Objects logged so far. */
  get count(): number {
    return this.#count;
  }

  /** Logs one object; flushes in the background past 64 KiB. */
  add(e: KeyLogEntry): void {
    const line = JSON.stringify({
      key: e.key,
      size: e.size,
      group: e.group,
      endpoint: e.endpoint,
    }) + "\n";
    this.#buf.push(line);
    this.#bufLen += line.length;
    this.#count++;
    if (this.#bufLen >= FLUSH_AT) this.#flush();
  }

  #flush(): Promise<void> {
    const data = this.#enc.encode(this.#buf.join(""));
    this.#buf = [];
    this.#bufLen = 0;
    this.#chain = this.#chain.then(() => writeAll(this.#file, data));
    return this.#chain;
  }

  /** Writes what is buffered now, synchronously (before a hard exit). */
  flushSync(): void {
    const data = this.#enc.encode(this.#buf.join(""));
    this.#buf = [];
    this.#bufLen = 0;
    let off = 0;
    while (off < data.length) off += this.#file.writeSync(data.subarray(off));
  }

  /** Writes what is buffered and closes the file. */
  async close(): Promise<void> {
    await this.#flush();
    this.#file.close();
  }
}

async function writeAll(file: Deno.FsFile, data: Uint8Array): Promise<void> {
  let off = 0;
  while (off < data.length) off += await file.write(data.subarray(off));
}

/** Streams the entries of a run's key log. */
export async function* readKeyLog(runDir: string): AsyncGenerator<KeyLogEntry> {
  const file = await Deno.open(join(runDir, KEY_LOG_FILE));
  let rest = "";
  let lineNo = 0;
  for await (
    const chunk of file.readable.pipeThrough(new TextDecoderStream())
  ) {
    const lines = (rest + chunk).split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) {
      lineNo++;
      if (line.trim()) yield parseLine(line, runDir, lineNo);
    }
  }
  if (rest.trim()) yield parseLine(rest, runDir, lineNo + 1);
}

function parseLine(line: string, runDir: string, n: number): KeyLogEntry {
  try {
    const v = JSON.parse(line);
    if (typeof v.key === "string" && typeof v.size === "number") return v;
  } catch {
    // reported below
  }
  throw new Error(`${join(runDir, KEY_LOG_FILE)}:${n}: not a key log line`);
}
