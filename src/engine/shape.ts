/**
 * Rate shapes: the target rate at each moment of a phase, from the load
 * model's rate, ramp and pattern. Data in, numbers out; the schedulers
 * turn them into start times.
 *
 * @module
 */
import type { LoadShape } from "../config/settings.ts";

/** The rate in force at a moment and until when it holds. */
export interface RateNow {
  /** Operations per second; Infinity means unlimited, 0 means paused. */
  rate: number;
  /** Phase-relative ms when the rate next changes abruptly (Infinity: never). */
  until: number;
}

/** A phase's rate over time (t in ms since the phase started). */
export type RateShape = (t: number) => RateNow;

/**
 * Builds the rate shape of a phase lasting `durationMs` (undefined when it
 * ends by op count). A ramp moves linearly from `rate` to `rateEnd`.
 */
export function rateShape(load: LoadShape, durationMs?: number): RateShape {
  const base = (t: number): number => {
    if (load.rate === undefined) return Infinity;
    if (load.rateEnd === undefined || !durationMs) return load.rate;
    const f = Math.min(1, Math.max(0, t / durationMs));
    return load.rate + (load.rateEnd - load.rate) * f;
  };
  const p = load.pattern;
  if (p.kind === "sustained") {
    return (t) => ({ rate: base(t), until: Infinity });
  }
  const period = p.onMs + p.offMs;
  return (t) => {
    const cycle = Math.floor(t / period);
    const inCycle = t - cycle * period;
    if (inCycle < p.onMs) {
      return { rate: p.burstRate ?? base(t), until: cycle * period + p.onMs };
    }
    return { rate: p.idleRate, until: (cycle + 1) * period };
  };
}

/**
 * The next arrival after `t` for the open model: constant spacing of
 * `1/rate`, or exponential gaps (Poisson arrivals) drawn from `uniform`.
 * A paused stretch (rate 0) is skipped to its end.
 */
export function nextArrival(
  shape: RateShape,
  t: number,
  poisson: boolean,
  uniform: () => number,
): number {
  for (let guard = 0; guard < 1_000_000; guard++) {
    const now = shape(t);
    if (now.rate > 0 && Number.isFinite(now.rate)) {
      const gap = poisson ? -Math.log(1 - uniform()) / now.rate : 1 / now.rate;
      const next = t + gap * 1000;
      if (next <= now.until) return next;
      t = now.until;
      continue;
    }
    if (now.rate === Infinity) return t;
    if (now.until === Infinity) return Infinity;
    t = now.until;
  }
  return Infinity;
}
