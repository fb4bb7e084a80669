/**
 * The prompts of interactive mode behind a small interface, so the flow is
 * tested with a scripted prompter and runs on a terminal with
 * `@clack/prompts` (chosen over `@inquirer/prompts`: both work under Deno;
 * clack has fewer dependencies, returns a cancel value on Ctrl-C instead of
 * throwing, and has notes for showing the equivalent command line).
 *
 * @module
 */
import * as clack from "@clack/prompts";
import type { Readable, Writable } from "node:stream";

/** One choice of a menu. */
export interface Choice<T extends string> {
  value: T;
  label: string;
  hint?: string;
}

/** The questions interactive mode asks; `undefined` means cancelled. */
export interface Prompter {
  intro(title: string): void;
  select<T extends string>(
    message: string,
    choices: Choice<T>[],
    initial?: T,
  ): Promise<T | undefined>;
  text(
    message: string,
    initial?: string,
    validate?: (value: string) => string | undefined,
  ): Promise<string | undefined>;
  confirm(message: string, initial?: boolean): Promise<boolean | undefined>;
  /** Shows a block of text with a title (e.g. the equivalent command). */
  note(text: string, title: string): void;
  /** Shows a one-line message. */
  info(text: string): void;
  outro(text: string): void;
}

/** A prompter on a terminal's streams, with `@clack/prompts`. */
export function clackPrompter(
  streams: { input: Readable; output: Writable },
): Prompter {
  const common = { input: streams.input, output: streams.output };
  return {
    intro: (title) => clack.intro(title, common),
    select: async <T extends string>(
      message: string,
      choices: Choice<T>[],
      initial?: T,
    ) => {
      const options = choices.map((c) => ({ ...c })) as clack.Option<T>[];
      const v = await clack.select<T>({
        ...common,
        message,
        options,
        initialValue: initial,
        maxItems: 12,
      });
      return clack.isCancel(v) ? undefined : v;
    },
    text: async (message, initial, validate) => {
      const v = await clack.text({
        ...common,
        message,
        initialValue: initial,
        validate: validate ? (t) => validate(t ?? "") : undefined,
      });
      return clack.isCancel(v) ? undefined : v;
    },
    confirm: async (message, initial) => {
      const v = await clack.confirm({
        ...common,
        message,
        initialValue: initial,
      });
      return clack.isCancel(v) ? undefined : v;
    },
    note: (text, title) => clack.note(text, title, common),
    info: (text) => clack.log.info(text, common),
    outro: (text) => clack.outro(text, common),
  };
}
