/**
 * The one resolved, typed settings object that every layer below `config/`
 * reads. Nothing below `config/` reads files, env or flags again.
 *
 * @module
 */
import type { ObservabilitySettings } from "./observability.ts";
import type { Threshold } from "./thresholds.ts";

import type {
  DatasetSettings,
  PopularitySettings,
  SizeDistribution,
  SizeParams,
} from "./dataset_settings.ts";
export type * from "./dataset_settings.ts";
import type { ClientTuning } from "./clients.ts";
export type { ClientTuning } from "./clients.ts";

/** A dataset size group: `count` files with sizes in `[minSize, maxSize]`. */
export interface GroupSpec {
  name: string;
  count: number;
  minSize: number;
  maxSize: number;
  /** How sizes are drawn within the bounds; uniform when absent. */
  distribution?: SizeDistribution;
  /** The distribution's parameters (see {@link SizeParams}). */
  params?: SizeParams;
}

/** Read/write weights of a profile; they need not sum to 100. */
export interface Mix {
  read: number;
  write: number;
}

/** Where the credentials come from, for messages and reports. */
export type CredentialSource =
  | {
    kind: "config";
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
  }
  | {
    kind: "env";
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
  }
  | { kind: "profile"; profile: string }
  | { kind: "chain" };

/**
 * The load model. Closed: `concurrency` workers, each starting its next
 * operation when one ends. Open: operations arrive at `rate` ops/s
 * whether or not earlier ones finished, up to `maxInFlight` at once.
 */
export interface LoadShape {
  model: "closed" | "open";
  /** Arrivals per second (open), or a cap on starts (closed). */
  rate?: number;
  /** Ramp: the rate moves linearly from `rate` to this over the phase. */
  rateEnd?: number;
  arrivals: "constant" | "poisson";
  maxInFlight: number;
  pattern:
    | { kind: "sustained" }
    | {
      kind: "bursty";
      onMs: number;
      offMs: number;
      /** Rate while on; unlimited (closed) or `rate` (open) when absent. */
      burstRate?: number;
      /** Rate while off; 0 pauses. */
      idleRate: number;
    };
  /** Operations due before this are reported apart as warm-up. */
  warmupMs?: number;
}

/** Resolved settings for one run. */
export interface Settings {
  /** Absolute path of the config file. */
  configPath: string;
  /** Normalised endpoint URLs (no trailing slash); empty means AWS. */
  endpoints: string[];
  region: string;
  bucket: string;
  createBucket: boolean;
  /** Normalised prefix: no leading, trailing or double slash; may be "". */
  prefix: string;
  addressing: "path" | "virtual";
  tlsVerify: boolean;
  caFile?: string;
  credentials: CredentialSource;
  checksum: "when_required" | "when_supported";
  client: "sdk" | "awscli" | "s5cmd" | "rclone";
  /** Tuning of the subprocess clients (`clients:`). */
  clients: ClientTuning;
  dataset: DatasetSettings;
  profile: { name: string; mix: Mix };
  concurrency: number;
  durationMs?: number;
  ops?: number;
  /** Absolute path of an earlier run's directory to read keys from. */
  readFrom?: string;
  multipart: {
    threshold: number;
    partSize: number;
    queueSize: number;
    /** Cap on concurrency x queue x part size; default half the RAM. */
    memoryBudget?: number;
  };
  retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };
  /**
   * Time limits: connecting, the response headers after the request was
   * sent, and silence on a response body (a moving body is never cut).
   */
  timeouts: { connectMs: number; firstByteMs: number; idleMs: number };
  /** When operations start: the load model, its rate and pattern. */
  load: LoadShape;
  /** Limits on the run's pace; undefined when unlimited. */
  throttle: {
    /** Bytes per second (from `max_throughput_mbps`, MB = 10^6 B). */
    maxBytesPerSec?: number;
    maxIops?: number;
    /** Each worker gets the limits, instead of the run as a whole. */
    perWorker: boolean;
  };
  /** How operations are spread over several endpoints. */
  cluster: {
    choice: "round_robin" | "least_in_flight";
    readAffinity: "any" | "same" | "other";
  };
  maxErrorRate: number;
  output: { dir: string; opsLog: boolean };
  cleanup: boolean;
  /** Prometheus file, live endpoint and Pushgateway. */
  metrics: ObservabilitySettings;
  /** Checked at the end of a run; a failure exits with THRESHOLD. */
  thresholds: Threshold[];
  /** Check every downloaded body against the generator; default false. */
  verify?: boolean;
  /** How random reads pick keys; uniform when absent. */
  readPopularity?: PopularitySettings;
  /** Flags that were given on the command line, for the report. */
  json: boolean;
}

/** Settings plus the notices produced while resolving them. */
export interface LoadedSettings {
  settings: Settings;
  /** Non-fatal notices (keys in the file, defaulted region, ...). */
  warnings: string[];
  /** The config as parsed, for the report (secrets masked). */
  maskedConfig: Record<string, unknown>;
}
