/**
 * The dashboard's state and behaviour, apart from any terminal: it takes
 * records, phase changes, notices and keys, and renders frames for a given
 * time. {@link startDashboard} (mod.ts) puts it on a terminal; tests drive
 * it directly with a fake clock.
 *
 * @module
 */
import type { Ansis } from "ansis";
import type { OpRecord } from "../core/record.ts";
import { type FrameInput, renderFrame, type RunHeader } from "./frame.ts";
import type { PhaseNow, SortKey, ViewState } from "./frame.ts";
import { HealthJudge, type HealthLimit } from "./health.ts";
import { type LiveOptions, LiveView } from "./live.ts";

/** What the dashboard needs besides records. */
export interface DashboardConfig {
  header: RunHeader;
  color: Ansis;
  /** Thresholds from the config, to colour by; may be empty. */
  limits?: readonly HealthLimit[];
  /** The run's `max_error_rate`. */
  maxErrorRate: number;
  /** Run-clock time the run started. */
  runStart: number;
  /** Bounds of the live view. */
  live?: LiveOptions;
  /** `q`: stop the run as Ctrl-C does. */
  onQuit?(): void;
  /** `e`: writes a snapshot and returns where. */
  onSnapshot?(): Promise<string>;
}

/** A phase as the engine announces it. */
export interface PhaseStart {
  name: string;
  label: string;
  plannedOps?: number;
  durationMs?: number;
}

const SORTS: SortKey[] = ["recent", "speed", "size"];
const MAX_MESSAGES = 20;

/** The dashboard without a terminal. */
export class Dashboard {
  /** What the dashboard knows of the run. */
  readonly live: LiveView;
  readonly #cfg: DashboardConfig;
  readonly #judge: HealthJudge;
  #phase: PhaseNow | undefined;
  #draining = false;
  #view: ViewState = {
    paused: false,
    sort: "recent",
    filter: "all",
    help: false,
    messages: [],
  };
  /** Called after a key changed what should be on screen. */
  onChange: () => void = () => {};

  /** A dashboard for one run. */
  constructor(cfg: DashboardConfig) {
    this.#cfg = cfg;
    this.live = new LiveView(cfg.live);
    this.#judge = new HealthJudge(cfg.limits ?? [], cfg.maxErrorRate);
  }

  /** The view state (paused, sort, filter, help, notices). */
  get view(): Readonly<ViewState> {
    return this.#view;
  }

  /** Counts a record; a record sink. */
  write(r: OpRecord): void {
    this.live.write(r);
    const p = this.#phase;
    if (p && r.final && r.phase.startsWith(p.name)) p.doneOps++;
  }

  /** A phase (or its warm-up) started at `now`. */
  phase(p: PhaseStart, now: number): void {
    const same = this.#phase?.name === p.name;
    this.#phase = {
      name: p.name,
      label: p.label,
      start: same ? this.#phase!.start : now,
      durationMs: p.durationMs,
      plannedOps: p.plannedOps,
      doneOps: same ? this.#phase!.doneOps : 0,
    };
  }

  /** The run stopped scheduling: operations in flight drain. */
  drain(): void {
    this.#draining = true;
  }

  /** Shows a notice at the foot of the screen. */
  notice(text: string): void {
    const lines = text.split("\n").map((l) => l.trim()).filter((l) => l);
    if (lines.length === 0) return;
    const msgs = [...this.#view.messages, ...lines].slice(-MAX_MESSAGES);
    this.#view = { ...this.#view, messages: msgs };
  }

  /** Every notice shown so far, oldest first. */
  get messages(): readonly string[] {
    return this.#view.messages;
  }

  /** Renders the frame at `now` for a `width` × `height` terminal. */
  frame(now: number, width: number, height: number): string[] {
    const input: FrameInput = {
      now,
      width,
      height,
      runStart: this.#cfg.runStart,
      header: this.#cfg.header,
      phase: this.#phase,
      draining: this.#draining,
      view: this.#view,
      live: this.live,
      judge: this.#judge,
      color: this.#cfg.color,
    };
    return renderFrame(input);
  }

  /** Handles the bytes of a key press. */
  key(bytes: Uint8Array): void {
    const k = new TextDecoder().decode(bytes);
    if (k.startsWith("\x1b")) return; // arrows and other sequences
    for (const ch of k) this.#press(ch);
  }

  #press(ch: string): void {
    const v = this.#view;
    switch (ch.toLowerCase()) {
      case "p":
        this.#view = { ...v, paused: !v.paused };
        break;
      case "s":
        this.#view = { ...v, sort: next(SORTS, v.sort) };
        break;
      case "f":
        this.#view = { ...v, filter: next(this.#filters(), v.filter) };
        break;
      case "?":
      case "h":
        this.#view = { ...v, help: !v.help };
        break;
      case "e":
        this.#snapshot();
        break;
      case "q":
      case "\x03":
        this.#cfg.onQuit?.();
        break;
      default:
        return;
    }
    this.onChange();
  }

  #filters(): string[] {
    return ["all", ...this.live.byOp.keys()];
  }

  #snapshot(): void {
    const take = this.#cfg.onSnapshot;
    if (!take) return this.notice("snapshot: not available in this run");
    take().then(
      (path) => this.notice(`snapshot written to ${path}`),
      (err) => this.notice(`snapshot failed: ${(err as Error).message}`),
    ).finally(() => this.onChange());
  }
}

function next<T>(list: readonly T[], cur: T): T {
  return list[(list.indexOf(cur) + 1) % list.length];
}
