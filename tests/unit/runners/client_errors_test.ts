import assert from "node:assert/strict";
import {
  classifyClientText,
  parseErrorText,
} from "../../../src/runners/_classify.ts";

/** stderr as the clients print it (captured from real runs). */
const AWS_NO_BUCKET =
  "upload failed: ./f.txt to s3://nobucket/x An error occurred (NoSuchBucket) when calling the PutObject operation (reached max retries: 0): The specified bucket does not exist";
const AWS_404 =
  "download failed: s3://exp/aws/nonexist to - An error occurred (404) when calling the HeadObject operation (reached max retries: 0): Not Found";
const AWS_REFUSED =
  'upload failed: ./f.txt to s3://exp/x Could not connect to the endpoint URL: "http://127.0.0.1:1/exp/x"';
const S5CMD_SIGNATURE =
  '{"operation":"cp","command":"cp f.txt s3://exp/x","error":"SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. Check your key and signing method. status code: 403, request id: 18EDCBA1E0A5D5B3, host id: a9"}';
const S5CMD_SLOWDOWN =
  '{"operation":"cp","command":"cp a s3://b/k","error":"SlowDown: Please reduce your request rate. status code: 503, request id: 1"}';
const RCLONE_NO_BUCKET =
  "2026/12/03 16:35:43 ERROR : f.txt: Failed to copy: operation error S3: PutObject, https response error StatusCode: 404, RequestID: 18EDCBA6B88DC36E, HostID: a9, api error NoSuchBucket: The specified bucket does not exist";
const RCLONE_REFUSED =
  '2026/12/03 16:35:43 ERROR : f.txt: Failed to copy: operation error S3: PutObject, exceeded maximum number of attempts, 1, https response error StatusCode: 0, RequestID: , HostID: , request send failed, Put "http://127.0.0.1:1/exp/x.bin?x-id=PutObject": dial tcp 127.0.0.1:1: connect: connection refused';

Deno.test("S3 codes and statuses come out of each client's stderr", () => {
  assert.deepEqual(
    [AWS_NO_BUCKET, AWS_404, S5CMD_SIGNATURE, S5CMD_SLOWDOWN, RCLONE_NO_BUCKET]
      .map((t) => {
        const { code, status } = parseErrorText(t);
        return [code, status];
      }),
    [
      ["NoSuchBucket", 404],
      ["NotFound", 404],
      ["SignatureDoesNotMatch", 403],
      ["SlowDown", 503],
      ["NoSuchBucket", 404],
    ],
  );
});

Deno.test("client failures get the SDK's classes and a message naming the client", () => {
  const aws = classifyClientText("awscli", AWS_NO_BUCKET, 1);
  assert.equal(aws.errorClass, "not_found");
  assert.equal(aws.httpStatus, 404);
  assert.match(
    aws.message,
    /^awscli: NoSuchBucket \(HTTP 404\): upload failed: .*; what to do: create the bucket, or set create_bucket: true$/,
  );
  const s5 = classifyClientText("s5cmd", S5CMD_SIGNATURE, 1);
  assert.equal(s5.errorClass, "access_denied");
  assert.match(
    s5.message,
    /^s5cmd: SignatureDoesNotMatch .*AWS_SECRET_ACCESS_KEY/,
  );
  assert.equal(
    classifyClientText("s5cmd", S5CMD_SLOWDOWN, 1).errorClass,
    "throttled",
  );
});

Deno.test("connection failures and unknown exits are classified too", () => {
  for (
    const [client, text] of [["awscli", AWS_REFUSED], [
      "rclone",
      RCLONE_REFUSED,
    ]]
  ) {
    const c = classifyClientText(client, text, 1);
    assert.equal(c.errorClass, "connection", text);
    assert.equal(c.errorCode, "ConnectionError");
    assert.match(c.message, /what to do: check the endpoint URL/);
  }
  const odd = classifyClientText("rclone", "something odd happened\n", 7);
  assert.deepEqual(
    { class: odd.errorClass, code: odd.errorCode },
    { class: "client", code: "Exit7" },
  );
  assert.match(odd.message, /^rclone: Exit7: something odd happened$/);
  assert.match(
    classifyClientText("s5cmd", "", 2).message,
    /exited with code 2 and no message/,
  );
});
