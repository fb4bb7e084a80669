/**
 * The one resolved, typed settings object that every layer below `config/`
 * reads. Nothing below `config/` reads files, env or flags again.
 *
 * @module
 */

/** A dataset size group: `count` files with sizes in `[minSize, maxSize]`. */
export interface GroupSpec {
  name: string;
  count: number;
  minSize: number;
  maxSize: number;
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
  dataset: { root: string; seed: number; groups: GroupSpec[] };
  profile: { name: string; mix: Mix };
  concurrency: number;
  durationMs?: number;
  ops?: number;
  /** Absolute path of an earlier run's directory to read keys from. */
  readFrom?: string;
  multipart: { threshold: number; partSize: number; queueSize: number };
  retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };
  timeouts: { connectMs: number; requestMs: number };
  maxErrorRate: number;
  output: { dir: string; opsLog: boolean };
  cleanup: boolean;
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
