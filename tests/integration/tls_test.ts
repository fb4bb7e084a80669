/**
 * TLS endpoints: verification is on by default, a private CA is trusted
 * through ca_file, and tls_verify: false works (with a warning) for test
 * setups. The endpoint is a TLS proxy in front of MinIO, with a CA and a
 * server certificate made for the test.
 */
import assert from "node:assert/strict";
import {
  listAll,
  makeTestCerts,
  sharedMinio,
  startProxy,
  uniqueBucket,
} from "../support/mod.ts";
import { ExitCode } from "../../src/core/exit_codes.ts";
import { smallConfig, workspace } from "./_run_helpers.ts";
import { readReport } from "./_report.ts";

Deno.test("TLS: a private CA needs ca_file; tls_verify: false is warned", async () => {
  const minio = await sharedMinio();
  await using certs = await makeTestCerts();
  await using proxy = await startProxy(minio.endpoint, undefined, {
    tls: { cert: certs.cert, key: certs.key },
  });
  assert.match(proxy.endpoint, /^https:/);
  const bucket = uniqueBucket();
  const yaml = (extra: string) =>
    smallConfig(proxy.endpoint, bucket, `profile: read\n${extra}`);

  await using plain = await workspace(yaml(""), minio);
  const refused = await plain.run();
  assert.equal(refused.code, ExitCode.PREFLIGHT, refused.stderr);
  assert.match(
    refused.stderr,
    /TLS handshake with https:\/\/127\.0\.0\.1:\d+ failed/,
  );
  assert.match(
    refused.stderr,
    /what to do: trust the server's CA with ca_file/,
  );
  assert.deepEqual(await plain.runDirs(), []);

  await using trusted = await workspace(
    yaml(`ca_file: ${certs.caFile}\n`),
    minio,
  );
  const ok = await trusted.run();
  assert.equal(ok.code, ExitCode.OK, ok.stderr);
  const report = await readReport((await trusted.runDirs())[0]);
  const pfx = `it/run/${report.runId}/`;
  assert.equal((await listAll(minio, bucket, pfx)).length, 16);
  assert.equal(report.totals?.errors, 0);

  await using insecure = await workspace(yaml("tls_verify: false\n"), minio);
  const loose = await insecure.run();
  assert.equal(loose.code, ExitCode.OK, loose.stderr);
  assert.match(loose.stderr, /TLS certificate verification is OFF/);
});
