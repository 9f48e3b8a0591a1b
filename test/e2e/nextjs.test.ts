/**
 * The Next.js example (`example-nextjs/`, laid out like Convex's Next.js + AuthKit starter) in a
 * real Chromium, against `next build` + `next start`: the real `@workos-inc/authkit-nextjs`
 * (proxy, callback route handler, server actions, `withAuth()`) signs in through the local WorkOS
 * issuer, the real `ConvexReactClient` talks to the Convex stand-in, and the overlay's headline is
 * sampled every 250 ms from page load to verdict: it must end on the scenario's code, and it may
 * never be calm (an `ok` headline, or an `info` one while AuthKit has a user) while the page shows
 * Convex unauthenticated.
 *
 * One build serves every scenario: what differs is the issuer, the stand-in's deployment and the
 * Next.js server's run-time env, so each scenario restarts `next start` only.
 *
 * Also: a plain production `next build` of the example holds no overlay code, while the build
 * these tests run (the overlay kept, `EXAMPLE_DIAGNOSTICS=on`) does.
 *
 * Writes `test-results/e2e/next-<scenario>.png` and `test-results/e2e/next-timings.json`.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FINDINGS, type FindingCode } from "../../src/core/index.js";
import { startConvexStandin, type ConvexStandin } from "../../demo/convexStandin.js";
import { exampleBackend } from "../../demo/exampleBackend.js";
import {
  appUrlFor,
  buildNextExample,
  buildPackage,
  freePort,
  NEXT_EXAMPLE_ROOT,
  REPO_ROOT,
  startNextExample,
  type RunningNextApp,
} from "../../demo/nextApp.js";
import {
  applyNextScenario,
  NEXT_SCENARIOS,
  nextServerEnv,
  type NextScenario,
} from "../../demo/nextScenarios.js";
import { startWorkosIssuer, type LocalWorkosIssuer } from "../../demo/workosIssuer.js";
import { launchBrowser, type LaunchedBrowser } from "./browser.js";
import { OVERLAY_MARKERS } from "../support/markers.js";

const outDir = `${REPO_ROOT}test-results/e2e`;
const E2E_DIST = ".next-e2e";
const PLAIN_DIST = ".next-plain";
const HOST = "[data-convex-auth-diagnostics]";
/** Strings only the overlay's code contains (as bench/size.ts greps the Vite example for). */
const SAMPLE_EVERY_MS = 250;

interface Sample {
  /** Ms since the scenario's `page.goto`. */
  t: number;
  path: string;
  code: string | null;
  convex: string | null;
  authKit: string | null;
  token: string | null;
}

interface Timing {
  id: string;
  expected: FindingCode;
  shown: string | null;
  /** `page.goto` → the overlay headlines the expected code (sign-in and navigation included). */
  verdictMs: number;
  /** `next start` → first HTTP answer. */
  serverStartMs: number;
  samples: number;
  codesSeen: string[];
}

let issuer: LocalWorkosIssuer;
let convex: ConvexStandin;
let launched: LaunchedBrowser;
let appPort: number;
let appUrl: string;
const builds: Record<string, number> = {};
const timings: Timing[] = [];

beforeAll(async () => {
  issuer = await startWorkosIssuer();
  convex = await startConvexStandin({
    backend: exampleBackend,
    env: { WORKOS_CLIENT_ID: issuer.clientId },
    workos: issuer,
    port: await freePort(),
  });
  appPort = await freePort();
  appUrl = appUrlFor(appPort);
  builds.packageMs = (await buildPackage()).ms;
  builds.nextBuildMs = (
    await buildNextExample({
      convexUrl: convex.url,
      appUrl,
      diagnostics: true,
      distDir: E2E_DIST,
    })
  ).ms;
  launched = await launchBrowser();
  mkdirSync(outDir, { recursive: true });
}, 300_000);

afterAll(async () => {
  await Promise.allSettled([launched?.browser.close(), convex?.close(), issuer?.close()]);
  for (const dir of [E2E_DIST, PLAIN_DIST])
    rmSync(join(NEXT_EXAMPLE_ROOT, dir), { recursive: true, force: true });
  if (!timings.length) return;
  writeFileSync(
    `${outDir}/next-timings.json`,
    `${JSON.stringify({ builds, scenarios: timings }, null, 2)}\n`,
  );
  console.info(
    [
      `[e2e:next] package build ${builds.packageMs} ms, next build ${builds.nextBuildMs} ms${builds.plainBuildMs ? `, plain next build ${builds.plainBuildMs} ms` : ""}`,
      `[e2e:next] ${"scenario".padEnd(30)} ${"code shown".padEnd(26)} ${"verdict ms".padStart(10)}  start ms  samples`,
      ...timings.map(
        (t) =>
          `[e2e:next] ${t.id.padEnd(30)} ${String(t.shown).padEnd(26)} ${String(t.verdictMs).padStart(10)}  ${String(t.serverStartMs).padStart(8)}  ${t.samples} (${t.codesSeen.join(" → ")})`,
      ),
    ].join("\n"),
  );
});

async function newPage(): Promise<{ context: BrowserContext; page: Page; log: string[] }> {
  const context = await launched.browser.newContext({ viewport: { width: 1100, height: 800 } });
  const page = await context.newPage();
  const log: string[] = [];
  page.on("pageerror", (e) => log.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if ((m.type() === "error" || m.type() === "warning") && log.length < 50)
      log.push(`${m.type()}: ${m.text().slice(0, 500)}`);
  });
  return { context, page, log };
}

/** Reads the overlay's headline and the page's auth status every 250 ms until stopped. */
function startSampler(page: Page, t0: number) {
  const samples: Sample[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const at = performance.now();
      const s = await page
        .evaluate(() => {
          const text = (id: string) =>
            document.querySelector(`[data-testid="${id}"]`)?.textContent ?? null;
          return {
            path: location.pathname,
            code:
              document.querySelector("[data-convex-auth-diagnostics]")?.getAttribute("data-code") ??
              null,
            convex: text("convex-auth"),
            authKit: text("authkit-user"),
            token: text("authkit-token"),
          };
        })
        .catch(() => null); // mid-navigation: nothing to read
      if (s) samples.push({ t: Math.round(at - t0), ...s });
      await new Promise((r) =>
        setTimeout(r, Math.max(0, SAMPLE_EVERY_MS - (performance.now() - at))),
      );
    }
  })();
  return {
    samples,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

/**
 * Samples that show a calm headline while the page shows Convex unauthenticated: `ok`, or `info`
 * while AuthKit shows a user. "AuthKit is still loading" is not calm while AuthKit's token store
 * is still fetching the first token (the page shows `token: loading`): it is the truth, and the
 * cause cannot be known before the token is there.
 */
function calmWhileUnauthenticated(samples: readonly Sample[]): Sample[] {
  return samples.filter((s) => {
    if (!s.code || s.code === "PENDING" || !s.convex?.includes("not authenticated")) return false;
    const severity = FINDINGS[s.code as FindingCode]?.severity;
    const userShown = s.authKit?.includes("signed in") ?? false;
    const tokenLoading = s.token?.includes("loading") ?? false;
    if (s.code === "AUTHKIT_LOADING" && tokenLoading) return false;
    return severity === "ok" || (severity === "info" && userShown);
  });
}

async function describePage(page: Page, log: string[], app: RunningNextApp | null) {
  const code = await page
    .locator(HOST)
    .getAttribute("data-code", { timeout: 1000 })
    .catch(() => "(no overlay)");
  const findings = await page
    .locator("[data-finding]")
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-finding")))
    .catch(() => []);
  const header = await page
    .locator("header")
    .first()
    .innerText({ timeout: 1000 })
    .catch(() => "(no header)");
  return `overlay shows ${code}; findings [${findings.join(", ")}]; url ${page.url()}; ${header.replace(/\n/g, " | ")}\npage log:\n${log.join("\n")}\nserver output (tail):\n${app?.output.slice(-3000) ?? ""}`;
}

async function runScenario(scenario: NextScenario): Promise<void> {
  await applyNextScenario(scenario, { issuer, convex });
  const app = await startNextExample({
    mode: "start",
    port: appPort,
    distDir: E2E_DIST,
    diagnostics: true,
    env: nextServerEnv(scenario, { issuer, appUrl }),
  });
  const { context, page, log } = await newPage();
  const t0 = performance.now();
  const sampler = startSampler(page, t0);
  try {
    await page.goto(appUrl);
    if (scenario.signIn) {
      await page.locator("a:has-text('Sign in')").click({ timeout: 15_000 });
      // The sign-in ends on the app (or, when the callback route is missing, on its 404).
      await page.waitForURL((u) => u.origin === appUrl && !u.pathname.startsWith("/sign-in"), {
        timeout: 15_000,
      });
    }
    if (scenario.then) await page.goto(`${appUrl}${scenario.then}`);
    try {
      await page
        .locator(`${HOST}[data-code="${scenario.expectedHeadline}"]`)
        .waitFor({ state: "attached", timeout: 20_000 });
    } catch {
      throw new Error(
        `${scenario.id}: expected the overlay to headline ${scenario.expectedHeadline}; ${await describePage(page, log, app)}`,
      );
    }
    const verdictMs = Math.round(performance.now() - t0);
    // A verdict, not a passing state: it must still stand a moment later.
    await page.waitForTimeout(500);
    await sampler.stop();
    const host = page.locator(HOST);
    expect(await host.getAttribute("data-code")).toBe(scenario.expectedHeadline);

    const samples = sampler.samples;
    expect(samples.length, `${scenario.id}: the sampler read nothing`).toBeGreaterThan(0);
    expect(
      calmWhileUnauthenticated(samples),
      `${scenario.id}: a calm headline while Convex was unauthenticated; samples ${JSON.stringify(samples)}`,
    ).toEqual([]);
    // ConvexProviderWithAuth is always in place here: "wrap the app in it" is never the answer.
    expect(samples.filter((s) => s.code === "NO_TOKEN_SENT")).toEqual([]);

    // The panel: the headline's fix, the other expected codes, never a token.
    if ((await host.getAttribute("data-open")) !== "true")
      await page.locator(".cad-toggle").click();
    await expect
      .poll(() => page.locator(`[data-headline="${scenario.expectedHeadline}"]`).count(), {
        timeout: 5_000,
      })
      .toBe(1);
    if (FINDINGS[scenario.expectedHeadline].severity !== "ok") {
      const fix = (await page.locator("[data-headline] .cad-fix").textContent()) ?? "";
      expect(fix.length, `${scenario.id}: the headline has no fix`).toBeGreaterThan(20);
    }
    if (scenario.pageShows)
      await page.getByTestId(scenario.pageShows).waitFor({ state: "attached", timeout: 5_000 });
    for (const code of scenario.alsoExpected ?? [])
      await page
        .locator(`[data-finding="${code}"]`)
        .first()
        .waitFor({ state: "attached", timeout: 10_000 });
    const html = await page.content();
    expect(html).not.toMatch(/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/);
    expect(await page.locator(".cad-panel").innerText()).not.toContain("demo-cookie-password");
    await page.screenshot({ path: `${outDir}/next-${scenario.id}.png` });

    const codesSeen = samples
      .map((s) => s.code ?? "–")
      .filter((c, i, all) => i === 0 || all[i - 1] !== c);
    timings.push({
      id: scenario.id,
      expected: scenario.expectedHeadline,
      shown: await host.getAttribute("data-code"),
      verdictMs,
      serverStartMs: app.readyMs,
      samples: samples.length,
      codesSeen,
    });
  } finally {
    await sampler.stop();
    await context.close();
    await app.stop();
  }
}

describe("the Next.js example in a real browser (next build + next start)", () => {
  it.each(NEXT_SCENARIOS.map((s) => [s.id, s] as const))(
    "%s: the overlay headlines the expected code, never calm while Convex is unauthenticated",
    async (_id, scenario) => {
      await runScenario(scenario);
    },
    90_000,
  );
});

/** All the text of a build's emitted JavaScript (browser chunks and server bundles). */
function emittedJs(distDir: string): string {
  const root = join(NEXT_EXAMPLE_ROOT, distDir);
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) {
        if (name !== "cache" && name !== "dev") walk(p);
      } else if (name.endsWith(".js")) out.push(readFileSync(p, "utf8"));
    }
  };
  walk(join(root, "static"));
  walk(join(root, "server"));
  return out.join("\n");
}

describe("the Next.js example's production build", () => {
  it("holds no overlay code, while the build with the overlay kept does", async () => {
    builds.plainBuildMs = (
      await buildNextExample({
        convexUrl: convex.url,
        appUrl,
        diagnostics: false,
        distDir: PLAIN_DIST,
      })
    ).ms;
    const plain = emittedJs(PLAIN_DIST);
    expect(plain).toContain("Convex + Next.js + WorkOS");
    for (const marker of OVERLAY_MARKERS) expect(plain, marker).not.toContain(marker);
    const kept = emittedJs(E2E_DIST);
    for (const marker of OVERLAY_MARKERS) expect(kept, marker).toContain(marker);
  }, 240_000);
});
