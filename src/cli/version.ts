/**
 * Version information: the package version from deno.json (embedded at
 * compile time), the git commit (stamped by the release build, or asked of
 * git when running from a checkout) and the Deno version.
 *
 * @module
 */
import denoJson from "../../deno.json" with { type: "json" };
import { BUILD_COMMIT } from "./_build_info.ts";

/** s3flood's version. */
export const VERSION: string = denoJson.version;

let commit: string | undefined;

/** The git commit this build came from, or "unknown". */
export function gitCommit(): string {
  if (commit !== undefined) return commit;
  commit = BUILD_COMMIT;
  if (commit === "" && import.meta.url.startsWith("file:")) {
    try {
      const out = new Deno.Command("git", {
        args: ["rev-parse", "--short=12", "HEAD"],
        cwd: new URL(".", import.meta.url).pathname,
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
