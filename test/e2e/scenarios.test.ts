/**
 * Every scenario of demo/scenarios.ts in a real Chromium, in two orders, signed out and signed
 * in: the example app on Vite's dev server (exactly what `npm run demo` serves), the real
 * `@workos-inc/authkit-react` sign-in against the local issuer, and the overlay's headline code
 * (`data-code` on the `[data-convex-auth-diagnostics]` host).
 *
 * - Order 1, the listed order, each scenario in a fresh browser profile: the signed-out headline,
 *   then Sign in and the signed-in headline; at the scenario's verdict its fix, its other codes
 *   and no raw token on screen.
 * - Order 2, reversed (or shuffled with `E2E_ORDER_SEED=<n>`), all in one tab switched with the
 *   picker, as a person walks through the demo: whatever the scenario before left behind (a
 *   session, a redirect to localhost), each gives the same headlines.
 *
 * From page load to verdict every page samples the headline and `useConvexAuth()` every 250 ms:
 * while Convex is settled on "not authenticated" the headline is never an ok/info finding.
 *
 * Writes `test-results/e2e/<scenario>.png` and `test-results/e2e/timings.json` and prints the
 * time until each headline first appeared. Knobs:
 * - `E2E_REPEAT=3` runs each scenario of order 1 three times (medians);
 * - `UPDATE_DOCS_SCREENSHOT=1` also writes `docs/overlay.png` (the "wrong client ID on the
 *   deployment" panel);
 * - A passing run of the whole e2e project records these timings in docs/numbers.json (see
 *   test/e2e/numbersReporter.ts), which regenerates the tables in docs/demo.md and docs/numbers.md.
 */
import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FINDINGS } from "../../src/core/index.js";
import { SCENARIOS, type Scenario } from "../../demo/scenarios.js";
import {
  assertInvariant,
  describePage,
  HOST,
  outDir,
  root,
  SELECTORS,
  startDemo,
  waitForHeadline,
  type DemoHarness,
  type DemoPage,
} from "./demoHarness.js";

const DOCS_SCREENSHOT = {
  scenario: "wrong-client-id-on-deployment",
  path: `${root}docs/overlay.png`,
};
const REPEAT = Math.min(Math.max(Number(process.env.E2E_REPEAT ?? 1) || 1, 1), 5);
const SEED = process.env.E2E_ORDER_SEED ? Number(process.env.E2E_ORDER_SEED) : null;

/** The headline after signing in: the scenario's own, or for `beforeSignIn` ones what signing in anyway leads to. */
const signedInHeadline = (s: Scenario) =>
  s.beforeSignIn ? (s.signedInHeadline ?? s.expectedHeadline) : s.expectedHeadline;

/** A seeded shuffle (mulberry32), so an order that fails can be run again. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const ORDER_1 = SCENARIOS;
const ORDER_2 = SEED === null ? [...SCENARIOS].reverse() : shuffled(SCENARIOS, SEED);

/** One scenario's timings: ms until each headline first appeared. */
interface Timing {
  id: string;
  signedOut: string;
  signedIn: string;
  verdict: string;
  /** Order 1: page load → signed-out headline, per run. */
  signedOutMs: number[];
  /** Order 1: the Sign in click → signed-in headline, per run. */
  signedInMs: number[];
  /** Order 2 (same tab, after the scenario before): load after the switch → signed-out headline. */
  order2SignedOutMs: number | null;
  /** Order 2: the Sign in click → signed-in headline. */
  order2SignedInMs: number | null;
  /** Samples taken and samples in which the overlay was still catching up with Convex. */
  samples: number;
  catchingUp: number;
  /** What those samples showed: `headline while Convex said …`. */
  catchingUpSeen: string[];
  /** Every headline shown, in order (order 1, last run): before sign-in, then after the click. */
  seenSignedOut: string[];
  seenSignedIn: string[];
}

const median = (xs: number[]) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : Math.round((s[m - 1]! + s[m]!) / 2);
};

/** ms until the scenario's own headline (its verdict) first appeared, order 1. */
const verdictMs = (t: Timing, s: Scenario) => median(s.beforeSignIn ? t.signedOutMs : t.signedInMs);

let demo: DemoHarness;
const timings = new Map<string, Timing>();
const timing = (s: Scenario): Timing => {
  let t = timings.get(s.id);
  if (!t) {
    t = {
      id: s.id,
      signedOut: s.signedOutHeadline,
      signedIn: signedInHeadline(s),
      verdict: s.expectedHeadline,
      signedOutMs: [],
      signedInMs: [],
      order2SignedOutMs: null,
      order2SignedInMs: null,
      samples: 0,
      catchingUp: 0,
      catchingUpSeen: [],
      seenSignedOut: [],
      seenSignedIn: [],
    };
    timings.set(s.id, t);
  }
  return t;
};

beforeAll(async () => {
  demo = await startDemo();
}, 180_000);

afterAll(async () => {
  await demo?.close();
  const rows = SCENARIOS.map((s) => [s, timings.get(s.id)] as const).filter(
    (r): r is readonly [Scenario, Timing] => r[1] !== undefined,
  );
  if (!rows.length) return;
  const verdicts = rows.map(([s, t]) => verdictMs(t, s)).filter((x): x is number => x !== null);
  const overall = median(verdicts);
  writeFileSync(
    `${outDir}/timings.json`,
    `${JSON.stringify(
      {
        repeat: REPEAT,
        order1: ORDER_1.map((s) => s.id),
        order2: ORDER_2.map((s) => s.id),
        seed: SEED,
        medianVerdictMs: overall,
        order2Label: SEED === null ? "in reverse" : `shuffled with seed ${SEED}`,
        scenarios: rows.map(([s, t]) => ({
          ...t,
          verdictMs: verdictMs(t, s),
          signedOutMedianMs: median(t.signedOutMs),
          signedInMedianMs: median(t.signedInMs),
        })),
      },
      null,
      2,
    )}\n`,
  );
  const ms = (x: number | null) => String(x ?? "–");
  const lines = [
    `[e2e] time until each headline first appeared, ms (order 1: fresh profile, ${REPEAT} run${REPEAT > 1 ? "s" : ""}; order 2: same tab after the scenario before)`,
    `[e2e] ${"scenario".padEnd(32)} ${"verdict".padEnd(26)} ${"ms".padStart(6)}  ${"signed out".padEnd(26)} ${"o1".padStart(6)} ${"o2".padStart(6)}  ${"signed in".padEnd(26)} ${"o1".padStart(6)} ${"o2".padStart(6)}  samples`,
    ...rows.map(
      ([s, t]) =>
        `[e2e] ${t.id.padEnd(32)} ${t.verdict.padEnd(26)} ${ms(verdictMs(t, s)).padStart(6)}  ${t.signedOut.padEnd(26)} ${ms(median(t.signedOutMs)).padStart(6)} ${ms(t.order2SignedOutMs).padStart(6)}  ${t.signedIn.padEnd(26)} ${ms(median(t.signedInMs)).padStart(6)} ${ms(t.order2SignedInMs).padStart(6)}  ${t.samples} (${t.catchingUp} catching up)`,
    ),
    `[e2e] median time to verdict over ${verdicts.length} scenarios: ${overall} ms`,
    `[e2e] headlines shown, in order (order 1): signed out | after Sign in`,
    ...rows.map(
      ([, t]) =>
        `[e2e] ${t.id.padEnd(32)} ${t.seenSignedOut.join(" → ")} | ${t.seenSignedIn.join(" → ")}`,
    ),
    ...rows
      .filter(([, t]) => t.catchingUpSeen.length > 0)
      .map(([, t]) => `[e2e] ${t.id.padEnd(32)} catching up: ${t.catchingUpSeen.join("; ")}`),
    `[e2e] order 1: ${ORDER_1.map((s) => s.id).join(", ")}`,
    `[e2e] order 2${SEED === null ? " (reversed)" : ` (seed ${SEED})`}: ${ORDER_2.map((s) => s.id).join(", ")}`,
  ];
  console.info(lines.join("\n"));
});

/**
 * The headlines shown since the last mark, which must end on `code` and, once `code` was shown,
 * show nothing else: a verdict, not a passing state.
 */
function settledOn(p: DemoPage, code: string, what: string): string[] {
  const seen = p.samples.headlinesSince();
  expect(seen.at(-1), `${what}: headlines shown ${seen.join(" → ")}`).toBe(code);
  expect(seen.indexOf(code), `${what}: headlines shown ${seen.join(" → ")}`).toBe(seen.length - 1);
  return seen;
}

/** At a scenario's verdict: the panel's headline, its fix, its other codes, no raw token. */
async function checkVerdict(p: DemoPage, scenario: Scenario): Promise<void> {
  const { page } = p;
  const id = scenario.id;
  const host = page.locator(HOST);
  if ((await host.getAttribute("data-open")) !== "true")
    await page.locator(SELECTORS.toggle).click();
  await expect
    .poll(() => page.locator(`[data-headline="${scenario.expectedHeadline}"]`).count(), {
      timeout: 5_000,
    })
    .toBe(1);
  const entry = FINDINGS[scenario.expectedHeadline];
  if (entry.severity !== "ok") {
    const fix = (await page.locator(SELECTORS.fix).textContent()) ?? "";
    // Every literal stretch of the catalogue's fix template is on screen (code spans lose their
    // backticks; placeholders hold scenario values).
    const template = scenario.expectedFix ?? entry.fix;
    const literals = template
      .replace(/\[\[[^\]]*\]\]/g, "{optional}")
      .replace(/`/g, "")
      .split(/\{\w+(?::code)?\}/)
      .map((t) => t.trim())
      .filter((t) => t.length >= 8);
    expect(
      literals.length,
      `${id}: the fix template has no literal text to look for`,
    ).toBeGreaterThan(0);
    for (const literal of literals) expect(fix, `${id}: fix`).toContain(literal);
  }
  // The decoded token is on screen, the raw token and the refresh token never are.
  const secrets = await page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith("workos:"))
      .map((k) => localStorage.getItem(k) ?? "")
      .filter((v) => v.length >= 8),
  );
  const panelText = await page.locator(SELECTORS.panel).innerText();
  for (const secret of secrets) expect(panelText).not.toContain(secret);
  expect(panelText).not.toMatch(/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/);
  for (const code of scenario.alsoExpected ?? []) {
    try {
      await page
        .locator(`[data-finding="${code}"]`)
        .first()
        .waitFor({ state: "attached", timeout: 5_000 });
    } catch {
      throw new Error(
        `${id}: expected ${code} among the findings; ${await describePage(page, p.log)}`,
      );
    }
  }
  await page.screenshot({ path: `${outDir}/${id}.png` });
  if (process.env.UPDATE_DOCS_SCREENSHOT && id === DOCS_SCREENSHOT.scenario)
    await page.locator(SELECTORS.panel).screenshot({ path: DOCS_SCREENSHOT.path });
}

describe("order 1: every scenario in a fresh browser profile, signed out then signed in", () => {
  it.each(ORDER_1.map((s) => [s.id, s] as const))(
    "%s: the overlay headlines the scenario's codes before and after sign-in, with its fix",
    async (id, scenario) => {
      const t = timing(scenario);
      for (let run = 0; run < REPEAT; run++) {
        await demo.control.select(id);
        const p = await demo.newPage();
        try {
          const t0 = performance.now();
          await p.page.goto(demo.appUrl);
          t.signedOutMs.push(
            await waitForHeadline(p, scenario.signedOutHeadline, t0, `${id}, signed out`),
          );
          const last = run === REPEAT - 1;
          if (last && scenario.beforeSignIn) await checkVerdict(p, scenario);
          t.seenSignedOut = settledOn(p, scenario.signedOutHeadline, `${id}, signed out`);
          p.samples.mark(true);
          const t1 = performance.now();
          await p.page.locator(SELECTORS.signIn).click({ timeout: 15_000 });
          t.signedInMs.push(
            await waitForHeadline(
              p,
              signedInHeadline(scenario),
              t1,
              `${id}, signed in`,
              20_000 + (scenario.settleMs ?? 0),
            ),
          );
          if (last && !scenario.beforeSignIn) await checkVerdict(p, scenario);
          t.seenSignedIn = settledOn(p, signedInHeadline(scenario), `${id}, signed in`);
          assertInvariant(p, id);
          t.samples += p.samples.all.length;
          t.catchingUp += p.samples.catchingUp;
          t.catchingUpSeen.push(
            ...p.samples.catchingUpSamples.map((c) => `${c.code} while Convex said "${c.convex}"`),
          );
        } finally {
          await p.context.close();
        }
      }
    },
    180_000,
  );

  it("the dev-only picker describes a scenario on selection and restarts the app signed out", async () => {
    await demo.control.select("all-good");
    const p = await demo.newPage();
    const { page } = p;
    try {
      await page.goto(demo.appUrl);
      await page.locator(SELECTORS.signIn).click();
      await waitForHeadline(p, "AUTHENTICATED", performance.now(), "picker");
      const picker = page.locator(SELECTORS.picker);
      const description = picker.locator("[data-demo-description]");
      await expect.poll(() => description.getAttribute("data-demo-active")).toBe("true");
      await picker.locator("select").selectOption("unknown-kid");
      // Described on selection, before switching, and marked as not active yet.
      const unknownKid = SCENARIOS.find((s) => s.id === "unknown-kid")!;
      await expect
        .poll(() => description.getAttribute("data-demo-description"))
        .toBe("unknown-kid");
      expect(await description.getAttribute("data-demo-active")).toBe("false");
      expect(await description.innerText()).toContain(unknownKid.description);
      expect(await description.innerText()).toContain("KEY_NOT_FOUND");
      expect(demo.control.current.id).toBe("all-good");
      await picker.locator("button").click();
      // The app restarts signed out on its own origin with the new scenario.
      await page.locator(SELECTORS.signIn).waitFor({ timeout: 15_000 });
      expect(demo.control.current.id).toBe("unknown-kid");
      await expect.poll(() => picker.locator("select").inputValue()).toBe("unknown-kid");
      await expect.poll(() => description.getAttribute("data-demo-active")).toBe("true");
      await page.locator(SELECTORS.signIn).click();
      await waitForHeadline(p, "KEY_NOT_FOUND", performance.now(), "picker");
      assertInvariant(p, "picker");
    } finally {
      await p.context.close();
      await demo.control.select("all-good");
    }
  }, 90_000);
});

describe(`order 2: every scenario in one tab, ${SEED === null ? "in reverse" : `shuffled (seed ${SEED})`}, switched with the picker`, () => {
  let p: DemoPage;
  let previous: Scenario | null = null;
  beforeAll(async () => {
    p = await demo.newPage();
  }, 60_000);
  afterAll(async () => {
    await p?.context.close();
    await demo?.control.select("all-good");
  });

  it.each(ORDER_2.map((s) => [s.id, s] as const))(
    "%s: gives its headlines whatever the scenario before left behind",
    async (id, scenario) => {
      const { page } = p;
      const picker = page.locator(SELECTORS.picker);
      const after = previous ? ` (after ${previous.id})` : "";
      let t0 = performance.now();
      if (!previous) {
        await demo.control.select(id);
        p.samples.mark();
        await page.goto(demo.appUrl);
      } else {
        await picker.locator("select").selectOption(id);
        const description = picker.locator(`[data-demo-description="${id}"]`);
        await description.waitFor({ state: "attached", timeout: 5_000 });
        // The picker shows the description's code spans as code, without their backticks.
        expect(await description.innerText()).toContain(scenario.description.replace(/`/g, ""));
        p.samples.mark();
        t0 = performance.now();
        await picker.locator("button").click();
        await picker
          .locator(`[data-demo-description="${id}"][data-demo-active="true"]`)
          .waitFor({ state: "attached", timeout: 20_000 });
      }
      expect(demo.control.current.id).toBe(id);
      // Back where the demo serves the app, wherever the scenario before took the tab.
      expect(new URL(page.url()).origin).toBe(demo.control.appOrigin);
      const t = timing(scenario);
      t.order2SignedOutMs = await waitForHeadline(
        p,
        scenario.signedOutHeadline,
        t0,
        `${id}, signed out${after}`,
      );
      settledOn(p, scenario.signedOutHeadline, `${id}, signed out${after}`);
      p.samples.mark(true);
      const t1 = performance.now();
      await page.locator(SELECTORS.signIn).click({ timeout: 15_000 });
      t.order2SignedInMs = await waitForHeadline(
        p,
        signedInHeadline(scenario),
        t1,
        `${id}, signed in${after}`,
        20_000 + (scenario.settleMs ?? 0),
      );
      settledOn(p, signedInHeadline(scenario), `${id}, signed in${after}`);
      assertInvariant(p, `${id}${after}`);
      t.samples += p.samples.since().length;
      previous = scenario;
    },
    120_000,
  );
});
