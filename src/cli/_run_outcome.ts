/**
 * How a run ended, from what it did: its status, its exit code and the
 * notes a reader of the report must see. Pure: no I/O.
 *
 * @module
 */
import { ExitCode } from "../core/exit_codes.ts";
import type { Settings } from "../config/settings.ts";
import type { CleanupResult } from "../engine/cleanup.ts";
import type { RunPhasesResult } from "../engine/run.ts";
import { ALL_FAILED_WINDOW } from "../engine/error_guard.ts";
import type { RunStatus, RunTotals } from "../report/mod.ts";
import { describeCleanup } from "./cleanup.ts";

/** What {@link runOutcome} looks at. */
export interface OutcomeInput {
  settings: Settings;
  /** Notes gathered so far (warnings, preflight, runner caveats). */
  notes: string[];
  /** Objects the run logged as written. */
  written: number;
  runPrefix: string;
  totals: RunTotals;
  result?: RunPhasesResult;
  failure?: unknown;
  cleanup?: CleanupResult;
}

/** The run's status, exit code and notes. */
export interface Outcome {
  status: RunStatus;
  code: number;
  notes: string[];
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

/**
 * Decides the outcome: a failure beats an interrupt, which beats the
 * error rate; notes say where the data is and what went wrong.
 */
export function runOutcome(i: OutcomeInput): Outcome {
  const s = i.settings;
  const notes = [
    ...i.notes,
    `objects of this run: s3://${s.bucket}/${i.runPrefix} (${i.written} written, listed in keys.jsonl)`,
  ];
  const r = i.result;
  if (r?.abortedUploads) {
    notes.push(`aborted ${r.abortedUploads} open multipart uploads`);
  }
  if (i.cleanup) notes.push(`cleanup: ${describeCleanup(i.cleanup)}`);
  notes.push(...dropNotes(s, r));
  if (r?.stoppedByErrors) {
    notes.push(
      `stopped early: the last ${ALL_FAILED_WINDOW} operations on every endpoint all failed`,
    );
  }
  const status: RunStatus = i.failure
    ? "failed"
    : r?.interrupted
    ? "interrupted"
    : "completed";
  let code: number = status === "failed"
    ? ExitCode.FAILURE
    : status === "interrupted"
    ? ExitCode.INTERRUPTED
    : ExitCode.OK;
  const t = i.totals;
  const errorRate = t.count > 0 ? t.errors / t.count : 0;
  const over = errorRate > s.maxErrorRate;
  if (code === ExitCode.OK && (over || r?.stoppedByErrors)) {
    code = ExitCode.ERROR_RATE;
  }
  if (over) {
    notes.push(
      `error rate ${pct(errorRate)} exceeds max_error_rate ${
        pct(s.maxErrorRate)
      }`,
    );
  }
  if (i.failure) {
    const e = i.failure as Error;
    notes.push(`run failed: ${e?.message ?? String(i.failure)}`);
  }
  return { status, code, notes };
}

function dropNotes(s: Settings, r?: RunPhasesResult): string[] {
  return Object.entries(r?.dropped ?? {}).filter(([, n]) => n > 0).map((
    [phase, n],
  ) =>
    `${phase}: ${n} arrivals dropped at the in-flight cap (max_in_flight ${s.load.maxInFlight}); the server could not keep up with the target rate`
  );
}
