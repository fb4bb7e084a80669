/** The terminal writer: alternate screen, line diffs, restoring. */
import assert from "node:assert/strict";
import { CaptureSink } from "../../../src/core/io.ts";
import { Screen } from "../../../src/dashboard/screen.ts";

const ENTER = "\x1b[?1049h\x1b[?25l";
const LEAVE = "\x1b[?25h\x1b[?1049l";

Deno.test("screen: enters the alternate screen and hides the cursor", () => {
  const sink = new CaptureSink(true);
  const s = new Screen(sink);
  s.enter();
  assert.ok(sink.text().startsWith(ENTER));
});

Deno.test("screen: redraws only the lines that changed, synchronized", () => {
  const sink = new CaptureSink(true);
  const s = new Screen(sink);
  s.enter();
  s.draw(["a", "b", "c"]);
  const before = sink.text().length;
  s.draw(["a", "B", "c"]);
  const frame = sink.text().slice(before);
  assert.equal(frame, "\x1b[?2026h\x1b[2;1HB\x1b[0m\x1b[K\x1b[?2026l");
  s.draw(["a", "B", "c"]);
  assert.equal(
    sink.text().length,
    before + frame.length,
    "no change, no write",
  );
});

Deno.test("screen: a shorter frame clears below it", () => {
  const sink = new CaptureSink(true);
  const s = new Screen(sink);
  s.enter();
  s.draw(["a", "b", "c"]);
  s.draw(["a"]);
  assert.ok(sink.text().includes("\x1b[2;1H\x1b[J"));
});

Deno.test("screen: leave restores once, from any number of calls", () => {
  const sink = new CaptureSink(true);
  const s = new Screen(sink);
  s.enter();
  s.leave();
  s.leave();
  const text = sink.text();
  assert.equal(text.split(LEAVE).length - 1, 1);
  assert.ok(text.endsWith(LEAVE));
  s.draw(["late"]);
  assert.ok(!sink.text().includes("late"), "no drawing after leave");
});
