/**
 * A private certificate authority and a server certificate for 127.0.0.1,
 * made with openssl in a temp dir, for tests of TLS endpoints.
 *
 * @module
 */
import { join } from "node:path";

/** PEM files of a throwaway CA and its 127.0.0.1 server certificate. */
export interface TestCerts extends AsyncDisposable {
  /** Path of the CA certificate (what a client trusts). */
  caFile: string;
  /** The server certificate and key, PEM text. */
  cert: string;
  key: string;
}

async function openssl(dir: string, args: string[]): Promise<void> {
  const out = await new Deno.Command("openssl", {
    args,
    cwd: dir,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(
      `openssl ${args[0]} failed: ${new TextDecoder().decode(out.stderr)}`,
    );
  }
}

/** Makes a CA and a server certificate for IP 127.0.0.1. */
export async function makeTestCerts(): Promise<TestCerts> {
  const dir = await Deno.makeTempDir({ prefix: "s3flood-tls-" });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"];
  await openssl(dir, [
    "req",
    "-x509",
    ...ec,
    "-nodes",
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-days",
    "2",
    "-subj",
    "/CN=s3flood test CA",
  ]);
  await openssl(dir, [
    "req",
    ...ec,
    "-nodes",
    "-keyout",
    "server.key",
    "-out",
    "server.csr",
    "-subj",
    "/CN=127.0.0.1",
  ]);
  await Deno.writeTextFile(
    join(dir, "ext.cnf"),
    "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n" +
      "extendedKeyUsage=serverAuth\n",
  );
  await openssl(dir, [
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "server.pem",
    "-days",
    "2",
    "-extfile",
    "ext.cnf",
  ]);
  return {
    caFile: join(dir, "ca.pem"),
    cert: await Deno.readTextFile(join(dir, "server.pem")),
    key: await Deno.readTextFile(join(dir, "server.key")),
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}
