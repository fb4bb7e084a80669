/**
 * Ready-made rules for the test proxy, to combine with hand-written ones.
 *
 * @module
 */
import type { ProxyAction, ProxyRequestInfo, ProxyRule } from "./proxy.ts";

/**
 * Headers that recent AWS SDKs and CLIs add for flexible checksums and
 * that many S3-compatible stores reject (case C01). A trailing `*`
 * matches any name with that prefix.
 */
export const CHECKSUM_HEADERS: readonly string[] = [
  "x-amz-checksum-*",
  "x-amz-sdk-checksum-algorithm",
  "x-amz-trailer",
];

/** The first header of `headers` matching one of `patterns`, if any. */
export function findHeader(
  headers: Headers,
  patterns: readonly (string | RegExp)[],
): string | undefined {
  for (const [name] of headers) {
    if (patterns.some((p) => headerMatches(name, p))) return name;
  }
  return undefined;
}

function headerMatches(name: string, pattern: string | RegExp): boolean {
  if (pattern instanceof RegExp) return pattern.test(name);
  const p = pattern.toLowerCase();
  return p.endsWith("*") ? name.startsWith(p.slice(0, -1)) : name === p;
}

/** How {@link rejectHeaders} answers. */
export interface RejectOptions {
  /** HTTP status; 501. */
  status?: number;
  /** S3 error code; NotImplemented. */
  code?: string;
}

/**
 * Answers any request carrying one of `patterns` with an S3 error naming
 * the header, the way stores without flexible checksums do.
 */
export function rejectHeaders(
  patterns: readonly (string | RegExp)[] = CHECKSUM_HEADERS,
  options: RejectOptions = {},
): ProxyRule {
  return (req) => {
    const name = findHeader(req.headers, patterns);
    if (name === undefined) return undefined;
    return {
      kind: "error",
      status: options.status ?? 501,
      code: options.code ?? "NotImplemented",
      message: "A header you provided implies functionality that is not " +
        `implemented: ${name}`,
    };
  };
}

/** The first action any of `rules` returns, in order. */
export function firstOf(...rules: ProxyRule[]): ProxyRule {
  return (req: ProxyRequestInfo): ProxyAction | undefined => {
    for (const rule of rules) {
      const action = rule(req);
      if (action) return action;
    }
    return undefined;
  };
}
