/**
 * Downloads to a file: the destination is written chunk by chunk as the
 * body arrives (never held whole), and after a failed attempt nothing is
 * left at its path. Subprocess clients that write the file themselves do
 * so in a staging directory beside it, so whatever temp files they leave
 * behind go with the directory.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { clientMessage } from "./_classify.ts";
import type { AttemptResult } from "./runner.ts";

/** The destination file of one download attempt, written as it arrives. */
export class BodyFile {
  /** Where the body goes. */
  readonly path: string;
  /** Why the file could not be written, once that happened. */
  error?: string;
  #writer?: WritableStreamDefaultWriter<Uint8Array>;

  private constructor(path: string) {
    this.path = path;
  }

  /** Creates or truncates `path`; a failure is kept in `error`. */
  static async open(path: string): Promise<BodyFile> {
    const f = new BodyFile(path);
    try {
      const opts = { write: true, create: true, truncate: true };
      f.#writer = (await Deno.open(path, opts)).writable.getWriter();
    } catch (err) {
      f.error = errorText(err);
    }
    return f;
  }

  /** Appends one chunk; rejects (and keeps `error`) when it cannot. */
  async write(chunk: Uint8Array): Promise<void> {
    try {
      await this.#writer!.write(chunk);
    } catch (err) {
      this.error ??= errorText(err);
      throw err;
    }
  }

  /**
   * Closes the file, and removes it unless the attempt succeeded and the
   * file closed cleanly. Returns whether the file is complete.
   */
  async finish(ok: boolean): Promise<boolean> {
    if (ok && !this.error) {
      try {
        await this.#writer!.close();
        return true;
      } catch (err) {
        this.error = errorText(err);
      }
    }
    if (!this.#writer) return false;
    await this.#writer.abort().catch(() => {});
    await removeFile(this.path);
    return false;
  }
}

/** A record turned into a failure to write the download's file. */
export function fileFailed(
  client: string,
  r: AttemptResult,
  path: string,
  error: string,
): AttemptResult {
  const c = { errorClass: "client" as const, errorCode: "FileWriteError" };
  const detail = `cannot write ${path}: ${error}`;
  return {
    ...r,
    ok: false,
    httpStatus: undefined,
    ...c,
    message: clientMessage(client, c, detail),
  };
}

/** A new empty directory beside `path`, for a client to write into. */
export function stagingDir(path: string): Promise<string> {
  return Deno.makeTempDir({ dir: dirname(path), prefix: ".s3flood-" });
}

/**
 * The one regular file below `dir`, however deep (a client may recreate
 * the key's folders), or undefined when there is none or more than one.
 */
export async function onlyFile(dir: string): Promise<string | undefined> {
  const found: string[] = [];
  const walk = async (d: string) => {
    for await (const e of Deno.readDir(d)) {
      if (e.isFile) found.push(join(d, e.name));
      else if (e.isDirectory) await walk(join(d, e.name));
    }
  };
  await walk(dir).catch(() => found.push("", ""));
  return found.length === 1 ? found[0] : undefined;
}

/** Removes `path` if it is a file (never a directory). */
export async function removeFile(path: string): Promise<void> {
  const info = await Deno.lstat(path).catch(() => undefined);
  if (info && !info.isDirectory) await Deno.remove(path).catch(() => {});
}

/** Removes a staging directory and all in it. */
export async function removeStaging(dir: string): Promise<void> {
  await Deno.remove(dir, { recursive: true }).catch(() => {});
}

function errorText(err: unknown): string {
  return ((err as Error)?.message ?? String(err)).split("\n")[0];
}
