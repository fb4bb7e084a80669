/**
 * A fault-injecting reverse proxy for S3 tests: it listens on a loopback
 * port, forwards path-style S3 requests to an upstream (MinIO) and, when a
 * rule says so, answers with an S3 error, delays, holds, cuts a body short,
 * stalls, or reads and hashes the request body first.
 *
 * Bodies stream in both directions; only `hashBody` buffers one. Requests
 * reach the upstream with the client's Host header, so SigV4 signatures
 * made for the proxy's address stay valid there.
 *
 * @example Two SlowDowns, then success, for every PUT
 * ```ts ignore
 * const proxy = await startProxy(minio.endpoint, (req) =>
 *   req.op === "PutObject" && req.attempt <= 2
 *     ? { kind: "error", status: 503, code: "SlowDown" }
 *     : undefined
 * );
 * ```
 *
 * @module
 */
import http from "node:http";
import { createHash } from "node:crypto";
import { defaultCode, errorXml, guessOp, type S3Op } from "./_proxy_s3.ts";
import { forward, type UpstreamResponse } from "./_proxy_forward.ts";

export type { S3Op } from "./_proxy_s3.ts";

/** What a rule sees of a request before anything is forwarded. */
export interface ProxyRequestInfo {
  /** HTTP method, upper case. */
  method: string;
  /** Path as sent, still percent-encoded, e.g. `/bench/a%2Bb.bin`. */
  path: string;
  /** The query string's parameters. */
  query: URLSearchParams;
  /** Request headers (names lower case). */
  headers: Headers;
  /** The S3 operation this path-style request most likely is. */
  op: S3Op;
  /** 1-based count of requests with this method, path and partNumber. */
  attempt: number;
  /** 1-based count of all requests since start or reset. */
  seq: number;
}

/** Answer with an S3 error instead of forwarding. */
export interface ErrorAction {
  kind: "error";
  /** HTTP status, e.g. 503. */
  status: number;
  /** S3 error code; a usual one for the status when omitted. */
  code?: string;
  /** S3 error message. */
  message?: string;
  /** Extra response headers, e.g. `x-amz-bucket-region`. */
  headers?: Record<string, string>;
  /** Send no XML body (as S3 does for HEAD). */
  emptyBody?: boolean;
}

/** Wait `ms`, then forward. */
export interface DelayAction {
  kind: "delay";
  ms: number;
}

/** Forward at once, but answer no sooner than `ms` after arrival. */
export interface HoldAction {
  kind: "hold";
  ms: number;
}

/**
 * Forward, send the upstream's status, headers (with the full
 * Content-Length) and the first `bytes` body bytes, then either keep the
 * connection open without sending more until the proxy stops (`stall`) or
 * close it (`close`). Responses other than 2xx pass unchanged.
 */
export interface TruncateAction {
  kind: "truncate";
  bytes: number;
  then: "stall" | "close";
}

/**
 * Read the whole request body, record its length and MD5 in the log, wait
 * `delayMs`, then forward it (`"forward"`) or answer with status `then`
 * (an S3 error for ≥ 300, an empty body with the MD5 as ETag below).
 */
export interface HashBodyAction {
  kind: "hashBody";
  then: "forward" | number;
  code?: string;
  message?: string;
  delayMs?: number;
}

/** Forward unchanged (the same as a rule returning undefined). */
export interface ForwardAction {
  kind: "forward";
}

/** What the proxy does with one request. */
export type ProxyAction =
  | ForwardAction
  | ErrorAction
  | DelayAction
  | HoldAction
  | TruncateAction
  | HashBodyAction;

/** Decides per request; undefined means forward unchanged. */
export type ProxyRule = (req: ProxyRequestInfo) => ProxyAction | undefined;

/** One request as the proxy saw and answered it. */
export interface ProxyLogEntry {
  seq: number;
  method: string;
  path: string;
  op: S3Op;
  attempt: number;
  /** The action taken. */
  action: ProxyAction["kind"];
  /** Status sent to the client; 0 until the answer starts. */
  status: number;
  /** Request headers as received, names lower case. */
  headers: Record<string, string>;
  /** Request body bytes read so far. */
  requestBytes: number;
  /** Response body bytes sent so far. */
  responseBytes: number;
  /** MD5 (hex) of the request body, for `hashBody`. */
  bodyMd5?: string;
  /** Why forwarding failed, when it did. */
  error?: string;
  /** `performance.now()` at arrival and when the response body ended. */
  startMs: number;
  endMs?: number;
}

/**
 * A running proxy. (Not named `Proxy`, which would shadow the built-in
 * where it is imported.)
 */
export interface FaultProxy extends AsyncDisposable {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly endpoint: string;
  /** Requests seen, oldest first, at most `logLimit` (the newest). */
  readonly log: readonly ProxyLogEntry[];
  /** Requests now in flight (arrived, response body not yet done). */
  readonly current: number;
  /** Highest `current` since start or reset. */
  readonly maxConcurrent: number;
  /** Replaces the rule; undefined forwards everything. */
  setRules(rule?: ProxyRule): void;
  /** Clears the log, attempt counts, `seq` and `maxConcurrent`. */
  reset(): void;
  /** Ends stalls and delays, closes connections, stops listening. */
  stop(): Promise<void>;
}

/** Options beyond the upstream and the rule. */
export interface ProxyOptions {
  /** How many log entries to keep; 10,000. */
  logLimit?: number;
  /** Serve HTTPS with this certificate and key (PEM); see tls.ts. */
  tls?: { cert: string; key: string };
}

const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * Starts a proxy on a free loopback port in front of `upstream` (e.g. a
 * MinIO endpoint). Stop it with `stop()` or `await using`.
 */
export function startProxy(
  upstream: string,
  rule?: ProxyRule,
  options: ProxyOptions = {},
): Promise<FaultProxy> {
  return Promise.resolve(new ProxyServer(upstream, rule, options));
}

class ProxyServer implements FaultProxy {
  readonly log: ProxyLogEntry[] = [];
  current = 0;
  maxConcurrent = 0;
  readonly #upstream: URL;
  readonly #logLimit: number;
  readonly #agent = new http.Agent({ keepAlive: true });
  readonly #abort = new AbortController();
  readonly #server: Deno.HttpServer<Deno.NetAddr>;
  #rule: ProxyRule | undefined;
  #attempts = new Map<string, number>();
  #seq = 0;
  #stopping: Promise<void> | undefined;
  #tls = false;

  constructor(upstream: string, rule: ProxyRule | undefined, o: ProxyOptions) {
    this.#upstream = new URL(upstream);
    this.#rule = rule;
    this.#logLimit = o.logLimit ?? 10_000;
    this.#tls = o.tls !== undefined;
    this.#server = Deno.serve({
      ...(o.tls ?? {}),
      hostname: "127.0.0.1",
      port: 0,
      onListen: () => {},
      onError: (err) => errorResponse(502, "ProxyError", String(err), "", ""),
    }, (req) => this.#handle(req));
  }

  get endpoint(): string {
    const scheme = this.#tls ? "https" : "http";
    return `${scheme}://127.0.0.1:${this.#server.addr.port}`;
  }

  setRules(rule?: ProxyRule): void {
    this.#rule = rule;
  }

  reset(): void {
    this.log.length = 0;
    this.#attempts.clear();
    this.#seq = 0;
    this.maxConcurrent = this.current;
  }

  stop(): Promise<void> {
    this.#stopping ??= this.#shutdown();
    return this.#stopping;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }

  async #shutdown(): Promise<void> {
    this.#abort.abort(new Error("proxy stopped"));
    await this.#server.shutdown();
    this.#agent.destroy();
  }

  async #handle(req: Request): Promise<Response> {
    const info = this.#describe(req);
    const entry = this.#record(info);
    this.#enter();
    const exit = once(() => {
      entry.endMs = performance.now();
      this.current--;
    });
    try {
      const action = this.#rule?.(info) ?? { kind: "forward" };
      entry.action = action.kind;
      const res = await this.#perform(action, req, entry);
      return this.#respond(res, entry, exit);
    } catch (err) {
      exit();
      entry.error = err instanceof Error ? err.message : String(err);
      entry.status = 502;
      const id = `proxy-${entry.seq}`;
      return errorResponse(502, "ProxyError", entry.error, info.path, id);
    }
  }

  #describe(req: Request): ProxyRequestInfo {
    const url = new URL(req.url);
    const part = url.searchParams.get("partNumber");
    const id = `${req.method} ${url.pathname}` + (part ? `#${part}` : "");
    const attempt = (this.#attempts.get(id) ?? 0) + 1;
    this.#attempts.set(id, attempt);
    return {
      method: req.method,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      op: guessOp(req.method, url.pathname, url.searchParams, req.headers),
      attempt,
      seq: ++this.#seq,
    };
  }

  #record(info: ProxyRequestInfo): ProxyLogEntry {
    const entry: ProxyLogEntry = {
      seq: info.seq,
      method: info.method,
      path: info.path,
      op: info.op,
      attempt: info.attempt,
      action: "forward",
      status: 0,
      headers: Object.fromEntries(info.headers),
      requestBytes: 0,
      responseBytes: 0,
      startMs: performance.now(),
    };
    this.log.push(entry);
    const excess = this.log.length - this.#logLimit;
    if (excess > 0) this.log.splice(0, excess);
    return entry;
  }

  #enter(): void {
    this.current++;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.current);
  }

  #perform(
    action: ProxyAction,
    req: Request,
    entry: ProxyLogEntry,
  ): Promise<UpstreamResponse> {
    switch (action.kind) {
      case "forward":
        return this.#forward(req, entry);
      case "error":
        return this.#error(action, req, entry);
      case "delay":
        return this.#delay(action.ms, req, entry);
      case "hold":
        return this.#hold(action.ms, req, entry);
      case "truncate":
        return this.#truncate(action, req, entry);
      case "hashBody":
        return this.#hashBody(action, req, entry);
    }
  }

  #forward(
    req: Request,
    entry: ProxyLogEntry,
    body: Uint8Array | ReadableStream<Uint8Array> | null = req.body,
  ): Promise<UpstreamResponse> {
    const url = new URL(req.url);
    // Over HTTP/2 (TLS with ALPN) the client's host comes as :authority,
    // which is not among the headers; SigV4 signed it, so pass it on.
    const headers = new Headers(req.headers);
    if (!headers.has("host")) headers.set("host", url.host);
    return forward(
      this.#upstream,
      {
        method: req.method,
        target: url.pathname + url.search,
        headers,
        body,
        // A buffered body was counted while it was read.
        onChunk: body instanceof Uint8Array
          ? undefined
          : (n) => entry.requestBytes += n,
      },
      this.#agent,
      this.#abort.signal,
    );
  }

  async #error(action: ErrorAction, req: Request, entry: ProxyLogEntry) {
    await drain(req.body, entry);
    return s3Error(action, req.method, entry);
  }

  async #delay(ms: number, req: Request, entry: ProxyLogEntry) {
    await this.#sleep(ms);
    return await this.#forward(req, entry);
  }

  async #hold(ms: number, req: Request, entry: ProxyLogEntry) {
    const res = await this.#forward(req, entry);
    await this.#sleep(entry.startMs + ms - performance.now());
    return res;
  }

  async #truncate(action: TruncateAction, req: Request, e: ProxyLogEntry) {
    const res = await this.#forward(req, e);
    if (res.status < 200 || res.status >= 300) return res;
    const stall = action.then === "stall" ? this.#stopped() : undefined;
    return { ...res, body: truncated(res.body, action.bytes, stall) };
  }

  async #hashBody(action: HashBodyAction, req: Request, e: ProxyLogEntry) {
    const body = await readAll(req.body, e);
    e.bodyMd5 = createHash("md5").update(body).digest("hex");
    await this.#sleep(action.delayMs ?? 0);
    if (action.then === "forward") return await this.#forward(req, e, body);
    if (action.then >= 300) {
      const { code, message } = action;
      const error: ErrorAction = { kind: "error", status: action.then };
      return s3Error({ ...error, code, message }, req.method, e);
    }
    const headers = new Headers({ etag: `"${e.bodyMd5}"` });
    return { status: action.then, headers, body: emptyStream() };
  }

  #sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const signal = this.#abort.signal;
      if (signal.aborted) return reject(signal.reason);
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        if (signal.aborted) reject(signal.reason);
        else resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener("abort", done);
    });
  }

  /** Resolves when the proxy stops. */
  #stopped(): Promise<void> {
    const signal = this.#abort.signal;
    return new Promise((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener("abort", () => resolve(), { once: true });
    });
  }

  #respond(res: UpstreamResponse, entry: ProxyLogEntry, exit: () => void) {
    entry.status = res.status;
    if (NULL_BODY.has(res.status) || entry.method === "HEAD") {
      res.body.cancel().catch(() => {});
      exit();
      return new Response(null, { status: res.status, headers: res.headers });
    }
    const body = counted(res.body, entry, exit);
    return new Response(body, { status: res.status, headers: res.headers });
  }
}

/** `fn`, callable many times, run once. */
function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (!done) fn();
    done = true;
  };
}

/** Reads and discards a request body, counting its bytes. */
async function drain(
  body: ReadableStream<Uint8Array> | null,
  e: ProxyLogEntry,
) {
  if (body === null) return;
  for await (const chunk of body) e.requestBytes += chunk.byteLength;
}

/** Reads a whole request body into one array. */
async function readAll(
  body: ReadableStream<Uint8Array> | null,
  entry: ProxyLogEntry,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body ?? emptyStream()) {
    chunks.push(chunk);
    entry.requestBytes += chunk.byteLength;
  }
  const all = new Uint8Array(entry.requestBytes);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return all;
}

function emptyStream(): ReadableStream<Uint8Array> {
  return new ReadableStream({ start: (c) => c.close() });
}

/** An S3 error answer for `action`; no body for HEAD or `emptyBody`. */
function s3Error(
  action: ErrorAction,
  method: string,
  entry: ProxyLogEntry,
): UpstreamResponse {
  const code = action.code ?? defaultCode(action.status);
  const message = action.message ?? `${code} injected by the test proxy`;
  const id = `proxy-${entry.seq}`;
  const res = errorResponse(action.status, code, message, entry.path, id);
  for (const [k, v] of Object.entries(action.headers ?? {})) {
    res.headers.set(k, v);
  }
  const bodyless = action.emptyBody || method === "HEAD";
  if (bodyless) res.headers.set("content-length", "0");
  const body = bodyless ? emptyStream() : res.body ?? emptyStream();
  return { status: res.status, headers: res.headers, body };
}

function errorResponse(
  status: number,
  code: string,
  message: string,
  resource: string,
  requestId: string,
): Response {
  const xml = errorXml(code, message, resource, requestId);
  return new Response(xml, {
    status,
    headers: {
      "content-type": "application/xml",
      "x-amz-request-id": requestId,
    },
  });
}

/** Passes `source` on, counting bytes; calls `done` when it ends. */
function counted(
  source: ReadableStream<Uint8Array>,
  entry: ProxyLogEntry,
  done: () => void,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done: end } = await reader.read();
        if (end) return finish(controller);
        entry.responseBytes += value.byteLength;
        controller.enqueue(value);
      } catch (err) {
        done();
        controller.error(err);
      }
    },
    cancel(reason) {
      done();
      return reader.cancel(reason);
    },
  }, { highWaterMark: 0 });

  function finish(controller: ReadableStreamDefaultController<Uint8Array>) {
    done();
    controller.close();
  }
}

/**
 * The first `limit` bytes of `source`; then, if `stall` is given, nothing
 * more until it resolves. Closing early against the Content-Length makes
 * the server drop the connection, which the client sees as a cut body.
 */
function truncated(
  source: ReadableStream<Uint8Array>,
  limit: number,
  stall?: Promise<void>,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = sent < limit
        ? await reader.read()
        : { value: undefined, done: true };
      if (!done && value) {
        const part = value.subarray(0, limit - sent);
        sent += part.byteLength;
        return controller.enqueue(part);
      }
      await reader.cancel().catch(() => {});
      if (stall) await stall;
      controller.close();
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  }, { highWaterMark: 0 });
}
