/**
 * CPU time of this process and of the children it has waited for, for
 * `compare`: the SDK runs inside s3flood, the other clients in child
 * processes whose time the kernel adds to ours once they are reaped.
 *
 * @module
 */
import process from "node:process";
import type { RunCpu } from "../report/client_compare.ts";

/** Clock ticks per second of /proc times (USER_HZ, 100 on Linux ABIs). */
const TICKS = 100;

/** CPU seconds so far: this process, and its reaped children (Linux). */
export function cpuNow(): RunCpu {
  const u = process.cpuUsage();
  return {
    selfSeconds: (u.user + u.system) / 1e6,
    childrenSeconds: childrenSeconds(),
  };
}

/** CPU spent between two readings. */
export function cpuSince(before: RunCpu, after: RunCpu = cpuNow()): RunCpu {
  const kids = before.childrenSeconds === null || after.childrenSeconds === null
    ? null
    : after.childrenSeconds - before.childrenSeconds;
  return {
    selfSeconds: after.selfSeconds - before.selfSeconds,
    childrenSeconds: kids,
  };
}

/**
 * cutime + cstime of this process's /proc stat, or null off Linux. Deno
 * lets only --allow-all read /proc, so a `cat` child reads it for us.
 */
function childrenSeconds(): number | null {
  if (Deno.build.os !== "linux") return null;
  try {
    const out = new Deno.Command("cat", {
      args: [`/proc/${Deno.pid}/stat`],
      clearEnv: true,
      env: { PATH: "/usr/bin:/bin" },
      stdout: "piped",
      stderr: "null",
    }).outputSync();
    if (!out.success) return null;
    const stat = new TextDecoder().decode(out.stdout);
    // fields after the command name, which ends at the last ")"
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[13]) + Number(f[14])) / TICKS;
  } catch {
    return null;
  }
}
