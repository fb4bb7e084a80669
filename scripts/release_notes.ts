/**
 * Prints the release notes of a tag: the body of its section in
 * CHANGELOG.md (Keep a Changelog form, `## [1.2.3] - 2026-12-03`), without
 * the heading. The release workflow publishes them as the GitHub Release's
 * text; a tag without a section, or with an empty one, fails the release.
 *
 *     deno run --allow-read scripts/release_notes.ts v0.1.0 [CHANGELOG.md]
 *
 * @module
 */

/** A `v1.2.3` tag's version, or an error naming the allowed form. */
export function tagVersion(tag: string): string {
  const m = /^v(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?)$/.exec(tag);
  if (!m) {
    throw new Error(
      `release notes: tag '${tag}' is not of the form vMAJOR.MINOR.PATCH`,
    );
  }
  return m[1];
}

/**
 * The body of `version`'s section of a Keep a Changelog text, trimmed;
 * throws when the section is missing or empty. Link references at the end
 * of the file (`[0.1.0]: https://…`) are not part of any section.
 *
 * @example
 * ```ts
 * import { releaseNotes } from "./release_notes.ts";
 * const text = "# Changelog\n\n## [1.0.0] - 2026-01-02\n\n### Added\n\n- x\n";
 * console.assert(releaseNotes(text, "1.0.0") === "### Added\n\n- x");
 * ```
 */
export function releaseNotes(changelog: string, version: string): string {
  const lines = changelog.replace(/\r\n/g, "\n").split("\n");
  const heading = (l: string) => /^## /.test(l);
  const start = lines.findIndex((l) =>
    heading(l) && sectionVersion(l) === version
  );
  if (start < 0) {
    const known = lines.filter(heading).map(sectionVersion).filter(Boolean);
    throw new Error(
      `release notes: CHANGELOG.md has no section for ${version} ` +
        `(sections: ${known.join(", ") || "none"})`,
    );
  }
  let end = lines.findIndex((l, i) =>
    i > start && (heading(l) || /^\[[^\]]+\]: /.test(l))
  );
  if (end < 0) end = lines.length;
  const body = lines.slice(start + 1, end).join("\n").trim();
  if (body === "") {
    throw new Error(`release notes: the section for ${version} is empty`);
  }
  return body;
}

/** `1.2.3` from `## [1.2.3] - 2026-12-03` (or `## 1.2.3`), else "". */
function sectionVersion(line: string): string {
  const m = /^## \[?([^\]\s]+)\]?/.exec(line);
  return m ? m[1] : "";
}

if (import.meta.main) {
  const [tag, file = "CHANGELOG.md"] = Deno.args;
  try {
    if (tag === undefined) {
      throw new Error("usage: release_notes.ts TAG [CHANGELOG.md]");
    }
    const notes = releaseNotes(await Deno.readTextFile(file), tagVersion(tag));
    await Deno.stdout.write(new TextEncoder().encode(notes + "\n"));
  } catch (err) {
    await Deno.stderr.write(
      new TextEncoder().encode(`${(err as Error).message}\n`),
    );
    Deno.exit(1);
  }
}
