/** The dashboard on a (captured) terminal: keys, stop, failures. */
import assert from "node:assert/strict";
import type { Ansis } from "ansis";
import {
  CaptureSink,
  systemClock,
  type TerminalInput,
} from "../../../src/core/io.ts";
import { startDashboard } from "../../../src/dashboard/mod.ts";
import { config } from "./_fixture.ts";

function keyboard() {
  const raw: boolean[] = [];
  let listener: ((b: Uint8Array) => void) | undefined;
  const input: TerminalInput = {
    isTerminal: true,
    setRaw: (on) => raw.push(on),
    onData: (l) => {
      listener = l;
      return () => (listener = undefined);
    },
    streams: () => {
      throw new Error("no streams");
    },
  };
  const press = (k: string) => listener?.(new TextEncoder().encode(k));
  return { input, raw, press, listening: () => listener !== undefined };
}

Deno.test("start: draws, reads keys, and stop gives everything back", () => {
  const sink = new CaptureSink(true);
  const keys = keyboard();
  let quits = 0;
  const running = startDashboard(config({ onQuit: () => quits++ }), {
    sink,
    keys: keys.input,
    clock: systemClock,
  });
  const text = sink.text();
  assert.ok(text.startsWith("\x1b[?1049h") && text.includes("s3flood run"));
  keys.press("q");
  assert.equal(quits, 1);
  running.stop();
  running.stop();
  assert.deepEqual(keys.raw, [true, false]);
  assert.equal(keys.listening(), false);
  assert.ok(sink.text().endsWith("\x1b[?25h\x1b[?1049l"));
});

Deno.test("start: a frame that fails stops the dashboard, not the run", () => {
  const sink = new CaptureSink(true);
  const keys = keyboard();
  const broken = {
    bold: () => {
      throw new Error("boom");
    },
  } as unknown as Ansis;
  const running = startDashboard(config({ color: broken }), {
    sink,
    keys: keys.input,
    clock: systemClock,
  });
  assert.deepEqual(keys.raw, [true, false]);
  const text = sink.text();
  const left = text.indexOf("\x1b[?1049l");
  assert.ok(left > 0 && text.indexOf("stopped drawing: boom") > left);
  running.stop();
});
