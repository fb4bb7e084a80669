import assert from "node:assert/strict";
import {
  baseEnv,
  ChildGroup,
  lineSplitter,
} from "../../../src/runners/_child.ts";

const sh = (script: string) => ({
  binary: "/bin/sh",
  args: ["-c", script],
  env: baseEnv("/tmp", undefined),
});

Deno.test("a child sees only the environment it is given", async () => {
  const seen: Uint8Array[] = [];
  const r = await new ChildGroup().run({
    ...sh("env"),
    env: { ...baseEnv("/tmp", "/usr/bin:/bin"), ONLY_THIS: "1" },
    onStdout: (c) => seen.push(c),
  });
  assert.equal(r.code, 0);
  const text = seen.map((c) => new TextDecoder().decode(c)).join("");
  const names = text.trim().split("\n").map((l) => l.split("=")[0])
    .filter((n) => n !== "PWD" && n !== "SHLVL" && n !== "_");
  assert.deepEqual(names.sort(), [
    "HOME",
    "LANG",
    "LC_ALL",
    "ONLY_THIS",
    "PATH",
    "TMPDIR",
  ]);
});

Deno.test("stdout streams, stderr keeps its tail, exit codes come back", async () => {
  let bytes = 0;
  const r = await new ChildGroup().run({
    ...sh("head -c 300000 /dev/zero; echo oops >&2; exit 3"),
    onStdout: (c) => (bytes += c.byteLength),
  });
  assert.deepEqual(
    { code: r.code, stdout: r.stdoutBytes, bytes, stderr: r.stderr.trim() },
    { code: 3, stdout: 300000, bytes: 300000, stderr: "oops" },
  );
});

Deno.test("abort ends the child's whole process group", async () => {
  const group = new ChildGroup();
  const ac = new AbortController();
  let out = "";
  const started = performance.now();
  const r = await group.run({
    // the background sleep ignores SIGINT (as a non-interactive shell's
    // jobs do) and holds stdout open: only the group's SIGKILL ends it
    ...sh("sleep 30 & echo $! ; wait"),
    signal: ac.signal,
    onStdout: (c) => {
      out += new TextDecoder().decode(c);
      ac.abort();
    },
  });
  assert.equal(r.killed, "aborted");
  assert.ok(performance.now() - started < 5000);
  assert.equal(group.size, 0);
  const grandchild = Number(out.trim());
  assert.ok(grandchild > 0);
  for (let i = 0; i < 50 && alive(grandchild); i++) {
    await new Promise((res) => setTimeout(res, 20));
  }
  assert.equal(alive(grandchild), false, "the background sleep survived");
});

/** Whether `pid` runs (not gone, not a zombie); `ps` reads /proc for us. */
function alive(pid: number): boolean {
  const out = new Deno.Command("ps", {
    args: ["-o", "stat=", "-p", String(pid)],
    stdout: "piped",
    stderr: "null",
  }).outputSync();
  const stat = new TextDecoder().decode(out.stdout).trim();
  return out.success && stat !== "" && !stat.startsWith("Z");
}

Deno.test("a binary that cannot start is a result, not a throw", async () => {
  const r = await new ChildGroup().run({
    binary: "/nonexistent/s5cmd",
    args: [],
    env: {},
  });
  assert.equal(r.code, -1);
  assert.ok(r.spawnError);
});

Deno.test("lineSplitter joins lines across chunks and flushes the last", () => {
  const lines: string[] = [];
  const s = lineSplitter((l) => lines.push(l));
  const enc = new TextEncoder();
  s.push(enc.encode("a\nb"));
  s.push(enc.encode("c\n"));
  s.push(enc.encode("caf"));
  s.push(new Uint8Array([0xc3]));
  s.push(new Uint8Array([0xa9]));
  s.end();
  assert.deepEqual(lines, ["a", "bc", "café"]);
});
