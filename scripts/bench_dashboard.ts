/**
 * What the dashboard costs, three ways:
 *
 * 1. Per frame: CPU ms to render one 160 x 50 frame of a live view that has
 *    seen 200,000 records, and that at 4 Hz as a share of one core.
 * 2. Simulated run: 2000 records/s for `--seconds`, in-process, through a
 *    dashboard drawing at 4 Hz to /dev/null as a terminal, against the same
 *    stream with no dashboard, alternating; the CPU difference over the
 *    duration is the dashboard's share of one core (records, frames and
 *    terminal writes included). Controlled: no server, no network.
 * 3. With `--real`: `s3flood run` of zero-byte reads (rate cap 2000 ops/s)
 *    in a tmux pane, with the dashboard and with `--no-dashboard`; CPU of
 *    each process from bash's `time`, per operation. Needs tmux and an S3
 *    server: S3FLOOD_TEST_ENDPOINT (+ _ACCESS_KEY/_SECRET_KEY), else a
 *    MinIO of its own. On a small or busy machine the rate falls short of
 *    2000 ops/s and the difference drowns in noise; 1 and 2 do not.
 *
 *     deno run -A scripts/bench_dashboard.ts [--seconds 20] [--rounds 2]
 *       [--real]
 *
 * @module
 */
import { join } from "node:path";
import process from "node:process";
import { parseArgs } from "node:util";
import { Ansis } from "ansis";
import { Dashboard, startDashboard } from "../src/dashboard/mod.ts";
import { systemClock, type TextSink } from "../src/core/io.ts";
import type { OpRecord } from "../src/core/record.ts";
import { startMinio } from "../tests/support/minio.ts";
import { s3floodArgv, TmuxPane } from "../tests/support/tmux.ts";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "20" },
    rounds: { type: "string", default: "2" },
    real: { type: "boolean", default: false },
  },
});
const SECONDS = Number(values.seconds);

/** Prints a measurement. */
function say(line: string): void {
  // deno-lint-ignore no-console -- a script prints its measurement
  console.log(line);
}
const ROUNDS = Number(values.rounds);

const CONFIG_OF_DASH = {
  header: {
    runId: "bench",
    profile: "read",
    client: "sdk",
    endpoints: ["http://127.0.0.1:9000"],
    phases: ["read"],
  },
  color: new Ansis(3),
  maxErrorRate: 0.05,
  runStart: 0,
};

/** The i-th record of a zero-byte run at 2000 ops/s from `t0`. */
function record(i: number, t0 = 0): OpRecord {
  const t = t0 + i / 2;
  return {
    phase: "read",
    op: i % 5 ? "get" : "put",
    key: `bench/obj-${i % 1000}`,
    size: 0,
    bytes: 0,
    group: "zero",
    endpoint: "http://127.0.0.1:9000",
    client: "sdk",
    due: t,
    start: t,
    end: t + 1 + (i % 7),
    ok: i % 997 !== 0,
    errorClass: i % 997 ? undefined : "timeout",
    attempt: 1,
    final: true,
  };
}

/** CPU ms per frame of a dashboard that has seen many records. */
function frameCost(): number {
  const d = new Dashboard(CONFIG_OF_DASH);
  d.phase({ name: "read", label: "read", durationMs: 600_000 }, 0);
  for (let i = 0; i < 200_000; i++) d.write(record(i));
  const frames = 400;
  for (let f = 0; f < 50; f++) d.frame(99_000, 160, 50); // warm up the JIT
  const used = process.cpuUsage();
  for (let f = 0; f < frames; f++) d.frame(100_000 + f * 250, 160, 50);
  const { user, system } = process.cpuUsage(used);
  return (user + system) / 1000 / frames;
}

/** /dev/null as a 160 x 50 terminal, written like the real stderr. */
function nullTerminal(): TextSink {
  const file = Deno.openSync("/dev/null", { write: true });
  const enc = new TextEncoder();
  return {
    write: (text) => void file.writeSync(enc.encode(text)),
    isTerminal: true,
    columns: () => 161,
    rows: () => 50,
  };
}

/** CPU seconds of `seconds` of 2000 records/s, with or without a dashboard. */
async function simulated(dashboard: boolean): Promise<number> {
  const t0 = systemClock.now();
  const on = dashboard
    ? startDashboard(CONFIG_OF_DASH, {
      sink: nullTerminal(),
      clock: systemClock,
    })
    : undefined;
  on?.dashboard.phase({ name: "read", label: "read" }, t0);
  const sink = on?.dashboard;
  let i = 0;
  let kept = 0;
  const used = process.cpuUsage();
  const id = setInterval(() => {
    for (let k = 0; k < 20; k++) {
      const r = record(i++, t0);
      if (sink) sink.write(r);
      else kept += r.end; // the same work to make the record, kept alive
    }
  }, 10);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  clearInterval(id);
  on?.stop();
  const { user, system } = process.cpuUsage(used);
  if (kept < 0) say(String(kept));
  return (user + system) / 1e6;
}

async function simulatedRuns(): Promise<void> {
  const cpu = { on: [] as number[], off: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    cpu.on.push(await simulated(true));
    cpu.off.push(await simulated(false));
  }
  const on = mean(cpu.on);
  const off = mean(cpu.off);
  say(
    `simulated ${SECONDS} s at 2000 records/s: cpu ${on.toFixed(3)} s with ` +
      `the dashboard at 4 Hz, ${off.toFixed(3)} s without; the dashboard ` +
      `costs ${((on - off) / SECONDS * 100).toFixed(2)}% of one core`,
  );
}

const CONFIG = (endpoint: string) =>
  `endpoint: ${endpoint}
bucket: s3flood-bench-dashboard
create_bucket: true
prefix: bench
dataset:
  root: ./data
  groups:
    zero: { count: 500, min_size: 0, max_size: 0 }
profile: read
concurrency: 32
rate: 2000
duration: ${SECONDS}s
output: { dir: ./results }
`;

interface Sample {
  dashboard: boolean;
  cpuSeconds: number;
  opsPerSec: number;
}

/** One run in a tmux pane; its CPU time and achieved rate. */
async function runOnce(
  dir: string,
  env: Record<string, string>,
  dashboard: boolean,
): Promise<Sample> {
  const args = ["run", "bench.yaml", "--json"];
  if (!dashboard) args.push("--no-dashboard");
  const cmd = s3floodArgv(args).map((a) => `'${a}'`).join(" ");
  const script = `TIMEFORMAT='%U %S'; { time ${cmd} > out.json 2>/dev/tty; }` +
    ` 2> cpu.txt`;
  await using pane = await TmuxPane.start(["bash", "-c", script], {
    cwd: dir,
    env,
    width: 160,
    height: 50,
  });
  await pane.waitFor(/^EXIT=\d+$/m, (SECONDS + 120) * 1000);
  const [user, sys] = (await Deno.readTextFile(join(dir, "cpu.txt")))
    .trim().split(/\s+/).map(Number);
  const report = JSON.parse(await Deno.readTextFile(join(dir, "out.json")));
  const read = report.phases.find((p: { name: string }) => p.name === "read");
  return {
    dashboard,
    cpuSeconds: user + sys,
    opsPerSec: read?.totals.opsPerSec ?? 0,
  };
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
}

async function endToEnd(): Promise<Sample[]> {
  await using minio = await startMinio();
  const dir = await Deno.makeTempDir({ prefix: "s3flood-bench-dash-" });
  await Deno.writeTextFile(join(dir, "bench.yaml"), CONFIG(minio.endpoint));
  const samples: Sample[] = [];
  try {
    for (let r = 0; r < ROUNDS; r++) {
      for (const dashboard of [true, false]) {
        const s = await runOnce(dir, minio.env(), dashboard);
        say(
          `${dashboard ? "dashboard   " : "no-dashboard"}  cpu ${
            s.cpuSeconds.toFixed(2)
          } s  read ${s.opsPerSec.toFixed(0)} ops/s`,
        );
        samples.push(s);
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  return samples;
}

const perFrame = frameCost();
say(
  `frame: ${perFrame.toFixed(2)} ms CPU (160x50, 200k records seen); ` +
    `at 4 Hz ${(perFrame * 4 / 10).toFixed(2)}% of one core`,
);
await simulatedRuns();
if (values.real) {
  const samples = await endToEnd();
  const perOp = (dash: boolean) => {
    const mine = samples.filter((s) => s.dashboard === dash);
    return mean(mine.map((s) => s.cpuSeconds / (s.opsPerSec * SECONDS))) * 1e3;
  };
  const rate = mean(samples.map((s) => s.opsPerSec));
  say(
    `real run of ${SECONDS} s at ${rate.toFixed(0)} ops/s: cpu per op ` +
      `${perOp(true).toFixed(3)} ms with the dashboard, ${
        perOp(false).toFixed(3)
      } ms without; ratio ${(perOp(true) / perOp(false)).toFixed(3)}`,
  );
}
