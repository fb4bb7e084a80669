/**
 * The one exit-code table. Every command maps its outcome to one of these;
 * the README documents the same table.
 *
 * @module
 */

/** Process exit codes, stable across versions. */
export const ExitCode = {
  /** The command did what was asked. */
  OK: 0,
  /** An unexpected failure (a bug, an I/O error writing reports). */
  FAILURE: 1,
  /** Bad command line or bad config: nothing was sent, nothing written. */
  USAGE: 2,
  /** Preflight failed: endpoint, bucket, credentials or clock. No load sent. */
  PREFLIGHT: 3,
  /** A client binary (aws, s5cmd, rclone) is missing or unusable. */
  CLIENT_MISSING: 4,
  /** The run finished but its error rate exceeded `max_error_rate`. */
  ERROR_RATE: 5,
  /** A threshold from the config failed. */
  THRESHOLD: 6,
  /** The dataset on disk does not match its manifest. */
  DATASET: 7,
  /** Interrupted by the user (Ctrl-C / SIGTERM). */
  INTERRUPTED: 130,
} as const;

/** One of the values of {@link ExitCode}. */
export type ExitCodeValue = typeof ExitCode[keyof typeof ExitCode];
