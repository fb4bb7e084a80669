/**
 * The observability settings: Prometheus file, live endpoint, Pushgateway
 * and thresholds, checked and resolved from the config file's fields.
 *
 * @module
 */
import type { ConfigFile } from "./schema.ts";
import { parseThreshold, type Threshold } from "./thresholds.ts";

/** Where the live metrics endpoint listens. */
export interface ListenAddress {
  hostname: string;
  port: number;
}

/** Resolved observability settings. */
export interface ObservabilitySettings {
  /** `prometheus` writes metrics.prom at the end of a run. */
  format: "none" | "prometheus";
  /** Serve live metrics at http://HOST:PORT/metrics during a run. */
  listen?: ListenAddress;
  /** Pushgateway base URL, pushed to periodically and at the end. */
  pushgateway?: string;
  /** Milliseconds between pushes. */
  pushIntervalMs: number;
}

/**
 * Reads `HOST:PORT`, `:PORT` or `PORT` (host 127.0.0.1: loopback unless
 * another address is given), or `[IPv6]:PORT`.
 */
export function parseListen(text: string): ListenAddress | string {
  const t = text.trim();
  const m = /^\d+$/.test(t)
    ? [t, undefined, "", t]
    : /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s]*)):(\d+)$/.exec(t);
  const port = m ? Number(m[3]) : NaN;
  if (!m || !(port >= 1 && port <= 65535)) {
    return `'${text}' is not a listen address; write HOST:PORT, e.g. 127.0.0.1:9464`;
  }
  return { hostname: m[1] ?? (m[2] || "127.0.0.1"), port };
}

function checkUrl(text: string): string | undefined {
  try {
    const u = new URL(text);
    if (u.protocol === "http:" || u.protocol === "https:") return undefined;
  } catch {
    // fall through to the message
  }
  return `'${text}' is not an http(s) URL, e.g. http://127.0.0.1:9091`;
}

type Bad = (path: PropertyKey[], msg: string) => void;

/** Resolves the fields; every problem goes to `bad`. */
export function resolveObservability(
  file: ConfigFile,
  bad: Bad,
): { metrics: ObservabilitySettings; thresholds: Threshold[] } {
  const listen = file.metrics_listen === undefined
    ? undefined
    : parseListen(file.metrics_listen);
  if (typeof listen === "string") bad(["metrics_listen"], listen);
  const urlProblem = file.pushgateway && checkUrl(file.pushgateway);
  if (urlProblem) bad(["pushgateway"], urlProblem);
  const thresholds: Threshold[] = [];
  file.thresholds.forEach((t, i) => {
    const parsed = parseThreshold(t);
    if (typeof parsed === "string") bad(["thresholds", i], parsed);
    else thresholds.push(parsed);
  });
  const metrics = {
    format: file.metrics_format,
    listen: typeof listen === "string" ? undefined : listen,
    pushgateway: file.pushgateway?.replace(/\/+$/, ""),
    pushIntervalMs: file.push_interval,
  };
  return { metrics, thresholds };
}
