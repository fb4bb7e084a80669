/**
 * What the dashboard knows of a run, fed with every operation record like
 * any sink: per op, a per-second series of the last minute, a window of the
 * last N latencies and a histogram over the run; per size group and per
 * endpoint, the same in a bounded table; errors, retries and throttles; a
 * ring of recent operations; and the large objects in flight.
 *
 * Every `write` is O(1) and allocation-light, and memory is fixed whatever
 * the run's length: rendering reads these structures a few times a second.
 *
 * @module
 */
import type { OpRecord, OpType } from "../core/record.ts";
import { LatencyHistogram } from "../metrics/histogram.ts";
import { SecondSeries } from "./_series.ts";
import { RecentWindow } from "./_window.ts";
import { Inflight } from "./inflight.ts";

/** Live figures of one op type. */
export interface OpLive {
  op: OpType;
  /** Phase of the op's latest record. */
  phase: string;
  series: SecondSeries;
  window: RecentWindow;
  /** Latency of successful operations over the run. */
  run: LatencyHistogram;
  ops: number;
  bytes: number;
}

/** One row of the group or endpoint table: an op on one label. */
export interface LabelRow {
  op: OpType;
  label: string;
  ops: number;
  bytes: number;
  /** Run-clock time of the row's first operation's start. */
  firstMs: number;
  latency: LatencyHistogram;
}

/** A finished operation as the recent list shows it. */
export interface RecentOp {
  op: OpType;
  key: string;
  size: number;
  bytes: number;
  ok: boolean;
  /** Error class of a failure, `ok` otherwise. */
  status: string;
  latencyMs: number;
  /** MiB/s of the operation's own transfer; 0 when it moved nothing. */
  speed: number;
  end: number;
}

/** Bounds of a {@link LiveView}. */
export interface LiveOptions {
  /** Operations in each latency window. Default 1000. */
  window?: number;
  /** Recent operations kept. Default 200. */
  recent?: number;
  /** Labels per table before `other`. Default 16. */
  maxLabels?: number;
  /** Objects at least this large get a progress bar. Default 8 MiB. */
  largeBytes?: number;
}

/** A bounded table of op × label rows; labels past the bound are `other`. */
export class LabelTable {
  /** Rows by `op label`. */
  readonly rows = new Map<string, LabelRow>();
  readonly #max: number;

  /** A table of at most `max` labels (plus `other`). */
  constructor(max: number) {
    this.#max = max;
  }

  /** Counts a final record under `label`. */
  add(r: OpRecord, label: string): void {
    let row = this.rows.get(`${r.op} ${label}`);
    if (!row) {
      const lbl = this.rows.size >= this.#max ? "other" : label;
      row = this.rows.get(`${r.op} ${lbl}`) ?? this.#make(r, lbl);
    }
    row.ops++;
    if (!r.ok) return;
    row.bytes += r.bytes;
    row.latency.record(r.end - r.due);
  }

  #make(r: OpRecord, label: string): LabelRow {
    const row: LabelRow = {
      op: r.op,
      label,
      ops: 0,
      bytes: 0,
      firstMs: r.start,
      latency: new LatencyHistogram(2),
    };
    this.rows.set(`${r.op} ${label}`, row);
    return row;
  }
}

/** The dashboard's view of a run; a record sink. */
export class LiveView {
  /** Per op type, in the order first seen. */
  readonly byOp = new Map<OpType, OpLive>();
  /** Per op and size group. */
  readonly groups: LabelTable;
  /** Per op and endpoint. */
  readonly endpoints: LabelTable;
  /** Failed operations by error class. */
  readonly errorsByClass: Record<string, number> = {};
  /** Large objects being moved. */
  readonly inflight: Inflight;
  /** Logical operations finished. */
  ops = 0;
  /** Operations that failed after their last attempt. */
  errors = 0;
  /** Attempts retried. */
  retries = 0;
  /** Attempts the server throttled. */
  throttled = 0;
  readonly #recent: RecentOp[] = [];
  readonly #recentMax: number;
  #recentNext = 0;
  readonly #windowSize: number;

  /** An empty view. */
  constructor(o: LiveOptions = {}) {
    this.#windowSize = o.window ?? 1000;
    this.#recentMax = o.recent ?? 200;
    this.groups = new LabelTable(o.maxLabels ?? 16);
    this.endpoints = new LabelTable(o.maxLabels ?? 16);
    this.inflight = new Inflight(o.largeBytes ?? 8 * 2 ** 20);
  }

  /** Counts one attempt (every attempt, final or retried). */
  write(r: OpRecord): void {
    if (r.errorClass === "throttled") this.throttled++;
    if (!r.final) {
      this.retries++;
      return;
    }
    this.ops++;
    if (!r.ok) this.#failed(r);
    const live = this.#op(r.op);
    live.ops++;
    live.phase = r.phase;
    const latency = r.end - r.due;
    live.window.add(r.ok, latency);
    if (r.ok) {
      live.bytes += r.bytes;
      live.series.add(r.end, r.bytes);
      live.run.record(latency);
    }
    this.groups.add(r, r.group || "-");
    this.endpoints.add(r, r.endpoint || "default");
    this.#remember(r, latency);
  }

  /** The recent operations kept, oldest first. */
  recent(): RecentOp[] {
    const n = this.#recent.length;
    if (n < this.#recentMax) return [...this.#recent];
    const i = this.#recentNext;
    return [...this.#recent.slice(i), ...this.#recent.slice(0, i)];
  }

  #failed(r: OpRecord): void {
    this.errors++;
    const c = r.errorClass ?? "other";
    this.errorsByClass[c] = (this.errorsByClass[c] ?? 0) + 1;
  }

  #op(op: OpType): OpLive {
    let live = this.byOp.get(op);
    if (live) return live;
    live = {
      op,
      phase: "",
      series: new SecondSeries(60),
      window: new RecentWindow(this.#windowSize),
      run: new LatencyHistogram(2),
      ops: 0,
      bytes: 0,
    };
    this.byOp.set(op, live);
    return live;
  }

  #remember(r: OpRecord, latencyMs: number): void {
    const took = r.end - r.start;
    const op: RecentOp = {
      op: r.op,
      key: r.key,
      size: r.size,
      bytes: r.bytes,
      ok: r.ok,
      status: r.ok ? "ok" : r.errorClass ?? "error",
      latencyMs,
      speed: took > 0 ? r.bytes / 2 ** 20 / (took / 1000) : 0,
      end: r.end,
    };
    if (this.#recent.length < this.#recentMax) this.#recent.push(op);
    else this.#recent[this.#recentNext] = op;
    this.#recentNext = (this.#recentNext + 1) % this.#recentMax;
  }
}
