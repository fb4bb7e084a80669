/**
 * Version information: the package version from deno.json (embedded at
 * compile time), the git commit (stamped by the release build, or asked of
 * git when running from a checkout) and the Deno version.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import denoJson from "../../deno.json" with { type: "json" };
import { BUILD_COMMIT } from "./_build_info.ts";

/** s3flood's version. */
export const VERSION: string = denoJson.version;

let commit: string | undefined;

/** The git commit this build came from, or "unknown". */
export function gitCommit(): string {
  if (commit !== undefined) return commit;
  commit = BUILD_COMMIT;
  // A compiled binary's modules live in its embedded file system, which no
  // git can see: only a checkout (deno run) asks git.
  const checkout = !Deno.build.standalone &&
    import.meta.url.startsWith("file:");
  if (commit === "" && checkout) {
    try {
      const out = new Deno.Command("git", {
        args: ["rev-parse", "--short=12", "HEAD"],
        cwd: fileURLToPath(new URL(".", import.meta.url)),
        stdout: "piped",
        stderr: "null",
      }).outputSync();
      if (out.success) commit = new TextDecoder().decode(out.stdout).trim();
    } catch {
      // not a checkout, or no git: leave it unknown
    }
  }
  if (commit === "") commit = "unknown";
  return commit;
}

/** Tool identity for reports. */
export function toolInfo(): {
  name: string;
  version: string;
  commit: string;
  deno: string;
} {
  return {
    name: "s3flood",
    version: VERSION,
    commit: gitCommit(),
    deno: Deno.version.deno,
  };
}

/** The `--version` text. */
export function versionText(): string {
  const t = toolInfo();
  return `s3flood ${t.version} (commit ${t.commit}, deno ${t.deno}, ${Deno.build.target})\n`;
}
