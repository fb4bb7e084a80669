/**
 * The accumulator behind one {@link OpStats}: counters, bounded error maps
 * and five histograms (latency, service, ttfb, speed, part). Internal to
 * the metrics layer.
 *
 * @module
 */
import type { OpRecord } from "../core/record.ts";
import { LatencyHistogram, round3 } from "./histogram.ts";
import type { OpStats } from "./types.ts";

const MIB = 2 ** 20;
const MB = 1e6;

/** The key that collects values past a map's bound. */
export const OTHER = "other";

/** Counts one more under `key`, folding new keys past `max` into OTHER. */
export function bump(
  m: Map<string, number>,
  key: string,
  max: number,
  by = 1,
): void {
  const n = m.get(key);
  if (n !== undefined) m.set(key, n + by);
  else if (m.size < max) m.set(key, by);
  else m.set(OTHER, (m.get(OTHER) ?? 0) + by);
}

function rate(n: number, wallSeconds: number): number | null {
  return wallSeconds > 0 ? round3(n / wallSeconds) : null;
}

/** Mutable figures for one slice; `add` is the hot path. */
export class OpAcc {
  count = 0;
  ok = 0;
  errors = 0;
  throttled = 0;
  retries = 0;
  bytes = 0;
  failedBytes = 0;
  readonly byClass = new Map<string, number>();
  readonly byCode = new Map<string, number>();
  readonly latency = new LatencyHistogram();
  readonly service = new LatencyHistogram();
  readonly ttfb = new LatencyHistogram();
  /** MiB/s of each successful operation that moved bytes. */
  readonly speed = new LatencyHistogram();
  /** Service time of each part of successful multipart uploads. */
  readonly part = new LatencyHistogram();
  /** How late each operation's first attempt started: start - due. */
  readonly startLag = new LatencyHistogram();
  readonly #maxCodes: number;

  constructor(maxCodes: number) {
    this.#maxCodes = maxCodes;
  }

  /** Counts one attempt. */
  add(r: OpRecord): void {
    if (r.errorClass === "throttled") this.throttled++;
    if (!r.ok) this.failedBytes += r.bytes;
    if (r.attempt === 1) this.startLag.record(Math.max(0, r.start - r.due));
    if (!r.final) {
      this.retries++;
      return;
    }
    this.count++;
    if (r.ok) this.#addOk(r);
    else this.#addError(r);
  }

  #addOk(r: OpRecord): void {
    this.ok++;
    this.bytes += r.bytes;
    this.latency.record(r.end - r.due);
    const service = r.end - r.start;
    this.service.record(service);
    if (r.firstByte !== undefined) this.ttfb.record(r.firstByte - r.start);
    // Speed over the service time: bytes / (end - start). Zero-byte and
    // zero-time operations have no meaningful speed and are left out.
    if (r.bytes > 0 && service > 0) {
      this.speed.record(r.bytes / MIB / (service / 1000));
    }
    if (r.partMs !== undefined) {
      for (const p of r.partMs) {
        this.part.record(p);
      }
    }
  }

  #addError(r: OpRecord): void {
    this.errors++;
    bump(this.byClass, r.errorClass ?? "unclassified", Infinity);
    bump(this.byCode, r.errorCode ?? "none", this.#maxCodes);
  }

  /** Adds another accumulator's figures to this one. */
  merge(o: OpAcc): void {
    this.count += o.count;
    this.ok += o.ok;
    this.errors += o.errors;
    this.throttled += o.throttled;
    this.retries += o.retries;
    this.bytes += o.bytes;
    this.failedBytes += o.failedBytes;
    for (const [k, n] of o.byClass) bump(this.byClass, k, Infinity, n);
    for (const [k, n] of o.byCode) bump(this.byCode, k, this.#maxCodes, n);
    this.latency.add(o.latency);
    this.service.add(o.service);
    this.ttfb.add(o.ttfb);
    this.speed.add(o.speed);
    this.part.add(o.part);
    this.startLag.add(o.startLag);
  }

  /** A plain snapshot; rates divide by the phase's wall seconds. */
  stats(wallSeconds: number): OpStats {
    return {
      count: this.count,
      ok: this.ok,
      errors: this.errors,
      throttled: this.throttled,
      retries: this.retries,
      errorsByClass: Object.fromEntries(this.byClass),
      errorsByCode: Object.fromEntries(this.byCode),
      bytes: this.bytes,
      failedBytes: this.failedBytes,
      ...this.#rates(wallSeconds),
      latencyMs: this.latency.summary(),
      serviceMs: this.service.summary(),
      ttfbMs: this.ttfb.summary(),
      speedMibps: this.speed.summary(),
      partMs: this.part.summary(),
      startLagMs: this.startLag.summary(),
      histograms: {
        unit: "us",
        latency: this.latency.encode(),
        service: this.service.encode(),
        ttfb: this.ttfb.encode(),
        speed: this.speed.encode(),
        part: this.part.encode(),
        startLag: this.startLag.encode(),
      },
    };
  }

  /**
   * Rebuilds an accumulator from a snapshot (e.g. read from report.json),
   * so that snapshots merge exactly: counters are summed and histograms
   * decoded. Min, max and mean then have the histograms' resolution.
   */
  static fromStats(s: OpStats, maxCodes = Infinity): OpAcc {
    const a = new OpAcc(maxCodes);
    a.count = s.count;
    a.ok = s.ok;
    a.errors = s.errors;
    a.throttled = s.throttled;
    a.retries = s.retries;
    a.bytes = s.bytes;
    a.failedBytes = s.failedBytes;
    for (const [k, n] of Object.entries(s.errorsByClass)) a.byClass.set(k, n);
    for (const [k, n] of Object.entries(s.errorsByCode)) a.byCode.set(k, n);
    const h = s.histograms;
    a.latency.add(LatencyHistogram.decode(h.latency, s.latencyMs));
    a.service.add(LatencyHistogram.decode(h.service, s.serviceMs));
    a.ttfb.add(LatencyHistogram.decode(h.ttfb, s.ttfbMs));
    a.speed.add(LatencyHistogram.decode(h.speed, s.speedMibps));
    a.part.add(LatencyHistogram.decode(h.part, s.partMs));
    a.startLag.add(LatencyHistogram.decode(h.startLag, s.startLagMs));
    return a;
  }

  #rates(wallSeconds: number) {
    return {
      opsPerSec: rate(this.count, wallSeconds),
      okOpsPerSec: rate(this.ok, wallSeconds),
      bytesPerSec: rate(this.bytes, wallSeconds),
      mibPerSec: rate(this.bytes / MIB, wallSeconds),
      mbPerSec: rate(this.bytes / MB, wallSeconds),
    };
  }
}
