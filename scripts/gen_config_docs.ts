/**
 * Writes docs/config-reference.md from the zod schema: every field's path,
 * type, default and allowed values come from `configSchema` itself, the
 * environment variable and flag from `OVERRIDE_FIELDS`, and the one-line
 * descriptions from `_config_docs.ts`. A test fails when the file and the
 * schema drift apart, or a field has no description.
 *
 *     deno run --allow-read --allow-write scripts/gen_config_docs.ts
 *
 * @module
 */
import type { z } from "zod";
import { configSchema } from "../src/config/schema.ts";
import { OVERRIDE_FIELDS } from "../src/config/overrides.ts";
import { FIELD_DOCS, SECTION_DOCS } from "./_config_docs.ts";

/** One documented field of the config file. */
export interface ConfigField {
  /** Dotted path; `<name>` stands for a key the user chooses. */
  path: string;
  /** What to write: `integer`, `size`, `duration`, `a \| b`, ... */
  type: string;
  /** The default as YAML would write it, "" when none. */
  default: string;
  required: boolean;
  /** Bounds or rules beyond the type, "" when none. */
  rules: string;
}

// deno-lint-ignore no-explicit-any
type Def = any;
const defOf = (s: z.ZodType): Def => (s as Def)._zod.def;

/** Every leaf field of the config schema, in schema order. */
export function configFields(): ConfigField[] {
  const out: ConfigField[] = [];
  walk(configSchema, "", out);
  return out;
}

function walk(schema: z.ZodType, path: string, out: ConfigField[]): void {
  const { inner, required, dflt } = unwrap(schema);
  const def = defOf(inner);
  if (def.type === "object") {
    for (const [k, v] of Object.entries(def.shape)) {
      walk(v as z.ZodType, path ? `${path}.${k}` : k, out);
    }
    return;
  }
  if (def.type === "record") {
    walk(def.valueType, `${path}.<name>`, out);
    return;
  }
  const objects = def.type === "union"
    ? def.options.filter((o: z.ZodType) => defOf(o).type === "object")
    : [];
  out.push({
    path,
    type: typeOf(inner, path),
    // A union with an object form: its sub-fields show the defaults.
    default: dflt === undefined || objects.length > 0
      ? ""
      : yamlValue(dflt, inner, path),
    required,
    rules: rulesOf(inner),
  });
  for (const o of objects) walk(o, path, out);
}

/** Strips optional and default wrappers, noting what they said. */
function unwrap(schema: z.ZodType) {
  let s = schema;
  let required = true;
  let dflt: unknown;
  for (;;) {
    const def = defOf(s);
    if (def.type === "optional") required = false;
    else if (def.type === "default") {
      required = false;
      dflt = def.defaultValue;
    } else return { inner: s, required, dflt };
    s = def.innerType;
  }
}

/** size or duration: the two string-or-number fields, told apart by use. */
function unitKind(schema: z.ZodType): "size" | "duration" | undefined {
  if (defOf(schema).type !== "pipe") return undefined;
  if (schema.safeParse("4KiB").success) return "size";
  if (schema.safeParse("30s").success) return "duration";
  return undefined;
}

function typeOf(schema: z.ZodType, path: string): string {
  const def = defOf(schema);
  const unit = unitKind(schema);
  if (unit) return unit;
  switch (def.type) {
    case "string":
    case "boolean":
      return def.type;
    case "number":
      return isInt(def) ? "integer" : "number";
    case "enum":
      return Object.values(def.entries).map((v) => `\`${v}\``).join(" | ");
    case "array":
      return `list of ${typeOf(def.element, path)}`;
    case "union":
      return def.options.map((o: z.ZodType) =>
        defOf(o).type === "object" ? "object" : typeOf(o, path)
      ).join(", or ");
    case "pipe":
      return typeOf(def.in, path);
  }
  throw new Error(`config reference: no type name for ${path} (${def.type})`);
}

const isInt = (def: Def) =>
  (def.checks ?? []).some((c: Def) =>
    c._zod.def.check === "number_format" && c._zod.def.format === "safeint"
  );

function rulesOf(schema: z.ZodType): string {
  const def = defOf(schema);
  const int = def.type === "number" && isInt(def);
  const rules: string[] = [];
  for (const c of def.checks ?? []) {
    const d = c._zod.def;
    if (d.check === "greater_than") {
      rules.push(
        d.inclusive || !int
          ? `${d.inclusive ? "≥" : ">"} ${d.value}`
          : `≥ ${d.value + 1}`,
      );
    }
    if (d.check === "less_than") {
      rules.push(`${d.inclusive ? "≤" : "<"} ${d.value}`);
    }
    if (d.check === "min_length" && d.minimum > 1) {
      rules.push(`at least ${d.minimum}`);
    }
    if (d.check === "string_format" && d.format === "regex") {
      rules.push(`matches \`${d.pattern.source}\``);
    }
  }
  if (def.type === "array") {
    const min = (def.checks ?? []).find((c: Def) =>
      c._zod.def.check === "min_length"
    );
    if (min) rules.push(`at least ${min._zod.def.minimum} item`);
  }
  return rules.join(", ");
}

/** A default as it would be written in YAML (sizes and durations too). */
function yamlValue(v: unknown, schema: z.ZodType, path: string): string {
  const unit = unitKind(schema);
  if (unit === "size" && typeof v === "number") return writtenSize(v);
  if (unit === "duration" && typeof v === "number") return writtenMs(v);
  if (Array.isArray(v)) return v.length === 0 ? "`[]`" : JSON.stringify(v);
  if (typeof v === "object" && v !== null) {
    if (Object.keys(v).length === 0) return "`{}`";
    throw new Error(`config reference: object default at ${path}`);
  }
  return `\`${String(v)}\``;
}

function writtenSize(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  let v = bytes;
  while (v >= 1024 && v % 1024 === 0 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `\`${v}${units[i]}\``;
}

function writtenMs(ms: number): string {
  if (ms % 60_000 === 0 && ms > 0) return `\`${ms / 60_000}m\``;
  if (ms % 1000 === 0 && ms > 0) return `\`${ms / 1000}s\``;
  return `\`${ms}ms\``;
}

/** `S3FLOOD_X` / `--x` of a field, "" when none. */
function overrideOf(path: string): string {
  const f = OVERRIDE_FIELDS.find((o) => o.path.join(".") === path);
  return f ? `\`${f.env}\`, \`${f.flagName}\`` : "";
}

const cell = (s: string) => s.replaceAll("|", "\\|");

/** The whole docs/config-reference.md text. */
export function renderConfigReference(): string {
  const fields = configFields();
  const sections = new Map<string, ConfigField[]>();
  for (const f of fields) {
    const top = f.path.split(".")[0];
    const key = sections.has(top) || SECTION_DOCS[top] ? top : "";
    if (!sections.has(key)) sections.set(key, []);
    sections.get(key)!.push(f);
  }
  const parts = [HEADER];
  for (const [name, list] of sections) {
    parts.push(name === "" ? "## Top level\n" : `## \`${name}\`\n`);
    if (name !== "") parts.push(SECTION_DOCS[name] + "\n");
    parts.push(table(list));
  }
  return parts.join("\n");
}

function table(fields: ConfigField[]): string {
  const rows = fields.map((f) => {
    const doc = FIELD_DOCS[f.path];
    if (doc === undefined) {
      throw new Error(
        `config reference: no description for ${f.path}; add it to ` +
          "scripts/_config_docs.ts",
      );
    }
    const def = f.required ? "**required**" : f.default || "—";
    const rules = f.rules ? ` (${f.rules})` : "";
    const env = overrideOf(f.path);
    return `| \`${f.path}\` | ${cell(f.type)}${cell(rules)} | ${def} | ${
      cell(doc)
    }${env ? ` Env, flag: ${env}.` : ""} |`;
  });
  return [
    "| field | type | default | meaning |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}

const HEADER = `# Config reference

<!-- Generated by scripts/gen_config_docs.ts from src/config/schema.ts;
do not edit. A test fails when this file and the schema drift apart. -->

Every field of an s3flood config file, from the schema the tool validates
with. \`config.sample.yaml\` (what \`s3flood init\` writes) shows them in
context with longer comments.

- Precedence, later wins: built-in defaults < config file < \`S3FLOOD_*\`
  environment < command-line flags.
- **size**: \`4KiB\`, \`1MiB\`, \`1GiB\` (binary, 2^10) or \`4KB\`, \`1MB\`
  (decimal, 10^3), or a number of bytes.
- **duration**: \`500ms\`, \`30s\`, \`5m\`, \`1h\`, \`1m30s\`, or milliseconds.
- \`<name>\` stands for a key you choose (a profile or a size group).
- Unknown fields are errors (with "did you mean"); every problem is
  reported at once with its file, line and field.
`;

/** The reference as `deno fmt` writes it (tables aligned), as stored. */
export async function formattedConfigReference(): Promise<string> {
  const fmt = new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--quiet", "--ext=md", "-"],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const writer = fmt.stdin.getWriter();
  await writer.write(new TextEncoder().encode(renderConfigReference()));
  await writer.close();
  const out = await fmt.output();
  if (!out.success) throw new Error("config reference: deno fmt failed");
  return new TextDecoder().decode(out.stdout);
}

if (import.meta.main) {
  const target = new URL("../docs/config-reference.md", import.meta.url);
  await Deno.mkdir(new URL(".", target), { recursive: true });
  await Deno.writeTextFile(target, await formattedConfigReference());
}
