/**
 * Error classes that callers catch. Each carries its exit code and, apart
 * from the message, a remedy: what the user should do.
 *
 * @module
 */
import { ExitCode, type ExitCodeValue } from "./exit_codes.ts";

/** Base for errors that end a command with a known exit code and remedy. */
export class S3floodError extends Error {
  /** Exit code the CLI uses for this error. */
  readonly exitCode: ExitCodeValue;
  /** What the user should do, printed on its own line; may be empty. */
  readonly hint: string;

  constructor(
    message: string,
    options: { exitCode?: ExitCodeValue; hint?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "S3floodError";
    this.exitCode = options.exitCode ?? ExitCode.FAILURE;
    this.hint = options.hint ?? "";
  }
}

/** One problem found in a config file. */
export interface ConfigIssue {
  /** Dotted field path, e.g. `dataset.groups.small.count`. */
  path: string;
  /** The file the value came from (or `env:NAME`, `flag:--x`). */
  source: string;
  /** 1-based line in `source`, when known. */
  line?: number;
  /** 1-based column, when known. */
  col?: number;
  /** What is wrong, what was found and what is allowed. */
  message: string;
}

/** A config that failed validation: all problems at once. Exit code 2. */
export class ConfigError extends S3floodError {
  /** Every problem found, in file order. */
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[], hint = "") {
    super(ConfigError.format(issues), { exitCode: ExitCode.USAGE, hint });
    this.name = "ConfigError";
    this.issues = issues;
  }

  /** One line per issue: `file:line:col: path: message`. */
  static format(issues: ConfigIssue[]): string {
    const n = issues.length;
    const head = `config has ${n} problem${n === 1 ? "" : "s"}:`;
    const lines = issues.map((i) => {
      const where = i.line === undefined
        ? i.source
        : `${i.source}:${i.line}${i.col === undefined ? "" : `:${i.col}`}`;
      return `  ${where}: ${i.path || "(top level)"}: ${i.message}`;
    });
    return [head, ...lines].join("\n");
  }
}

/** Bad command-line usage (unknown flag values, conflicting flags). */
export class UsageError extends S3floodError {
  constructor(message: string, hint = "") {
    super(message, { exitCode: ExitCode.USAGE, hint });
    this.name = "UsageError";
  }
}

/** Preflight failed before any load was sent. Exit code 3. */
export class PreflightError extends S3floodError {
  /** S3 error code or a local code such as `EndpointUnreachable`. */
  readonly code: string;

  constructor(message: string, code: string, hint = "", cause?: unknown) {
    super(message, { exitCode: ExitCode.PREFLIGHT, hint, cause });
    this.name = "PreflightError";
    this.code = code;
  }
}

/** A client binary is missing or unusable. Exit code 4. */
export class ClientNotFoundError extends S3floodError {
  /** The client name (`aws`, `s5cmd`, `rclone`). */
  readonly client: string;

  constructor(client: string, message: string, hint = "") {
    super(message, { exitCode: ExitCode.CLIENT_MISSING, hint });
    this.name = "ClientNotFoundError";
    this.client = client;
  }
}

/** The dataset on disk does not match its manifest. Exit code 7. */
export class DatasetError extends S3floodError {
  constructor(message: string, hint = "") {
    super(message, { exitCode: ExitCode.DATASET, hint });
    this.name = "DatasetError";
  }
}
