/**
 * Sending a request on to the upstream server for the test proxy.
 *
 * This uses `node:http`, not `fetch`: Deno's fetch replaces the Host header
 * and turns a streamed body into chunked encoding. Both break SigV4 (the
 * client signed the proxy's host) and S3's need for Content-Length. With
 * `node:http` the request goes out as it came in: same Host, same raw
 * path, same Content-Length.
 *
 * @module
 */
import http from "node:http";
import { once } from "node:events";

/** Headers that belong to one connection and are never passed on. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  // Hyper answers 100-continue itself; the upstream gets the whole body.
  "expect",
]);

/** `headers` without hop-by-hop ones, as a plain object. */
export function endToEnd(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name)) out[name] = value;
  });
  return out;
}

/** The upstream's answer: status, headers and a streamed body. */
export interface UpstreamResponse {
  status: number;
  headers: Headers;
  body: ReadableStream<Uint8Array>;
}

/** What to send upstream. */
export interface ForwardRequest {
  method: string;
  /** Raw path and query, e.g. `/bucket/a%2Bb?partNumber=1`. */
  target: string;
  headers: Headers;
  /** Buffered body, a stream, or null for none. */
  body: Uint8Array | ReadableStream<Uint8Array> | null;
  /** Called with the size of each request body chunk sent. */
  onChunk?: (bytes: number) => void;
}

/** Forwards `req` to `upstream` through `agent`; aborted by `signal`. */
export async function forward(
  upstream: URL,
  req: ForwardRequest,
  agent: http.Agent,
  signal: AbortSignal,
): Promise<UpstreamResponse> {
  const out = http.request({
    host: upstream.hostname,
    port: Number(upstream.port || 80),
    method: req.method,
    path: req.target,
    headers: endToEnd(req.headers),
    agent,
    signal,
  });
  const answered = once(out, "response") as Promise<[http.IncomingMessage]>;
  writeBody(out, req).catch((err) => out.destroy(err));
  const [res] = await answered;
  return {
    status: res.statusCode ?? 502,
    headers: responseHeaders(res),
    body: toWebStream(res),
  };
}

async function writeBody(out: http.ClientRequest, req: ForwardRequest) {
  if (req.body === null) return void out.end();
  if (req.body instanceof Uint8Array) {
    req.onChunk?.(req.body.byteLength);
    return void out.end(req.body);
  }
  for await (const chunk of req.body) {
    req.onChunk?.(chunk.byteLength);
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
}

function responseHeaders(res: http.IncomingMessage): Headers {
  const headers = new Headers();
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (!HOP_BY_HOP.has(name)) headers.append(name, raw[i + 1]);
  }
  return headers;
}

/** A pull-based web stream over a Node response; cancel destroys it. */
function toWebStream(res: http.IncomingMessage): ReadableStream<Uint8Array> {
  const chunks = res[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(new Uint8Array(value));
    },
    cancel() {
      res.destroy();
    },
  }, { highWaterMark: 0 });
}
