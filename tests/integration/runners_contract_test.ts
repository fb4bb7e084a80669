/**
 * The runner contract: the same cases for every client against a real
 * MinIO. Each case round-trips byte-exact, or the runner refuses it with a
 * stated reason that this suite checks (never a skip). Errors carry the
 * same classes and S3 codes for every client, and no secret reaches a
 * child's command line or any message.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { systemClock } from "../../src/core/io.ts";
import { createRunner } from "../../src/runners/mod.ts";
import type { AttemptResult, Runner } from "../../src/runners/runner.ts";
import {
  createBucket,
  listAll,
  md5Hex,
  sharedMinio,
  uniqueBucket,
} from "../support/mod.ts";
import {
  ArgvSampler,
  childProcesses,
  ctxFor,
  downloadMd5,
  fileSource,
  memorySource,
  noise,
  pool,
  settingsFor,
  toolEnv,
  writeFile,
} from "./_runners.ts";

const CLIENTS = ["sdk", "awscli", "s5cmd", "rclone"] as const;
type Client = typeof CLIENTS[number];

/** Keys of case C10, NFC and NFD `café` as two objects. */
const SPECIAL = [
  "a+b.bin",
  "with space.bin",
  "100%.bin",
  "q?x.bin",
  "hash#1.bin",
  "star*.bin",
  "[br].bin",
  "colon:1.bin",
  "café.bin".normalize("NFC"),
  "café.bin".normalize("NFD"),
];

/** What each client refuses, as `op name`, with its reason. */
const REFUSED: Record<Client, Record<string, RegExp>> = {
  sdk: {},
  awscli: {},
  s5cmd: {},
  rclone: {},
};

/** Keys a head must find exactly: globs, brackets, NFD. */
const HEAD_SPECIAL = [
  "q?x.bin",
  "star*.bin",
  "[br].bin",
  "café.bin".normalize("NFD"),
];

/** Heads each client refuses, by key below the prefix, with its reason. */
const HEAD_REFUSED: Record<Client, Record<string, RegExp>> = {
  sdk: {},
  awscli: {},
  s5cmd: { "folder/": /s5cmd head takes a key ending in '\/' for a prefix/ },
  rclone: { "folder/": /rclone takes a key ending in '\/' for a directory/ },
};

const MiB = 1024 * 1024;

/**
 * A key of exactly 1024 UTF-8 bytes below `prefix`, in segments of at most
 * 255 bytes (MinIO stores each segment as a file name).
 */
function longKey(prefix: string): string {
  const segment = "é".repeat(100); // 200 bytes
  const head = `${prefix}long/${segment}/${segment}/${segment}/${segment}/`;
  const bytes = new TextEncoder().encode(head).byteLength;
  return head + "x".repeat(1024 - bytes);
}

interface Files {
  dir: string;
  small: string;
  smallMd5: string;
  empty: string;
  big: string;
  bigMd5: string;
}

let files: Promise<Files> | undefined;

/** The test files, made once for the whole suite. */
function workFiles(): Promise<Files> {
  files ??= (async () => {
    const dir = await Deno.makeTempDir({ prefix: "s3flood-contract-" });
    globalThis.addEventListener("unload", () => {
      Deno.removeSync(dir, { recursive: true });
    });
    const small = noise(300 * 1024, 7);
    const big = noise(100 * MiB, 11);
    return {
      dir,
      small: await writeFile(dir, "small.bin", small),
      smallMd5: md5Hex(small),
      empty: await writeFile(dir, "empty.bin", new Uint8Array()),
      big: await writeFile(dir, "big.bin", big),
      bigMd5: md5Hex(big),
    };
  })();
  return files;
}

for (const client of CLIENTS) {
  Deno.test(`runner contract: ${client}`, async (t) => {
    const minio = await sharedMinio();
    const bucket = uniqueBucket("contract");
    await createBucket(minio, bucket);
    const f = await workFiles();
    const settings = settingsFor(minio, bucket, client);
    const runner = await createRunner(settings, systemClock, toolEnv());
    const env = {
      minio,
      bucket,
      f,
      runner,
      client,
      seen: [] as AttemptResult[],
    };
    const sampler = new ArgvSampler();
    try {
      await t.step("bytes and MD5 round-trip", () => roundTrip(env));
      await t.step("zero-byte object", () => zeroByte(env));
      await t.step(
        "special keys round-trip or are refused",
        () => specialKeys(env),
      );
      await t.step("head: sizes, special keys, refusals", () => heads(env));
      await t.step(
        "head of a missing key is not_found",
        () => headMissing(env),
      );
      await t.step("download to a file", () => toFile(env));
      await t.step("100 MiB through multipart", () => multipart(env));
      if (client !== "sdk") {
        await t.step("an abort ends the client's process", () => abort(env));
      }
      await t.step(
        "an aborted download to a file leaves no file",
        () => abortToFile(env),
      );
      await t.step("list and delete", () => listAndDelete(env));
      await t.step("missing object is not_found", () => missingKey(env));
      await t.step(
        "missing bucket: client, code, remedy",
        () => missingBucket(env),
      );
      await t.step(
        "wrong credentials: client, code, remedy",
        () => wrongSecret(env),
      );
    } finally {
      await runner.close();
      const argv = await sampler.stop();
      checkNoSecrets(env, argv);
    }
  });
}

type Env = {
  minio: Awaited<ReturnType<typeof sharedMinio>>;
  bucket: string;
  f: Files;
  runner: Runner;
  client: Client;
  /** Every record seen, for the secrets check. */
  seen: AttemptResult[];
};

function keep(e: Env, r: AttemptResult): AttemptResult {
  e.seen.push(r);
  return r;
}

function pfx(e: Env): string {
  return `contract/${e.client}/`;
}

async function put(e: Env, key: string, path: string, size: number) {
  const ref = { key, size, group: "g" };
  const ctx = ctxFor(e.minio.endpoint);
  return keep(e, await e.runner.upload(ref, fileSource(path, size), ctx));
}

async function get(e: Env, key: string, size: number) {
  const ctx = ctxFor(e.minio.endpoint);
  const got = await downloadMd5(e.runner, { key, size, group: "g" }, ctx);
  keep(e, got.result);
  return got;
}

function assertOk(r: AttemptResult, what: string): void {
  assert.ok(r.ok, `${what}: ${r.errorCode} ${r.message}`);
}

async function roundTrip(e: Env): Promise<void> {
  const key = `${pfx(e)}plain.bin`;
  const size = 300 * 1024;
  const up = await put(e, key, e.f.small, size);
  assertOk(up, "upload");
  assert.equal(up.bytes, size);
  assert.equal(up.client, e.client);
  const down = await get(e, key, size);
  assertOk(down.result, "download");
  assert.equal(down.result.bytes, size);
  assert.equal(down.md5, e.f.smallMd5);
  assert.ok(down.result.firstByte! >= down.result.start);

  const piped = `${pfx(e)}piped.bin`;
  const bytes = noise(64 * 1024, 3);
  const ref = { key: piped, size: bytes.byteLength, group: "g" };
  const ctx = ctxFor(e.minio.endpoint);
  const viaStdin = await e.runner.upload(ref, memorySource(bytes), ctx);
  assertOk(keep(e, viaStdin), "upload from a stream without a path");
  assert.equal((await get(e, piped, bytes.byteLength)).md5, md5Hex(bytes));
}

async function zeroByte(e: Env): Promise<void> {
  const key = `${pfx(e)}empty.bin`;
  const up = await put(e, key, e.f.empty, 0);
  assertOk(up, "upload");
  assert.equal(up.parts, 1);
  const down = await get(e, key, 0);
  assertOk(down.result, "download");
  assert.equal(down.result.bytes, 0);
}

async function specialKeys(e: Env): Promise<void> {
  const names = [...SPECIAL, longKey(pfx(e)).slice(pfx(e).length)];
  assert.equal(new TextEncoder().encode(pfx(e) + names.at(-1)).length, 1024);
  const refused: Record<string, string> = {};
  await pool(names, 2, async (name) => {
    const key = pfx(e) + name;
    const up = await put(e, key, e.f.small, 300 * 1024);
    if (!expectOutcome(e, "put", name, up, refused)) return;
    const down = await get(e, key, 300 * 1024);
    if (!expectOutcome(e, "get", name, down.result, refused)) return;
    assert.equal(down.md5, e.f.smallMd5, `bytes of '${name}'`);
  });
  const expected = Object.keys(REFUSED[e.client]).sort();
  assert.deepEqual(Object.keys(refused).sort(), expected);
  for (const [c, reason] of Object.entries(REFUSED[e.client])) {
    assert.match(refused[c], reason);
  }
  const listed = await listAll(e.minio, e.bucket, pfx(e));
  for (const name of names) {
    assert.ok(listed.some((o) => o.key === pfx(e) + name), `listed '${name}'`);
  }
}

/**
 * Checks one operation of a special key: done, or refused with the
 * runner's own reason. Returns whether it was done.
 */
function expectOutcome(
  e: Env,
  op: "put" | "get",
  name: string,
  r: AttemptResult,
  refused: Record<string, string>,
): boolean {
  const why = e.runner.unsupported?.(op, pfx(e) + name);
  if (why === undefined) {
    assertOk(r, `${op} '${name}'`);
    return true;
  }
  assert.equal(r.ok, false);
  assert.equal(r.errorCode, "Unsupported");
  assert.ok(r.message?.includes(why), r.message);
  assert.match(r.message!, new RegExp(`^${e.client}: `));
  refused[`${op} ${name}`] = why;
  return false;
}

async function multipart(e: Env): Promise<void> {
  const key = `${pfx(e)}big.bin`;
  const size = 100 * MiB;
  const up = await put(e, key, e.f.big, size);
  assertOk(up, "upload");
  assert.ok((up.parts ?? 1) > 1, `parts: ${up.parts}`);
  const listed = await listAll(e.minio, e.bucket, key);
  assert.deepEqual(listed.map((o) => o.size), [size]);
  const down = await get(e, key, size);
  assertOk(down.result, "download");
  assert.equal(down.md5, e.f.bigMd5);
}

const BINARY: Record<Client, string> = {
  sdk: "",
  awscli: "aws",
  s5cmd: "s5cmd",
  rclone: "rclone",
};

/**
 * Whether a command line runs `client`'s binary, directly or as a script
 * (then the interpreter comes first).
 */
function isClient(args: string, client: Client): boolean {
  const [first, second] = args.split(" ");
  return [first, second].some((a) => a?.endsWith(`/${BINARY[client]}`));
}

/** This process's children running `client`, by pid. */
function liveClients(client: Client): number[] {
  return childProcesses().filter((c) => isClient(c.args, client))
    .map((c) => c.pid);
}

async function abort(e: Env): Promise<void> {
  const ac = new AbortController();
  const ref = { key: `${pfx(e)}big.bin`, size: 100 * MiB, group: "g" };
  const started = performance.now();
  const pending = e.runner.download(ref, ctxFor(e.minio.endpoint, ac.signal));
  await new Promise((r) => setTimeout(r, 150));
  ac.abort();
  const r = keep(e, await pending);
  assert.equal(r.errorClass, "aborted", r.message);
  assert.ok(performance.now() - started < 5000, "took too long to end");
  assert.deepEqual(liveClients(e.client), []);
}

/**
 * Heads of objects the earlier steps wrote: sizes come from the server,
 * not from the ref (which says 1), and special keys are found exactly.
 */
async function heads(e: Env): Promise<void> {
  const sizes: Record<string, number> = {
    "piped.bin": 64 * 1024,
    "empty.bin": 0,
    ...Object.fromEntries(HEAD_SPECIAL.map((n) => [n, 300 * 1024])),
  };
  const names = [...Object.keys(sizes), ...Object.keys(HEAD_REFUSED[e.client])];
  await pool(names, names.length, async (name) => {
    const r = await head(e, pfx(e) + name);
    const why = HEAD_REFUSED[e.client][name];
    if (why) return expectRefused(e, r, why);
    assertOk(r, `head '${name}'`);
    assert.equal(r.op, "head");
    assert.equal(r.size, sizes[name], `size of '${name}'`);
    assert.equal(r.bytes, 0);
    assert.equal(r.httpStatus, 200);
  });
}

async function headMissing(e: Env): Promise<void> {
  const r = await head(e, `${pfx(e)}never-written.bin`);
  assert.equal(r.ok, false);
  assert.equal(r.op, "head");
  assert.equal(r.errorClass, "not_found", r.message);
  assert.match(r.errorCode!, /^(NoSuchKey|NotFound)$/);
  assert.equal(r.httpStatus, 404);
  assert.match(r.message!, new RegExp(`^${e.client}: ${r.errorCode}`));
  assert.ok(!r.message!.includes("\n") && r.message!.length < 300, r.message);
}

async function head(e: Env, key: string): Promise<AttemptResult> {
  const ref = { key, size: 1, group: "g" };
  return keep(e, await e.runner.head(ref, ctxFor(e.minio.endpoint)));
}

function expectRefused(e: Env, r: AttemptResult, why: RegExp): void {
  assert.equal(r.ok, false);
  assert.equal(r.errorCode, "Unsupported");
  assert.match(r.message!, new RegExp(`^${e.client}: Unsupported: `));
  assert.match(r.message!, why);
}

/**
 * Downloads to files, at once: one plain, one whose bytes also go to a
 * sink (subprocess clients pipe it then), and a missing key over a stale
 * file, which must be gone afterwards. Nothing else is left in the dir.
 */
async function toFile(e: Env): Promise<void> {
  const dir = await Deno.makeTempDir({ dir: e.f.dir, prefix: e.client });
  const size = 300 * 1024;
  const ref = { key: `${pfx(e)}plain.bin`, size, group: "g" };
  const missing = { key: `${pfx(e)}never-written.bin`, size, group: "g" };
  const [plain, piped, stale] = ["plain", "piped", "stale"].map((n) =>
    join(dir, n)
  );
  await Deno.writeTextFile(stale, "from an earlier run");
  const hash = createHash("md5");
  const sink = (c: Uint8Array) => void hash.update(c);
  const ctx = ctxFor(e.minio.endpoint);
  const [a, b, c] = await Promise.all([
    e.runner.download(ref, ctx, { file: plain }),
    e.runner.download(ref, ctx, { file: piped, sink }),
    e.runner.download(missing, ctx, { file: stale }),
  ]);
  for (const r of [a, b]) {
    assertOk(keep(e, r), "download to a file");
    assert.equal(r.bytes, size);
  }
  assert.equal(md5Hex(await Deno.readFile(plain)), e.f.smallMd5);
  assert.equal(md5Hex(await Deno.readFile(piped)), e.f.smallMd5);
  assert.equal(hash.digest("hex"), e.f.smallMd5);
  assert.equal(keep(e, c).errorClass, "not_found", c.message);
  assert.deepEqual(await entries(dir), ["piped", "plain"]);
}

/** Aborts a 100 MiB download to a file once its bytes start landing. */
async function abortToFile(e: Env): Promise<void> {
  const dir = await Deno.makeTempDir({ dir: e.f.dir, prefix: e.client });
  const ac = new AbortController();
  const ref = { key: `${pfx(e)}big.bin`, size: 100 * MiB, group: "g" };
  const ctx = ctxFor(e.minio.endpoint, ac.signal);
  const pending = e.runner.download(ref, ctx, { file: join(dir, "big") });
  await bytesLanded(dir, 5000);
  const started = performance.now();
  ac.abort();
  const r = keep(e, await pending);
  assert.equal(r.errorClass, "aborted", r.message);
  assert.ok(performance.now() - started < 5000, "took too long to end");
  assert.deepEqual(await entries(dir), []);
  if (e.client !== "sdk") assert.deepEqual(liveClients(e.client), []);
}

/** Waits until some file below `dir` holds bytes, or `limitMs` passed. */
async function bytesLanded(dir: string, limitMs: number): Promise<void> {
  const until = performance.now() + limitMs;
  while (performance.now() < until) {
    if (await holdsBytes(dir)) return;
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function holdsBytes(dir: string): Promise<boolean> {
  for await (const d of Deno.readDir(dir)) {
    const path = join(dir, d.name);
    const info = await Deno.stat(path).catch(() => undefined);
    if (info?.isFile && info.size > 0) return true;
    if (info?.isDirectory && await holdsBytes(path).catch(() => false)) {
      return true;
    }
  }
  return false;
}

/** The names in `dir`, sorted. */
async function entries(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const d of Deno.readDir(dir)) names.push(d.name);
  return names.sort();
}

async function listAndDelete(e: Env): Promise<void> {
  const listed = await e.runner.list(pfx(e), e.minio.endpoint);
  assert.equal(listed.error, undefined, listed.error?.message);
  const truth = await listAll(e.minio, e.bucket, pfx(e));
  const byKey = (a: { key: string }, b: { key: string }) =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  assert.deepEqual(listed.keys.sort(byKey), truth.sort(byKey));
  assert.ok(truth.length >= SPECIAL.length + 5);

  const keys = truth.map((o) => o.key);
  const gone = await e.runner.deleteKeys(keys, e.minio.endpoint);
  assert.deepEqual(gone, { deleted: keys.length, failed: [] });
  assert.deepEqual(await listAll(e.minio, e.bucket, pfx(e)), []);
  const after = await e.runner.list(pfx(e), e.minio.endpoint);
  assert.deepEqual(after, { keys: [] });
}

async function missingKey(e: Env): Promise<void> {
  const { result } = await get(e, `${pfx(e)}never-written.bin`, 10);
  assert.equal(result.ok, false);
  assert.equal(result.errorClass, "not_found", result.message);
  assert.match(result.message!, new RegExp(`^${e.client}: `));
}

async function missingBucket(e: Env): Promise<void> {
  const s = settingsFor(e.minio, uniqueBucket("missing"), e.client);
  const r = await withRunner(s, (runner) =>
    runner.upload(
      { key: "k.bin", size: 300 * 1024, group: "g" },
      fileSource(e.f.small, 300 * 1024),
      ctxFor(e.minio.endpoint),
    ));
  keep(e, r);
  assert.equal(r.errorClass, "not_found", r.message);
  assert.equal(r.errorCode, "NoSuchBucket");
  assert.equal(r.httpStatus, 404);
  assert.match(r.message!, new RegExp(`^${e.client}: NoSuchBucket`));
  assert.match(r.message!, /what to do: .*create_bucket: true/);
}

const WRONG_SECRET = "wrong-secret-0123456789abcdefghij";

async function wrongSecret(e: Env): Promise<void> {
  const s = settingsFor(e.minio, e.bucket, e.client, {
    secretKey: WRONG_SECRET,
  });
  const r = await withRunner(s, (runner) =>
    runner.upload(
      { key: `${pfx(e)}denied.bin`, size: 300 * 1024, group: "g" },
      fileSource(e.f.small, 300 * 1024),
      ctxFor(e.minio.endpoint),
    ));
  keep(e, r);
  assert.equal(r.errorClass, "access_denied", r.message);
  assert.equal(r.errorCode, "SignatureDoesNotMatch");
  assert.match(r.message!, new RegExp(`^${e.client}: SignatureDoesNotMatch`));
  assert.match(r.message!, /what to do: .*AWS_SECRET_ACCESS_KEY/);
}

async function withRunner<T>(
  s: ReturnType<typeof settingsFor>,
  fn: (r: Runner) => Promise<T>,
): Promise<T> {
  const runner = await createRunner(s, systemClock, toolEnv());
  try {
    return await fn(runner);
  } finally {
    await runner.close();
  }
}

/** No secret in any child's argv, in any record, in the report info. */
function checkNoSecrets(e: Env, argv: string[]): void {
  const secrets = [e.minio.secretKey, e.minio.accessKey, WRONG_SECRET];
  if (e.client !== "sdk") {
    const mine = argv.filter((a) => isClient(a, e.client));
    assert.ok(mine.length > 0, "sampled no client process");
  }
  for (const a of argv) {
    for (const s of secrets) assert.ok(!a.includes(s), `secret in argv: ${a}`);
  }
  const texts = [
    ...e.seen.map((r) => JSON.stringify(r)),
    JSON.stringify(e.runner.describe()),
  ];
  for (const text of texts) {
    for (const s of secrets) assert.ok(!text.includes(s), `secret in ${text}`);
  }
}
