import assert from "node:assert/strict";
import { classifyError, classifyS3 } from "../../../src/runners/_classify.ts";

Deno.test("S3 codes and statuses map to one error grammar", () => {
  assert.equal(classifyS3("SlowDown", 503), "throttled");
  assert.equal(classifyS3(undefined, 429), "throttled");
  assert.equal(classifyS3("InternalError", 500), "server");
  assert.equal(classifyS3("NoSuchKey", 404), "not_found");
  assert.equal(classifyS3("AccessDenied", 403), "access_denied");
  assert.equal(classifyS3("InvalidArgument", 400), "client_4xx");
});

Deno.test("SDK-shaped errors keep their code and status", () => {
  const err = Object.assign(new Error("Please reduce your request rate."), {
    name: "SlowDown",
    $metadata: { httpStatusCode: 503 },
  });
  assert.deepEqual(classifyError(err, false), {
    errorClass: "throttled",
    errorCode: "SlowDown",
    httpStatus: 503,
    message: "Please reduce your request rate.",
  });
});

Deno.test("an unknown SDK error with a status becomes HttpNNN", () => {
  const err = Object.assign(new Error("UnknownError"), {
    name: "Unknown",
    $metadata: { httpStatusCode: 502 },
  });
  const c = classifyError(err, false);
  assert.equal(c.errorCode, "Http502");
  assert.equal(c.errorClass, "server");
});

Deno.test("network failures, timeouts and aborts are told apart", () => {
  const reset = new TypeError("error sending request: connection reset");
  assert.equal(classifyError(reset, false).errorClass, "connection");
  const timeout = Object.assign(new Error("Request timed out"), {
    name: "TimeoutError",
  });
  assert.equal(classifyError(timeout, false).errorClass, "timeout");
  assert.equal(classifyError(new Error("x"), true).errorClass, "aborted");
});
