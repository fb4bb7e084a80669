/**
 * scripts/release_notes.ts: a tag's section of CHANGELOG.md, as the
 * release workflow runs it, and its refusals.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import denoJson from "../../../deno.json" with { type: "json" };
import { releaseNotes, tagVersion } from "../../../scripts/release_notes.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const SCRIPT = fileURLToPath(
  new URL("../../../scripts/release_notes.ts", import.meta.url),
);

const CHANGELOG = `# Changelog

Intro text.

## [Unreleased]

### Fixed

- not yet released

## [1.1.0] - 2026-12-24

### Added

- bursts

### Fixed

- a leak

## [1.0.0] - 2026-12-03

### Added

- everything

## [0.9.0] - 2026-11-01

[1.1.0]: https://example.invalid/compare/v1.0.0...v1.1.0
[1.0.0]: https://example.invalid/releases/tag/v1.0.0
`;

async function run(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", SCRIPT, ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return {
    code: out.code,
    stdout: dec.decode(out.stdout),
    stderr: dec.decode(out.stderr),
  };
}

Deno.test("release notes: the tag's section, without heading or links", () => {
  assert.equal(
    releaseNotes(CHANGELOG, "1.1.0"),
    "### Added\n\n- bursts\n\n### Fixed\n\n- a leak",
  );
  assert.equal(releaseNotes(CHANGELOG, "1.0.0"), "### Added\n\n- everything");
  assert.equal(
    releaseNotes(CHANGELOG.replaceAll("\n", "\r\n"), "1.0.0"),
    "### Added\n\n- everything",
  );
});

Deno.test("release notes: a missing or empty section is an error", () => {
  assert.throws(
    () => releaseNotes(CHANGELOG, "2.0.0"),
    /no section for 2\.0\.0 \(sections: Unreleased, 1\.1\.0, 1\.0\.0, 0\.9\.0\)/,
  );
  assert.throws(
    () => releaseNotes(CHANGELOG, "0.9.0"),
    /the section for 0\.9\.0 is empty/,
  );
  assert.throws(() => releaseNotes(CHANGELOG, "1.0"), /no section for 1\.0/);
});

Deno.test("release notes: tags are vMAJOR.MINOR.PATCH", () => {
  assert.equal(tagVersion("v1.2.3"), "1.2.3");
  assert.equal(tagVersion("v1.2.3-rc.1"), "1.2.3-rc.1");
  for (const bad of ["1.2.3", "v1.2", "release-1.2.3", "v1.2.3/x"]) {
    assert.throws(() => tagVersion(bad), /not of the form vMAJOR/, bad);
  }
});

Deno.test("release_notes.ts prints this version's CHANGELOG.md section", async () => {
  const r = await run([`v${denoJson.version}`]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^### Added\n\n- /m);
  assert.doesNotMatch(r.stdout, /^## /m);
  assert.ok(r.stdout.endsWith("\n") && !r.stdout.endsWith("\n\n"));
});

Deno.test("release_notes.ts exits 1 naming the problem", async () => {
  const missing = await run(["v99.0.0"]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no section for 99\.0\.0/);
  assert.equal(missing.stdout, "");
  const bad = await run(["latest"]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /tag 'latest' is not of the form/);
});
