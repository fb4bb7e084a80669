/**
 * The command tree. Thin: parse, call the layers, map errors to exit codes
 * and hints. Every command writes through the injected {@link ProcessIO}.
 *
 * @module
 */
import { Command, CommanderError, Option } from "commander";
import { ExitCode } from "../core/exit_codes.ts";
import type { ProcessIO } from "../core/io.ts";
import { OVERRIDE_FIELDS } from "../config/overrides.ts";
import { reportError } from "./output.ts";
import { versionText } from "./version.ts";
import { runCommand } from "./run.ts";
import { validateCommand } from "./validate.ts";
import { initCommand } from "./init.ts";
import { datasetCreateCommand } from "./dataset.ts";
import { datasetShowCommand } from "./dataset_show.ts";
import { cleanupCommand } from "./cleanup.ts";
import { clientsCommand } from "./clients.ts";
import { compareCommand } from "./compare.ts";
import { canPrompt, interactiveCommand } from "./interactive.ts";
import { addReportCommands } from "./report.ts";
import { EXIT_CODE_HELP, PRECEDENCE_HELP } from "./help.ts";

/** Options shared by every command that reads a config. */
export interface CommonOptions {
  json?: boolean;
  color?: boolean;
}

function overrideOptions(cmd: Command, only?: string[]): Command {
  for (const f of OVERRIDE_FIELDS) {
    if (only && !only.includes(f.flag)) continue;
    const meta = f.kind === "boolean"
      ? ""
      : ` <${f.kind === "number" ? "n" : "value"}>`;
    cmd.addOption(
      new Option(`${f.flagName}${meta}`, `${f.help} [env: ${f.env}]`),
    );
  }
  return cmd;
}

/**
 * Builds the command tree. `setCode` receives each action's exit code.
 */
export function buildProgram(
  io: ProcessIO,
  setCode: (c: number) => void,
): Command {
  const program = new Command("s3flood")
    .description(
      "Load-test and benchmark S3-compatible object storage: generate a dataset,\n" +
        "flood an endpoint with uploads, downloads or a mix, and keep reports you can trust.",
    )
    .option("-V, --version", "print version, git commit and Deno version")
    .option("--no-color", "no colour in output (also: NO_COLOR=1)")
    .option(
      "--interactive",
      "menus instead of flags (as `s3flood interactive`)",
    )
    .addHelpText("after", `\n${PRECEDENCE_HELP}\n\n${EXIT_CODE_HELP}`)
    .action(async () => {
      const o = program.opts();
      if (o.interactive) return setCode(await interactiveCommand(io, o));
      if (o.version) io.stdout.write(versionText());
      else program.outputHelp();
      setCode(ExitCode.OK);
    });

  program.command("interactive")
    .description(
      "menus to pick a config and settings, run with the dashboard, view " +
        "reports, create a dataset or clean up a run",
    )
    .addHelpText("after", INTERACTIVE_HELP)
    .action(async () => {
      setCode(await interactiveCommand(io, program.opts()));
    });

  const run = program.command("run")
    .description("run a load profile from a config file and write its report")
    .argument("<config>", "YAML config file (see config.sample.yaml)")
    .option("--json", "print only the JSON summary on stdout")
    .option(
      "--no-dashboard",
      "no live dashboard on a terminal: the one-line progress instead",
    )
    .addHelpText("after", RUN_HELP);
  overrideOptions(run).action(
    async (config: string, opts: Record<string, unknown>) => {
      setCode(await runCommand(io, config, { ...program.opts(), ...opts }));
    },
  );

  program.command("init")
    .description("write a commented sample config to start from")
    .argument("[path]", "where to write it", "s3flood.yaml")
    .option("-f, --force", "overwrite an existing file")
    .addHelpText(
      "after",
      "\nExample:\n  s3flood init bench.yaml && s3flood config validate bench.yaml\n",
    )
    .action(async (path: string, opts: { force?: boolean }) => {
      setCode(await initCommand(io, path, opts.force ?? false));
    });

  const cfg = program.command("config").description("work with config files");
  const validate = cfg.command("validate")
    .description(
      "check a config and print the resolved settings; sends nothing",
    )
    .argument("<config>", "YAML config file")
    .option("--json", "print the resolved settings as JSON")
    .addHelpText(
      "after",
      "\nExample:\n  s3flood config validate examples/configs/quickstart.yaml\n",
    );
  overrideOptions(validate).action(
    async (config: string, opts: Record<string, unknown>) => {
      setCode(
        await validateCommand(io, config, { ...program.opts(), ...opts }),
      );
    },
  );

  const ds = program.command("dataset").description(
    "create and inspect datasets",
  );
  ds.command("create")
    .description(
      "generate the config's dataset on disk (reused when it already matches)",
    )
    .argument("<config>", "YAML config file")
    .option(
      "--verify",
      "re-hash an existing dataset instead of checking sizes only",
    )
    .addHelpText(
      "after",
      "\nExample:\n  s3flood dataset create examples/configs/quickstart.yaml\n",
    )
    .action(async (config: string, opts: Record<string, unknown>) => {
      setCode(
        await datasetCreateCommand(io, config, { ...program.opts(), ...opts }),
      );
    });
  ds.command("show")
    .description(
      "print a dataset's manifest summary and a histogram of its sizes",
    )
    .argument("<config|dir>", "a config file, or a dataset directory")
    .option("--json", "print the summary and histogram as JSON")
    .addHelpText(
      "after",
      "\nA directory's manifest.json is read; for a config, the dataset it " +
        "asks for is\ndescribed in memory (nothing is read or written).\n\n" +
        "Examples:\n  s3flood dataset show examples/configs/pareto.yaml\n" +
        "  s3flood dataset show ./data/quickstart\n",
    )
    .action(async (target: string, opts: Record<string, unknown>) => {
      setCode(
        await datasetShowCommand(io, target, { ...program.opts(), ...opts }),
      );
    });

  program.command("cleanup")
    .description(
      "delete exactly the objects a run wrote (its keys.jsonl); with a config, every run of it",
    )
    .argument("<run-dir|config>", "a run's results directory, or a config file")
    .option(
      "--dry-run",
      "print how many objects would be deleted; delete nothing",
    )
    .option("--json", "print the outcome as JSON")
    .addHelpText(
      "after",
      "\nNever deletes by prefix: only keys listed in keys.jsonl, below the run's own\n" +
        "PREFIX/RUN_ID/, so other runs (run-1 vs run-10) and other data stay.\n\n" +
        "Examples:\n  s3flood cleanup results/20261203-101500-ab12 --dry-run\n" +
        "  s3flood cleanup bench.yaml\n",
    )
    .action(async (target: string, opts: Record<string, unknown>) => {
      setCode(await cleanupCommand(io, target, { ...program.opts(), ...opts }));
    });

  program.command("clients")
    .description(
      "list the S3 clients: found or not, path, version, install hint",
    )
    .option("--json", "print the list as JSON")
    .addHelpText("after", CLIENTS_HELP)
    .action(async (opts: Record<string, unknown>) => {
      setCode(await clientsCommand(io, { ...program.opts(), ...opts }));
    });

  const compare = program.command("compare")
    .description("run the same profile once per client and compare them")
    .argument("<config>", "YAML config file")
    .option(
      "--clients <list>",
      "comma-separated clients to compare",
      "sdk,awscli,s5cmd,rclone",
    )
    .option("--json", "print compare.json on stdout")
    .addHelpText("after", COMPARE_HELP);
  const noClient = OVERRIDE_FIELDS.map((f) => f.flag).filter((f) =>
    f !== "client"
  );
  overrideOptions(compare, noClient).action(
    async (config: string, opts: Record<string, unknown>) => {
      setCode(await compareCommand(io, config, { ...program.opts(), ...opts }));
    },
  );

  addReportCommands(program, io, setCode);
  return program;
}

const INTERACTIVE_HELP = `
Also started by \`s3flood\` alone on a terminal, or \`s3flood --interactive\`.
Configs are offered from the working directory and examples/configs/.
Every prompt has a flag: before a run the equivalent \`s3flood run\` command
line is shown, and the choices can be saved as a config file.

  config      s3flood run CONFIG
  profile     --profile        client    --client
  concurrency --concurrency    stop      --duration or --ops
  endpoint    --endpoint

Needs a terminal on stdin and stdout; without one it exits 2.
`;

const CLIENTS_HELP = `
Exit code 0 when every client is usable, 4 when one is missing.
Install the missing ones with: bash scripts/setup.sh

Example:
  s3flood clients --json
`;

const COMPARE_HELP = `
Each client gets a run of its own (a fresh run id, so its own prefix), one
after the other, against the same endpoint and dataset. The table shows,
per phase and client: ops/s, MiB/s, p50/p99 latency, errors, and the CPU
time of the client (the sdk's is s3flood's own; a subprocess client's, its
processes') and of s3flood. Subprocess clients start one process per
operation, and their latency includes that start. compare.json and
compare.csv go to OUT/compare-ID/, each run's report to OUT/RUN_ID/.

Examples:
  s3flood compare examples/configs/quickstart.yaml
  s3flood compare bench.yaml --clients sdk,s5cmd --ops 2000
`;

const RUN_HELP = `
Examples:
  s3flood run examples/configs/quickstart.yaml
  s3flood run bench.yaml --profile read --read-from results/20261203-101500-ab12
  s3flood run bench.yaml --duration 5m --concurrency 64 --out /tmp/reports
  S3FLOOD_ENDPOINT=http://10.0.0.5:9000 s3flood run bench.yaml --json > summary.json

Credentials come from the standard AWS chain (AWS_ACCESS_KEY_ID /
AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, AWS_PROFILE, shared files), never
from flags.

Latency is measured from when an operation was due; in this closed model
(N workers) an operation is due when its worker is free, so a slow server
lowers the rate instead of growing the latency (coordinated omission).

On a terminal, a live dashboard replaces the progress line. It draws on
stderr's alternate screen, so stdout keeps only the summary (or the JSON
with --json). Keys: p pause the view (not the load), s sort and f filter
the recent operations, e write a snapshot of the metrics to the run's
directory, q stop as Ctrl-C does, ? help. --no-dashboard, or no terminal,
keeps the one-line progress.

Ctrl-C once stops scheduling, lets operations in flight finish (grace 10 s),
aborts open multipart uploads and writes the report marked interrupted
(exit 130). Ctrl-C twice exits at once.

Objects written stay in the bucket under PREFIX/RUN_ID/ unless --cleanup is
given; cleanup deletes exactly the keys listed in the run's keys.jsonl.
`;

/** Runs the CLI with `argv` (without the program name); returns the exit code. */
export async function main(io: ProcessIO, argv: string[]): Promise<number> {
  let code: number = ExitCode.OK;
  const program = buildProgram(io, (c) => (code = c));
  // `s3flood` alone on a terminal opens the menus; elsewhere, the help.
  if (argv.length === 0 && canPrompt(io)) argv = ["interactive"];
  const json = argv.includes("--json");
  program.exitOverride();
  for (const cmd of allCommands(program)) {
    cmd.exitOverride();
    cmd.configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(s),
    });
    cmd.showSuggestionAfterError(true);
  }
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (
        err.code === "commander.helpDisplayed" || err.code === "commander.help"
      ) return ExitCode.OK;
      if (err.code === "commander.version") return ExitCode.OK;
      return ExitCode.USAGE;
    }
    return reportError(io, err, json);
  }
  return code;
}

function allCommands(cmd: Command): Command[] {
  return [cmd, ...cmd.commands.flatMap(allCommands)];
}
