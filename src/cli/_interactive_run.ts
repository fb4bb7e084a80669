/**
 * Interactive mode's run menu: pick a config, edit the profile, client,
 * concurrency, stop rule and endpoint, validate, show the equivalent
 * command line, offer to save the choices as a config, then run with the
 * dashboard.
 *
 * @module
 */
import type { LoadedSettings } from "../config/settings.ts";
import { BUILTIN_MIX } from "../config/resolve.ts";
import { formatDuration, parseDuration } from "../config/units.ts";
import { loadConfig } from "./_config.ts";
import { runLoaded } from "./run.ts";
import {
  choiceFlags,
  commandLine,
  configWithChoices,
  type RunChoices,
  type StopChoice,
} from "./_run_choices.ts";
import {
  absolute,
  pickConfig,
  savedName,
  type Session,
} from "./interactive.ts";
import { reportError } from "./output.ts";

const CLIENTS = ["sdk", "awscli", "s5cmd", "rclone"];

/** The run menu, from picking a config to the run's exit code. */
export async function setupRun(s: Session): Promise<void> {
  const config = await pickConfig(s);
  if (!config) return;
  const base = await loadConfig(s.io, config, {});
  s.outDirs.push(base.settings.output.dir);
  let choices: RunChoices | undefined = initialChoices(config, base);
  while (choices) {
    choices = await editChoices(s, choices, profilesOf(base));
    if (!choices) return;
    const loaded = await validate(s, choices);
    if (loaded) return await offerRun(s, choices, loaded);
    if (!await s.p.confirm("Edit the settings again?", true)) return;
  }
}

/** The config's own values, as choices. */
export function initialChoices(
  config: string,
  l: LoadedSettings,
): RunChoices {
  const st = l.settings;
  const stop: StopChoice = st.durationMs !== undefined
    ? { kind: "duration", value: formatDuration(st.durationMs) }
    : st.ops !== undefined
    ? { kind: "ops", value: st.ops }
    : { kind: "config" };
  return {
    config,
    profile: st.profile.name,
    client: st.client,
    concurrency: st.concurrency,
    stop,
    endpoint: st.endpoints[0] ?? "",
  };
}

function profilesOf(l: LoadedSettings): string[] {
  const own = l.maskedConfig.profiles;
  const names = typeof own === "object" && own !== null ? Object.keys(own) : [];
  return [...new Set([...Object.keys(BUILTIN_MIX), ...names])];
}

const opts = (names: string[]) => names.map((n) => ({ value: n, label: n }));

/** Asks each setting in turn, starting from `c`. */
async function editChoices(
  s: Session,
  c: RunChoices,
  profiles: string[],
): Promise<RunChoices | undefined> {
  const profile = await s.p.select("Profile", opts(profiles), c.profile);
  if (profile === undefined) return;
  const client = await s.p.select("Client", opts(CLIENTS), c.client);
  if (client === undefined) return;
  const conc = await s.p.text(
    "Concurrency (workers)",
    String(c.concurrency),
    (v) => /^[1-9]\d*$/.test(v.trim()) ? undefined : "a whole number above 0",
  );
  if (conc === undefined) return;
  const stop = await askStop(s, c.stop);
  if (stop === undefined) return;
  const endpoint = await s.p.text("Endpoint URL (empty: AWS)", c.endpoint);
  if (endpoint === undefined) return;
  return {
    ...c,
    profile,
    client,
    concurrency: Number(conc.trim()),
    stop,
    endpoint: endpoint.trim(),
  };
}

async function askStop(
  s: Session,
  cur: StopChoice,
): Promise<StopChoice | undefined> {
  const kind = await s.p.select<StopChoice["kind"]>("Stop after", [
    { value: "duration", label: "a duration", hint: "--duration" },
    { value: "ops", label: "a number of operations", hint: "--ops" },
    { value: "config", label: "one pass over the dataset" },
  ], cur.kind);
  if (kind === undefined || kind === "config") return kind && { kind };
  if (kind === "duration") {
    const init = cur.kind === "duration" ? cur.value : "30s";
    const v = await s.p.text("Duration (e.g. 30s, 5m)", init, (t) => {
      const d = parseDuration(t);
      return typeof d === "string" ? d : undefined;
    });
    return v === undefined ? undefined : { kind, value: v.trim() };
  }
  const init = cur.kind === "ops" ? String(cur.value) : "1000";
  const v = await s.p.text(
    "Operations",
    init,
    (t) => /^[1-9]\d*$/.test(t.trim()) ? undefined : "a whole number above 0",
  );
  return v === undefined ? undefined : { kind, value: Number(v.trim()) };
}

/** Loads the config with the choices; shows the problems when invalid. */
async function validate(
  s: Session,
  c: RunChoices,
): Promise<LoadedSettings | undefined> {
  try {
    const loaded = await loadConfig(s.io, c.config, choiceFlags(c));
    s.p.info("settings are valid");
    return loaded;
  } catch (err) {
    reportError(s.io, err, false);
    return undefined;
  }
}

/** Shows the command line, offers to save, then runs. */
async function offerRun(
  s: Session,
  c: RunChoices,
  loaded: LoadedSettings,
): Promise<void> {
  s.p.note(commandLine(c), "The same run without prompts");
  const save = await s.p.confirm("Save these settings as a config file?", true);
  if (save === undefined) return;
  if (save && !await saveConfig(s, c)) return;
  if (!await s.p.confirm("Start the run now?", true)) return;
  const code = await runLoaded(s.io, loaded, {
    noColor: s.noColor,
    dashboard: true,
  });
  s.p.info(`run finished with exit code ${code}`);
}

/** Writes the choices into a copy of the config; false when cancelled. */
async function saveConfig(s: Session, c: RunChoices): Promise<boolean> {
  const name = await s.p.text(
    "Save as",
    savedName(c.config, c.profile),
    (v) => v.trim() === "" ? "a file name, e.g. bench.yaml" : undefined,
  );
  if (name === undefined) return false;
  const path = absolute(s, name.trim());
  if (await exists(path)) {
    const over = await s.p.confirm(`${name} exists; overwrite it?`, false);
    if (!over) return false;
  }
  const text = await Deno.readTextFile(absolute(s, c.config));
  await Deno.writeTextFile(path, configWithChoices(text, c, name.trim()));
  s.p.note(`s3flood run ${name.trim()}`, `Saved ${name.trim()}; repeat with`);
  return true;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
