/**
 * The metrics collector: consumes operation records and keeps, per phase,
 * counters and histograms per op × group × endpoint × client; coarser
 * breakdowns are merged from those leaves on demand. Memory depends on the
 * number of phases, ops and labels, never on the number of records.
 *
 * @module
 */
import type { OpRecord } from "../core/record.ts";
import { type Bounds, PhaseState } from "./_phase.ts";
import type { LiveTotals, PhaseStats } from "./types.ts";

/** Bounds on the breakdowns; the defaults suit any sane config. */
export interface CollectorOptions {
  /**
   * Distinct groups, endpoints or clients kept per op; further ones are
   * counted under `other`. Pass at least the config's counts. Default 64.
   */
  maxLabels?: number;
  /**
   * Op × group × endpoint × client leaves kept per phase; further
   * combinations are counted under other/other/other. Default 4096.
   */
  maxSlices?: number;
  /** Distinct error codes kept per slice, then `other`. Default 50. */
  maxErrorCodes?: number;
}

/**
 * Turns operation records into phase figures.
 *
 * Times are milliseconds on the run's monotonic clock (`Clock.now()`), the
 * same clock the records use. Throughput divides by each phase's wall time
 * (end - start), never by summed per-operation times.
 *
 * @example
 * ```ts
 * import { MetricsCollector } from "./collector.ts";
 * const m = new MetricsCollector();
 * m.startPhase("write", 0);
 * m.record({
 *   phase: "write", op: "put", key: "k", size: 8, bytes: 8, group: "g",
 *   endpoint: "e", client: "sdk", due: 0, start: 0, end: 500, ok: true,
 *   attempt: 1, final: true,
 * });
 * m.endPhase("write", 1000);
 * console.assert(m.phaseStats()[0].totals.bytesPerSec === 8);
 * ```
 */
export class MetricsCollector {
  readonly #bounds: Bounds;
  readonly #phases = new Map<string, PhaseState>();
  #current: PhaseState | undefined;
  #last: PhaseState | undefined;

  /** Creates an empty collector. */
  constructor(options: CollectorOptions = {}) {
    this.#bounds = {
      maxLabels: options.maxLabels ?? 64,
      maxSlices: options.maxSlices ?? 4096,
      maxCodes: options.maxErrorCodes ?? 50,
    };
  }

  /**
   * Starts a phase at `startMs`. Records naming a phase that was never
   * started still count; the phase then starts at its earliest `due`.
   */
  startPhase(name: string, startMs: number): void {
    const known = this.#phases.get(name);
    if (known !== undefined && !known.implicit) {
      throw new Error(`start phase '${name}': it was already started`);
    }
    const phase = known ?? new PhaseState(name, startMs, false, this.#bounds);
    phase.implicit = false;
    phase.startMs = startMs;
    this.#phases.set(name, phase);
    this.#current = phase;
  }

  /** Ends a phase at `endMs`; records arriving later still count. */
  endPhase(name: string, endMs: number): void {
    const phase = this.#phases.get(name);
    if (phase === undefined) {
      const known = [...this.#phases.keys()].join(", ") || "none";
      throw new Error(`end phase '${name}': not started (started: ${known})`);
    }
    phase.endMs = endMs;
  }

  /** Counts one attempt. O(1) and allocation-free once its slice exists. */
  record(r: OpRecord): void {
    let phase = this.#last;
    if (phase === undefined || phase.name !== r.phase) {
      phase = this.#phaseFor(r);
      this.#last = phase;
    }
    phase.add(r);
  }

  #phaseFor(r: OpRecord): PhaseState {
    const known = this.#phases.get(r.phase);
    if (known !== undefined) return known;
    const phase = new PhaseState(r.phase, r.due, true, this.#bounds);
    this.#phases.set(r.phase, phase);
    this.#current ??= phase;
    return phase;
  }

  /** Cumulative totals of the phase most recently started, at `nowMs`. */
  live(nowMs: number): LiveTotals {
    const p = this.#current;
    if (p === undefined) {
      const zero = { ops: 0, okOps: 0, errors: 0, retries: 0, bytes: 0 };
      return { phase: null, ...zero, elapsedMs: 0 };
    }
    return {
      phase: p.name,
      ops: p.ops,
      okOps: p.okOps,
      errors: p.errors,
      retries: p.retries,
      bytes: p.bytes,
      elapsedMs: Math.max(0, (p.endMs ?? nowMs) - p.startMs),
    };
  }

  /** A plain snapshot of every phase, in the order they began. */
  phaseStats(): PhaseStats[] {
    return [...this.#phases.values()].map((p) => p.stats());
  }
}
