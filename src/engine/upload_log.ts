/**
 * `uploads.jsonl`: the keys a run began a large (possibly multipart)
 * upload to, written before each such upload starts and synchronously, so
 * that even after a hard exit cleanup can find and abort uploads left
 * open. Only objects of at least 5 MiB (S3's smallest part) are logged.
 *
 * @module
 */
import { join } from "node:path";

/** File name of the upload intents in a run directory. */
export const UPLOAD_LOG_FILE = "uploads.jsonl";

/** Smallest object that may go up in parts. */
export const MULTIPART_MIN = 5 * 1024 * 1024;

/** Appends intents to a run's uploads.jsonl. */
export class UploadIntentLog {
  readonly #path: string;
  readonly #enc = new TextEncoder();

  constructor(runDir: string) {
    this.#path = join(runDir, UPLOAD_LOG_FILE);
  }

  /** Records that an upload of `size` bytes to `key` is starting. */
  add(key: string, size: number): void {
    if (size < MULTIPART_MIN) return;
    const line = this.#enc.encode(JSON.stringify({ key }) + "\n");
    Deno.writeFileSync(this.#path, line, { append: true, create: true });
  }
}

/** The distinct keys in a run's uploads.jsonl (none when it is absent). */
export async function readUploadIntents(runDir: string): Promise<string[]> {
  let text: string;
  try {
    text = await Deno.readTextFile(join(runDir, UPLOAD_LOG_FILE));
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return [];
    throw err;
  }
  const keys = new Set<string>();
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      const v = JSON.parse(line);
      if (typeof v.key === "string") keys.add(v.key);
    } catch {
      // a line cut short by a hard exit: nothing to abort for it
    }
  }
  return [...keys];
}
