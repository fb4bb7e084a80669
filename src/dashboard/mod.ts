/**
 * The live dashboard on a terminal. It draws on the terminal behind stderr,
 * in its alternate screen, so stdout keeps only what the command prints
 * (the summary, or the JSON with `--json`) and the user's scrollback is
 * left as it was. It redraws a few times a second from bounded state, reads
 * keys through the injected keyboard, and restores the terminal on `stop`,
 * which every exit path calls; it can be removed without the run noticing.
 *
 * @module
 */
import type { Clock, TerminalInput, TextSink } from "../core/io.ts";
import { Dashboard, type DashboardConfig } from "./dashboard.ts";
import { Screen } from "./screen.ts";

export {
  Dashboard,
  type DashboardConfig,
  type PhaseStart,
} from "./dashboard.ts";
export type { HealthLimit } from "./health.ts";
export type { RunHeader } from "./frame.ts";

/** Where and how often to draw. */
export interface DashboardTerminal {
  /** The terminal to draw on (stderr). */
  sink: TextSink;
  /** The keyboard, when stdin is a terminal. */
  keys?: TerminalInput;
  clock: Clock;
  /** Redraw interval in ms; default 250 (4 Hz). */
  intervalMs?: number;
}

/** A dashboard on screen. */
export interface RunningDashboard {
  readonly dashboard: Dashboard;
  /** Stops drawing and reading keys, restores the terminal; idempotent. */
  stop(): void;
}

/** Puts a new dashboard on the terminal. */
export function startDashboard(
  cfg: DashboardConfig,
  term: DashboardTerminal,
): RunningDashboard {
  const dash = new Dashboard(cfg);
  const screen = new Screen(term.sink);
  const draw = painter(dash, screen, term, () => stop());
  dash.onChange = draw;
  screen.enter();
  term.keys?.setRaw(true);
  const offKeys = term.keys?.onData((b) => dash.key(b));
  const id = setInterval(
    () => dash.view.paused || draw(),
    term.intervalMs ?? 250,
  );
  function stop() {
    if (!screen.open) return;
    clearInterval(id);
    offKeys?.();
    term.keys?.setRaw(false);
    screen.leave();
  }
  draw();
  return { dashboard: dash, stop };
}

/**
 * Draws the frame for the terminal's current size. A frame that fails to
 * render stops the dashboard (the run goes on) instead of the process.
 */
function painter(
  dash: Dashboard,
  screen: Screen,
  term: DashboardTerminal,
  stop: () => void,
): () => void {
  let size = sizeOf(term.sink);
  return () => {
    if (!screen.open) return;
    try {
      const now = sizeOf(term.sink);
      if (now.width !== size.width || now.height !== size.height) {
        size = now;
        screen.invalidate();
      }
      screen.draw(dash.frame(term.clock.now(), size.width, size.height));
    } catch (err) {
      stop();
      const why = (err as Error).message;
      term.sink.write(`dashboard: stopped drawing: ${why}\n`);
    }
  };
}

/** The drawable size: one column short, so no line ever wraps. */
function sizeOf(sink: TextSink): { width: number; height: number } {
  const cols = sink.columns?.() ?? 80;
  const rows = sink.rows?.() ?? 24;
  return { width: Math.max(20, cols - 1), height: Math.max(5, rows) };
}
