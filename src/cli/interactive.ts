/**
 * `s3flood interactive` (also `s3flood` alone on a terminal, or
 * `s3flood --interactive`): menus to run a load test, view the last
 * reports, create a dataset and clean up a run. Every prompt has a flag:
 * before a run the equivalent command line is shown, and the choices can
 * be saved as a config file, so any interactive run repeats without
 * prompts. Without a terminal it exits 2, naming the commands to use.
 *
 * @module
 */
import { basename, isAbsolute, join, relative } from "node:path";
import { ExitCode } from "../core/exit_codes.ts";
import { UsageError } from "../core/errors.ts";
import type { ProcessIO } from "../core/io.ts";
import { datasetCreateCommand } from "./dataset.ts";
import { cleanupCommand } from "./cleanup.ts";
import { type Choice, clackPrompter, type Prompter } from "./_prompter.ts";
import { setupRun } from "./_interactive_run.ts";
import { pickReport, viewReport } from "./_interactive_reports.ts";
import { reportError } from "./output.ts";

/** The commands that do what the menus do, for the no-terminal message. */
export const NON_INTERACTIVE_HINT =
  "use the commands with flags instead: s3flood run CONFIG [--profile P] " +
  "[--client C] [--concurrency N] [--duration D | --ops N] " +
  "[--endpoint URL] [--no-dashboard]; s3flood dataset create CONFIG; " +
  "s3flood cleanup RUN_DIR; each run's summary is in OUT/RUN_ID/report.json";

/** Whether this process can prompt: stdin and stdout are terminals. */
export function canPrompt(io: ProcessIO): boolean {
  return io.stdin?.isTerminal === true && io.stdout.isTerminal;
}

/** Runs interactive mode on the terminal; returns the exit code. */
export async function interactiveCommand(
  io: ProcessIO,
  opts: Record<string, unknown>,
): Promise<number> {
  if (!canPrompt(io) || !io.stdin) {
    return reportError(
      io,
      new UsageError(
        "interactive mode needs a terminal: stdin or stdout is not one",
        NON_INTERACTIVE_HINT,
      ),
      false,
    );
  }
  const prompter = clackPrompter(io.stdin.streams());
  return await interactive(io, prompter, { noColor: opts.color === false });
}

type Action = "run" | "reports" | "dataset" | "cleanup" | "quit";

const MENU: Choice<Action>[] = [
  { value: "run", label: "Run a load test", hint: "s3flood run" },
  { value: "reports", label: "View the last reports" },
  {
    value: "dataset",
    label: "Create a dataset",
    hint: "s3flood dataset create",
  },
  { value: "cleanup", label: "Clean up a run", hint: "s3flood cleanup" },
  { value: "quit", label: "Quit" },
];

/** The menu loop, with any prompter (tests pass a scripted one). */
export async function interactive(
  io: ProcessIO,
  p: Prompter,
  view: { noColor: boolean },
): Promise<number> {
  p.intro("s3flood");
  const session: Session = { io, p, noColor: view.noColor, outDirs: [] };
  while (true) {
    const action = await p.select("What next?", MENU);
    const act = action && action !== "quit" ? ACTIONS[action] : undefined;
    if (!act) break;
    try {
      await act(session);
    } catch (err) {
      reportError(io, err, false);
    }
  }
  p.outro("bye");
  return ExitCode.OK;
}

/** What the menus share across one session. */
export interface Session {
  io: ProcessIO;
  p: Prompter;
  noColor: boolean;
  /** Output dirs of configs used in this session, for the reports menu. */
  outDirs: string[];
}

const ACTIONS: Record<Exclude<Action, "quit">, (s: Session) => Promise<void>> =
  {
    run: (s) => setupRun(s),
    reports: async (s) => {
      const dir = await pickReport(s, "Which run?");
      if (dir) await viewReport(s, dir);
    },
    dataset: async (s) => {
      const config = await pickConfig(s);
      if (!config) return;
      const code = await datasetCreateCommand(s.io, config, {});
      s.p.info(`dataset create: exit ${code}`);
    },
    cleanup: async (s) => {
      const dir = await pickReport(s, "Delete the objects of which run?");
      if (!dir || !await s.p.confirm(`Delete the objects listed in ${dir}?`)) {
        return;
      }
      const code = await cleanupCommand(s.io, dir, {});
      s.p.info(`cleanup: exit ${code}`);
    },
  };

const OTHER = "\0other";

/** Asks for a config: one found here or in examples/configs, or a path. */
export async function pickConfig(s: Session): Promise<string | undefined> {
  const found = await findConfigs(s.io.cwd);
  const choices: Choice<string>[] = found.map((f) => ({ value: f, label: f }));
  choices.push({ value: OTHER, label: "another file…" });
  const pick = await s.p.select("Which config?", choices, found[0]);
  if (pick !== OTHER) return pick;
  return await s.p.text(
    "Path of the config file",
    "",
    (v) => v.trim() === "" ? "a path, e.g. bench.yaml" : undefined,
  );
}

/** YAML files in `cwd` and `cwd/examples/configs`, as relative paths. */
export async function findConfigs(cwd: string): Promise<string[]> {
  const out: string[] = [];
  for (const dir of [cwd, join(cwd, "examples", "configs")]) {
    out.push(...(await yamlFiles(dir)).map((f) => relative(cwd, f)));
  }
  return out;
}

async function yamlFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) {
      if (e.isFile && /\.ya?ml$/.test(e.name)) files.push(join(dir, e.name));
    }
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  return files.sort();
}

/** A path as typed by the user, absolute against the session's cwd. */
export function absolute(s: Session, path: string): string {
  return isAbsolute(path) ? path : join(s.io.cwd, path);
}

/** The default name of a saved config: `NAME-PROFILE.yaml` here. */
export function savedName(config: string, profile: string): string {
  const base = basename(config).replace(/\.ya?ml$/, "");
  return `${base}-${profile}.yaml`;
}
