import assert from "node:assert/strict";
import { join } from "node:path";
import { loadSettings } from "../../../src/config/load.ts";
import { systemClock } from "../../../src/core/io.ts";
import {
  BodyFile,
  fileFailed,
  onlyFile,
  removeFile,
} from "../../../src/runners/_body_file.ts";
import type { SubprocessOptions } from "../../../src/runners/_subprocess.ts";
import { RcloneRunner } from "../../../src/runners/rclone.ts";
import type { AttemptResult } from "../../../src/runners/runner.ts";
import { S5cmdRunner } from "../../../src/runners/s5cmd.ts";

const bytes = (...b: number[]) => new Uint8Array(b);

Deno.test("a body file holds the chunks once the attempt succeeded", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "body");
  await Deno.writeTextFile(path, "an older, longer content");
  const f = await BodyFile.open(path);
  await f.write(bytes(1, 2));
  await f.write(bytes(3));
  assert.equal(await f.finish(true), true);
  assert.deepEqual(await Deno.readFile(path), bytes(1, 2, 3));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a failed attempt leaves no body file", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "body");
  const f = await BodyFile.open(path);
  await f.write(bytes(1, 2));
  assert.equal(await f.finish(false), false);
  assert.deepEqual([...Deno.readDirSync(dir)], []);
  await Deno.remove(dir);
});

Deno.test("a body file that cannot be opened says why and removes nothing", async () => {
  const dir = await Deno.makeTempDir();
  Deno.writeTextFileSync(join(dir, "keep"), "x");
  const f = await BodyFile.open(dir);
  assert.ok(f.error, "no error for a directory");
  assert.equal(await f.finish(false), false);
  assert.equal(Deno.readTextFileSync(join(dir, "keep")), "x");
  await removeFile(dir);
  assert.ok(Deno.statSync(dir).isDirectory, "removeFile removed a directory");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a write error becomes a client FileWriteError record", () => {
  const r = { ok: true, httpStatus: 200, bytes: 5 } as AttemptResult;
  const failed = fileFailed("sdk", r, "/x/body", "No space left on device");
  assert.equal(failed.ok, false);
  assert.equal(failed.errorClass, "client");
  assert.equal(failed.errorCode, "FileWriteError");
  assert.equal(failed.httpStatus, undefined);
  assert.equal(
    failed.message,
    "sdk: FileWriteError: cannot write /x/body: No space left on device",
  );
});

Deno.test("the one file a client wrote is found however deep", async () => {
  const dir = await Deno.makeTempDir();
  assert.equal(await onlyFile(dir), undefined);
  Deno.mkdirSync(join(dir, "a/b"), { recursive: true });
  Deno.writeTextFileSync(join(dir, "a/b/key"), "x");
  assert.equal(await onlyFile(dir), join(dir, "a/b/key"));
  Deno.writeTextFileSync(join(dir, "other"), "y");
  assert.equal(await onlyFile(dir), undefined);
  assert.equal(await onlyFile(join(dir, "gone")), undefined);
  await Deno.remove(dir, { recursive: true });
});

function options(workDir: string): SubprocessOptions {
  const text = `endpoint: http://127.0.0.1:9000
bucket: bench
dataset: { groups: { a: { count: 1, min_size: 1, max_size: 1 } } }`;
  const { settings } = loadSettings({
    path: "t.yaml",
    text,
    overrides: [],
    env: { AWS_ACCESS_KEY_ID: "k", AWS_SECRET_ACCESS_KEY: "secret" },
    cwd: "/tmp",
    json: false,
  });
  return {
    settings,
    clock: systemClock,
    binary: "/nonexistent/client",
    version: "test",
    workDir,
    credentials: { accessKeyId: "k", secretAccessKey: "secret" },
  };
}

Deno.test("heads and reads a client cannot name exactly are refused", async () => {
  const dir = await Deno.makeTempDir();
  const rclone = new RcloneRunner(options(dir));
  const s5cmd = new S5cmdRunner(options(dir));
  assert.match(rclone.unsupported("get", "a\nb")!, /--files-from-raw/);
  assert.match(rclone.unsupported("head", "a\rb")!, /line break/);
  assert.match(rclone.unsupported("head", "folder/")!, /directory/);
  assert.equal(rclone.unsupported("put", "folder/"), undefined);
  assert.equal(rclone.unsupported("head", "q?x*[b].bin"), undefined);
  assert.match(s5cmd.unsupported("head", "folder/")!, /prefix/);
  assert.equal(s5cmd.unsupported("head", "q?x*.bin"), undefined);
  await Deno.remove(dir, { recursive: true });
});
