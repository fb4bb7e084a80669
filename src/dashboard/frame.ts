/**
 * One frame of the dashboard as lines of at most `width` cells and at most
 * `height` lines: a pure function of the live view, the run's header, the
 * view state and the time, so frames are compared in tests with a fake
 * clock. Panels are dropped, lowest value first, when the terminal is small.
 *
 * @module
 */
import type { Ansis } from "ansis";
import type { LiveView } from "./live.ts";
import type { HealthJudge } from "./health.ts";
import { clipStyled } from "./_text.ts";
import {
  footer,
  header,
  helpPanel,
  inflightPanel,
  opsPanel,
  recentPanel,
  tablesPanel,
} from "./_panels.ts";

/** How the recent operations are ordered. */
export type SortKey = "recent" | "speed" | "size";

/** What is fixed for the whole run. */
export interface RunHeader {
  runId: string;
  profile: string;
  client: string;
  endpoints: readonly string[];
  /** Planned phases, in order (`prepare`, `read`, ...). */
  phases: readonly string[];
}

/** The phase under way. */
export interface PhaseNow {
  /** The planned phase (`read`). */
  name: string;
  /** The metric phase (`read-warmup` during the warm-up). */
  label: string;
  /** Run-clock start of the planned phase. */
  start: number;
  durationMs?: number;
  plannedOps?: number;
  /** Operations the phase finished so far. */
  doneOps: number;
}

/** What the user chose to see. */
export interface ViewState {
  paused: boolean;
  sort: SortKey;
  /** An op type, or `all`. */
  filter: string;
  help: boolean;
  /** Latest notices, newest last (interrupts, snapshot paths). */
  messages: readonly string[];
}

/** Everything a frame is drawn from. */
export interface FrameInput {
  now: number;
  width: number;
  height: number;
  /** Run-clock start of the run. */
  runStart: number;
  header: RunHeader;
  phase?: PhaseNow;
  /** The first Ctrl-C (or `q`) came: no new operations. */
  draining: boolean;
  view: ViewState;
  live: LiveView;
  judge: HealthJudge;
  color: Ansis;
}

/** Renders one frame. */
export function renderFrame(f: FrameInput): string[] {
  const top = header(f);
  const bottom = footer(f);
  const room = f.height - top.length - bottom.length;
  const body = f.view.help ? helpPanel(f) : bodyLines(f, room);
  const lines = [...top, ...body.slice(0, Math.max(0, room)), ...bottom];
  return lines.slice(0, f.height).map((l) => clipStyled(l, f.width));
}

/** The panels in order of value, each given what room is left. */
function bodyLines(f: FrameInput, room: number): string[] {
  const ops = opsPanel(f);
  let left = room - ops.length;
  const fits = (panel: string[]) => {
    if (panel.length === 0 || panel.length + 1 > left) return [];
    left -= panel.length + 1;
    return ["", ...panel];
  };
  const inflight = fits(inflightPanel(f, Math.min(5, left - 2)));
  const tables = fits(tablesPanel(f, 6));
  const recent = left >= 4 ? ["", ...recentPanel(f, left - 1)] : [];
  return [...ops, ...inflight, ...tables, ...recent];
}
