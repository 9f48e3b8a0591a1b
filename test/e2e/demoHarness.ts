/**
 * The demo in a real Chromium, for the e2e tests: the local WorkOS issuer, the Convex stand-in
 * running `example/convex`, the scenario control and the example app on Vite's dev server
 * (exactly what `npm run demo` serves), plus a page helper that samples what the user sees.
 *
 * Every page samples, every 250 ms from the moment each document starts, the overlay's headline
 * (`data-code` on the `[data-convex-auth-diagnostics]` host) and `useConvexAuth()`'s answer as
 * the example shows it (`data-convex-state`, development only). {@link Samples} judges each
 * sample against invariant (a): while Convex is neither loading nor authenticated, the headline
 * is never an `ok` or `info` finding.
 */
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import type { ViteDevServer } from "vite";
import { FINDINGS, type FindingCode } from "../../src/core/index.js";
import { startConvexStandin, type ConvexStandin } from "../../demo/convexStandin.js";
import { exampleBackend } from "../../demo/exampleBackend.js";
import { createScenarioControl, type ScenarioControl } from "../../demo/scenarios.js";
import { startWorkosIssuer, type LocalWorkosIssuer } from "../../demo/workosIssuer.js";
import { launchBrowser, type LaunchedBrowser } from "./browser.js";

export const root = fileURLToPath(new URL("../..", import.meta.url));
export const outDir = `${root}test-results/e2e`;

export const HOST = "[data-convex-auth-diagnostics]";
export const SELECTORS = {
  toggle: ".cad-toggle",
  panel: ".cad-panel",
  fix: "[data-headline] .cad-fix",
  signIn: "main button:has-text('Sign in')",
  picker: "[data-demo-picker]",
} as const;

/** What a page showed at one moment. */
export interface Sample {
  /** Node's clock when the sample arrived, in ms (the page's clock may be shifted on purpose). */
  at: number;
  url: string;
  /** The overlay's headline code (`PENDING` before the first diagnosis), `null` without overlay. */
  code: string | null;
  /** `useConvexAuth()` as the example shows it, `null` before it rendered. */
  convex: string | null;
}

/** Convex states in which the app is settled on "not authenticated". */
const SETTLED_UNAUTHENTICATED = new Set(["not authenticated", "no ConvexProviderWithAuth"]);

/** Whether a sample breaks invariant (a): Convex settled on no, the headline a calm one. */
export function breaksInvariant(s: Pick<Sample, "code" | "convex">): boolean {
  if (s.convex === null || !SETTLED_UNAUTHENTICATED.has(s.convex)) return false;
  if (s.code === null || s.code === "PENDING") return false;
  const entry = FINDINGS[s.code as FindingCode] as (typeof FINDINGS)[FindingCode] | undefined;
  if (!entry) return true; // an unknown code is never a valid headline
  return entry.severity === "ok" || entry.severity === "info";
}

/**
 * The samples of one page. The overlay diagnoses asynchronously, so a sample taken in the
 * moment between a Convex state change and the diagnosis of it can pair the new state with the
 * previous headline: such a sample counts as "catching up". The same breach in two consecutive
 * samples (≥ 250 ms apart) is a broken invariant.
 */
export class Samples {
  readonly all: Sample[] = [];
  /** Consecutive pairs that both broke the invariant on the same page URL. */
  readonly broken: [Sample, Sample][] = [];
  /** Single samples that broke it and were fixed by the next one. */
  readonly catchingUpSamples: Sample[] = [];
  get catchingUp(): number {
    return this.catchingUpSamples.length;
  }
  /** Every change of the headline or of Convex's state, as it happened (not sampled). */
  readonly changes: Sample[] = [];
  private startIndex = 0;
  private changeIndex = 0;
  private startCode: string | null = null;

  add(s: Sample): void {
    const prev = this.all[this.all.length - 1];
    this.all.push(s);
    if (!breaksInvariant(s)) {
      if (prev && breaksInvariant(prev)) this.catchingUpSamples.push(prev);
      return;
    }
    if (prev && breaksInvariant(prev) && prev.url === s.url && prev.code === s.code)
      this.broken.push([prev, s]);
  }

  /**
   * Starts a new stretch; {@link since} and {@link headlinesSince} look from here on.
   * `continuing`: the same page goes on (its current headline opens the stretch), rather than a
   * new one loading.
   */
  mark(continuing = false): void {
    this.startIndex = this.all.length;
    this.changeIndex = this.changes.length;
    this.startCode = continuing ? (this.changes[this.changes.length - 1]?.code ?? null) : null;
  }

  since(): Sample[] {
    return this.all.slice(this.startIndex);
  }

  /**
   * The headlines shown since the last {@link mark}, in order, each once per stretch shown; when
   * nothing changed on a continuing page, the headline it kept.
   */
  headlinesSince(): string[] {
    const out: string[] = [];
    for (const c of this.changes.slice(this.changeIndex))
      if (c.code !== null && out[out.length - 1] !== c.code) out.push(c.code);
    return out.length === 0 && this.startCode !== null ? [this.startCode] : out;
  }

  /** A readable description of the broken pairs, for failure messages. */
  describeBroken(): string {
    return this.broken
      .map(
        ([a, b]) =>
          `${b.code} shown while Convex said "${b.convex}" (${b.at - a.at} ms apart) at ${b.url}`,
      )
      .join("\n");
  }
}

/** The running demo: servers, the control, the app's URL and a browser. */
export interface DemoHarness {
  issuer: LocalWorkosIssuer;
  convex: ConvexStandin;
  control: ScenarioControl;
  vite: ViteDevServer;
  launched: LaunchedBrowser;
  appUrl: string;
  /** A fresh browser profile sampling every document it loads. */
  newPage(viewport?: { width: number; height: number }): Promise<DemoPage>;
  close(): Promise<void>;
}

export interface DemoPage {
  context: BrowserContext;
  page: Page;
  /** The page's errors and warnings, for failure messages. */
  log: string[];
  samples: Samples;
}

/** Starts everything `npm run demo` starts, plus Chromium, and warms Vite's transform cache. */
export async function startDemo(): Promise<DemoHarness> {
  const issuer = await startWorkosIssuer();
  let control: ScenarioControl | null = null;
  const convex = await startConvexStandin({
    backend: exampleBackend,
    env: { WORKOS_CLIENT_ID: issuer.clientId },
    workos: issuer,
    control: async (m, p, b) => (control ? control.handle(m, p, b) : null),
  });
  control = await createScenarioControl({ issuer, convex });
  // The example reads these like a real project reads .env.local (as `npm run demo` sets them).
  const env: Record<string, string> = {
    VITE_CONVEX_URL: convex.url,
    VITE_WORKOS_CLIENT_ID: issuer.clientId,
    VITE_WORKOS_API_HOSTNAME: issuer.hostname,
    VITE_WORKOS_PORT: String(issuer.port),
    VITE_WORKOS_HTTPS: "false",
    VITE_DEMO_CONTROL_URL: `${convex.url}/_demo/scenario`,
  };
  const savedEnv: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    savedEnv[k] = process.env[k];
    process.env[k] = v;
  }
  const exampleRoot = `${root}example`;
  const { createServer } = await import("vite");
  const vite = await createServer({
    root: exampleRoot,
    configFile: `${exampleRoot}/vite.config.ts`,
    server: { host: "127.0.0.1", port: 0, hmr: false, watch: null },
    clearScreen: false,
    logLevel: "error",
    // vitest runs with NODE_ENV=test; the app must see the development build `npm run demo` serves.
    define: { "process.env.NODE_ENV": JSON.stringify("development") },
  });
  await vite.listen();
  const appUrl = vite.resolvedUrls!.local[0]!;
  control.appOrigin = appUrl;
  const launched = await launchBrowser();
  mkdirSync(outDir, { recursive: true });

  const newPage = async (viewport = { width: 1100, height: 800 }): Promise<DemoPage> => {
    const context = await launched.browser.newContext({ viewport });
    const samples = new Samples();
    await context.exposeBinding("__cadSample", (_source, s: Omit<Sample, "at">) =>
      samples.add({ ...s, at: Date.now() }),
    );
    await context.exposeBinding("__cadChange", (_source, s: Omit<Sample, "at">) =>
      samples.changes.push({ ...s, at: Date.now() }),
    );
    await context.addInitScript(() => {
      const w = window as unknown as {
        __cadSample?: (s: unknown) => void;
        __cadChange?: (s: unknown) => void;
      };
      const read = () => {
        const host = document.querySelector("[data-convex-auth-diagnostics]");
        const convex = document.querySelector("[data-convex-state]");
        return {
          url: location.href,
          code: host ? host.getAttribute("data-code") : null,
          convex: convex ? convex.getAttribute("data-convex-state") : null,
        };
      };
      setInterval(() => w.__cadSample?.(read()), 250);
      // Every change too, so no headline shown between two samples goes unseen.
      let last = "";
      new MutationObserver(() => {
        const now = read();
        const key = `${now.code}|${now.convex}`;
        if (key === last) return;
        last = key;
        w.__cadChange?.(now);
      }).observe(document, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ["data-code", "data-convex-state"],
      });
    });
    const page = await context.newPage();
    const log: string[] = [];
    page.on("pageerror", (e) => log.push(`pageerror: ${e.message}`));
    page.on("console", (m) => {
      if ((m.type() === "error" || m.type() === "warning") && log.length < 50)
        log.push(`${m.type()}: ${m.text().slice(0, 500)}`);
    });
    return { context, page, log, samples };
  };

  const harness: DemoHarness = {
    issuer,
    convex,
    control,
    vite,
    launched,
    appUrl,
    newPage,
    async close() {
      // Close everything even if one close fails, so no server or browser outlives the run.
      await Promise.allSettled([launched.browser.close(), vite.close(), convex.close()]);
      await issuer.close();
      for (const [k, v] of Object.entries(savedEnv)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    },
  };

  // Warm the dev server's transform cache so the first scenario's timing is not the compile.
  const warm = await newPage();
  try {
    await warm.page.goto(appUrl);
    await warm.page.locator(HOST).waitFor({ state: "attached", timeout: 60_000 });
  } catch (e) {
    await harness.close();
    throw new Error(
      `The example app did not render the overlay: ${e instanceof Error ? e.message : String(e)}\nPage log:\n${warm.log.join("\n")}`,
      { cause: e },
    );
  } finally {
    await warm.context.close().catch(() => {});
  }
  return harness;
}

/** What the page shows right now, for failure messages. */
export async function describePage(page: Page, log: string[]): Promise<string> {
  const code = await page
    .locator(HOST)
    .getAttribute("data-code", { timeout: 1000 })
    .catch(() => "(no overlay)");
  const convex = await page
    .locator("[data-convex-state]")
    .getAttribute("data-convex-state", { timeout: 1000 })
    .catch(() => "(unknown)");
  if (
    (await page
      .locator(HOST)
      .getAttribute("data-open", { timeout: 1000 })
      .catch(() => null)) === "false"
  )
    await page
      .locator(SELECTORS.toggle)
      .click({ timeout: 1000 })
      .catch(() => {});
  const findings = await page
    .locator("[data-finding]")
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-finding")))
    .catch(() => []);
  const panel = await page
    .locator(SELECTORS.panel)
    .innerText({ timeout: 1000 })
    .catch(() => "(panel closed)");
  return `overlay shows ${code}; Convex ${convex}; findings [${findings.join(", ")}]; url ${page.url()}\npanel:\n${panel.slice(0, 3000)}\npage log:\n${log.join("\n")}`;
}

/**
 * Waits until the overlay headlines `code`, then checks it still does a moment later (a verdict,
 * not a passing state). Returns the ms from `since` to the first time it was shown.
 */
export async function waitForHeadline(
  p: DemoPage,
  code: string,
  since: number,
  what: string,
  timeout = 20_000,
): Promise<number> {
  try {
    await p.page.locator(`${HOST}[data-code="${code}"]`).waitFor({ state: "attached", timeout });
  } catch {
    throw new Error(
      `${what}: expected the overlay to headline ${code}; ${await describePage(p.page, p.log)}`,
    );
  }
  const ms = Math.round(performance.now() - since);
  await p.page.waitForTimeout(300);
  const still = await p.page.locator(HOST).getAttribute("data-code");
  if (still !== code)
    throw new Error(
      `${what}: ${code} was headlined, then ${still} 300 ms later; ${await describePage(p.page, p.log)}`,
    );
  return ms;
}

/** Fails with the broken samples when invariant (a) did not hold. */
export function assertInvariant(p: DemoPage, what: string): void {
  if (p.samples.broken.length > 0)
    throw new Error(
      `${what}: while Convex was settled unauthenticated the overlay headlined an ok/info finding:\n${p.samples.describeBroken()}`,
    );
}
