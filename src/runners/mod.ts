/**
 * Picks the runner for a config's `client` and describes it for reports.
 *
 * @module
 */
import type { Settings } from "../config/settings.ts";
import type { Clock } from "../core/io.ts";
import type { Runner } from "./runner.ts";
import { SdkRunner } from "./sdk.ts";
import sdkPackage from "@aws-sdk/client-s3/package.json" with {
  type: "json",
};

/** Creates the runner named by `settings.client`. */
export function createRunner(
  settings: Settings,
  clock: Clock,
): Promise<Runner> {
  return Promise.resolve(new SdkRunner({ settings, clock }));
}

/** Version and effective settings of a runner, for the report. */
export function runnerInfo(
  runner: Runner,
  s: Settings,
): { version?: string; settings: Record<string, unknown> } {
  return {
    version: runner.name === "sdk"
      ? `@aws-sdk/client-s3 ${sdkPackage.version}`
      : undefined,
    settings: {
      region: s.region,
      addressing: s.addressing,
      checksum: s.checksum,
      tlsVerify: s.tlsVerify,
      transport: s.tlsVerify
        ? "downloads: fetch; uploads: node:http"
        : "node:http",
      maxSockets: s.concurrency * Math.max(1, s.multipart.queueSize),
      multipart: s.multipart,
      retriesBy: "s3flood (SDK maxAttempts 1)",
    },
  };
}
