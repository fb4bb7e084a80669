/**
 * Headless Chromium for the HTML report tests: Debian's /usr/bin/chromium
 * (or S3FLOOD_CHROMIUM), a fresh profile per call, no network use.
 *
 * @module
 */

/** The browser binary, or undefined when none is installed. */
export function chromiumPath(): string | undefined {
  const path = Deno.env.get("S3FLOOD_CHROMIUM") ?? "/usr/bin/chromium";
  try {
    return Deno.statSync(path).isFile ? path : undefined;
  } catch {
    return undefined;
  }
}

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--hide-scrollbars",
  "--virtual-time-budget=5000",
];

/** Runs Chromium on `url` with `extra` flags; returns stdout and stderr. */
export async function chromium(
  url: string,
  extra: string[],
): Promise<{ stdout: string; stderr: string }> {
  const profile = await Deno.makeTempDir({ prefix: "s3flood-chromium-" });
  try {
    const out = await new Deno.Command(chromiumPath()!, {
      args: [...FLAGS, `--user-data-dir=${profile}`, ...extra, url],
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(60_000),
    }).output();
    const dec = new TextDecoder();
    return { stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
  } finally {
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  }
}

/** The attributes of the page's `#s3flood-status` element after load. */
export async function pageStatus(url: string): Promise<Record<string, string>> {
  const { stdout } = await chromium(url, ["--dump-dom"]);
  const tag = /<div id="s3flood-status"([^>]*)>/.exec(stdout)?.[1] ?? "";
  const attrs: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w-]+)="([^"]*)"/g)) {
    attrs[m[1]] = m[2].replaceAll("&quot;", '"');
  }
  return attrs;
}

/** Saves a full-page screenshot of `url` to `png`. */
export async function screenshot(url: string, png: string): Promise<void> {
  await chromium(url, ["--window-size=1300,3000", `--screenshot=${png}`]);
}
