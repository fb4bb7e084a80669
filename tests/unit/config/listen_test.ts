import assert from "node:assert/strict";
import { parseListen } from "../../../src/config/observability.ts";

Deno.test("metrics_listen takes PORT, :PORT, HOST:PORT and [IPv6]:PORT", () => {
  const loopback = { hostname: "127.0.0.1", port: 9466 };
  assert.deepEqual(parseListen("9466"), loopback);
  assert.deepEqual(parseListen(":9466"), loopback);
  assert.deepEqual(parseListen("0.0.0.0:80"), {
    hostname: "0.0.0.0",
    port: 80,
  });
  assert.deepEqual(parseListen("[::1]:80"), { hostname: "::1", port: 80 });
  assert.match(parseListen("host") as string, /not a listen address/);
  assert.match(parseListen("70000") as string, /not a listen address/);
});
