/**
 * Launches a real headless Chromium for the e2e tests through `playwright-core`, with no
 * download at run time: `CHROMIUM_PATH` (any Chrome/Chromium on your machine) if set, else the
 * Chromium that the `@sparticuz/chromium` devDependency ships inside its npm package.
 *
 * @example
 * const { browser, launchMs } = await launchBrowser();
 * const page = await browser.newPage();
 * await page.goto(url);
 * await browser.close();
 */
import { chromium as playwright, type Browser, type LaunchOptions } from "playwright-core";

/** Flags that keep Chromium quiet and offline-friendly in CI containers. */
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
] as const;

export interface LaunchedBrowser {
  browser: Browser;
  /** Where the executable came from. */
  source: "CHROMIUM_PATH" | "@sparticuz/chromium";
  executablePath: string;
  /** Time to resolve the executable (unpacking on first use), in ms. */
  resolveMs: number;
  /** Time from `launch()` to a connected browser, in ms. */
  launchMs: number;
}

// @sparticuz/chromium's args target AWS Lambda. Some would make the tests lie: web security off
// (no CORS, so a broken preflight would pass), site isolation off, one process for everything
// (closing a context can take the browser down). Keep only the rendering ones.
const DROPPED_SPARTICUZ_ARGS = [
  "--headless",
  "--single-process",
  "--disable-web-security",
  "--allow-running-insecure-content",
  "--disable-site-isolation-trials",
  "--disable-features=",
  "--enable-features=SharedArrayBuffer",
];
function keepSparticuzArg(arg: string): boolean {
  return !DROPPED_SPARTICUZ_ARGS.some(
    (d) => arg === d || arg.startsWith(d.endsWith("=") ? d : `${d}=`),
  );
}

async function resolveExecutable(): Promise<{
  source: LaunchedBrowser["source"];
  executablePath: string;
  args: string[];
}> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && fromEnv.trim() !== "")
    return { source: "CHROMIUM_PATH", executablePath: fromEnv, args: [] };
  let sparticuz: typeof import("@sparticuz/chromium").default;
  try {
    sparticuz = (await import("@sparticuz/chromium")).default;
  } catch (e) {
    throw new Error(
      `No browser for the e2e tests: CHROMIUM_PATH is not set and @sparticuz/chromium could not be loaded (${e instanceof Error ? e.message : String(e)}). Run \`npm ci\` or set CHROMIUM_PATH to a Chrome/Chromium executable.`,
      { cause: e },
    );
  }
  // Unpacks the bundled Chromium into the OS temp dir on first use (cached afterwards).
  const executablePath = await sparticuz.executablePath();
  return { source: "@sparticuz/chromium", executablePath, args: sparticuz.args };
}

/** Launches headless Chromium. The caller closes it. */
export async function launchBrowser(
  options: Pick<LaunchOptions, "timeout" | "slowMo"> = {},
): Promise<LaunchedBrowser> {
  const t0 = performance.now();
  const { source, executablePath, args } = await resolveExecutable();
  const t1 = performance.now();
  const merged = [...new Set([...args.filter(keepSparticuzArg), ...CHROMIUM_FLAGS])];
  let browser: Browser;
  try {
    browser = await playwright.launch({
      executablePath,
      args: merged,
      headless: true,
      timeout: options.timeout ?? 30_000,
      ...(options.slowMo ? { slowMo: options.slowMo } : {}),
    });
  } catch (e) {
    throw new Error(
      `Chromium (${source}: ${executablePath}) did not start: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
  const t2 = performance.now();
  return {
    browser,
    source,
    executablePath,
    resolveMs: Math.round(t1 - t0),
    launchMs: Math.round(t2 - t1),
  };
}
