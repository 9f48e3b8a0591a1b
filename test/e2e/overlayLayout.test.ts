/**
 * The overlay's open panel on a phone-sized screen, in a real Chromium: at 360×740 and 390×844
 * (and on a laptop, 1100×800), with every finding expanded, nothing scrolls sideways or is cut off, long values (provider
 * labels, URLs, IDs) wrap at their separators, words stay whole, and no literal backtick or space
 * before punctuation shows. Writes `test-results/e2e/layout-<width>-<scenario>.png`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCENARIOS } from "../../demo/scenarios.js";
import {
  HOST,
  outDir,
  SELECTORS,
  startDemo,
  waitForHeadline,
  type DemoHarness,
} from "./demoHarness.js";

const VIEWPORTS = [
  { width: 360, height: 740 },
  { width: 390, height: 844 },
  // A laptop, where the provider table keeps its columns.
  { width: 1100, height: 800 },
];
// The ones with the longest text: Convex's provider list, a refresh error, a CORS endpoint.
const LONG_TEXT = [
  "wrong-client-id-on-deployment",
  "refresh-transient-failure",
  "cors-origin-not-allowed",
];

let demo: DemoHarness;
beforeAll(async () => {
  demo = await startDemo();
}, 180_000);
afterAll(async () => {
  await demo?.close();
});

/** What the layout checks measured, for the failure message and the printed summary. */
interface Measured {
  doc: { scrollWidth: number; clientWidth: number };
  panel: {
    scrollWidth: number;
    clientWidth: number;
    left: number;
    top: number;
    right: number;
    bottom: number;
  };
  viewport: { width: number; height: number };
  /** Elements whose content is wider than their box. */
  overflowing: string[];
  /** Letters-only words drawn on more than one line. */
  brokenWords: string[];
  /** Elements styled to break words anywhere. */
  breakAll: string[];
  text: string;
  toggleLabel: string;
}

describe("the open panel on a narrow screen", () => {
  const cases = VIEWPORTS.flatMap((v) => LONG_TEXT.map((id) => [v.width, id, v] as const));
  it.each(cases)(
    "%i px, %s: fits the screen, wraps long values and keeps words whole",
    async (_w, id, viewport) => {
      const scenario = SCENARIOS.find((s) => s.id === id)!;
      await demo.control.select(id);
      const p = await demo.newPage(viewport);
      const { page } = p;
      try {
        await page.goto(demo.appUrl);
        await page.locator(SELECTORS.signIn).click({ timeout: 15_000 });
        await waitForHeadline(
          p,
          scenario.expectedHeadline,
          performance.now(),
          `${id} at ${viewport.width} px`,
        );
        if ((await page.locator(HOST).getAttribute("data-open")) !== "true")
          await page.locator(SELECTORS.toggle).click();
        await page.locator(SELECTORS.panel).waitFor();
        const measured = await page.evaluate((hostSelector): Measured => {
          const host = document.querySelector(hostSelector)!;
          const root = host.shadowRoot!;
          for (const d of root.querySelectorAll("details")) d.open = true;
          const panel = root.querySelector(".cad-panel") as HTMLElement;
          const rect = panel.getBoundingClientRect();
          const name = (el: Element) =>
            `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(" ")[0]}` : ""} "${(el.textContent ?? "").slice(0, 60)}"`;
          const overflowing: string[] = [];
          const breakAll: string[] = [];
          for (const el of panel.querySelectorAll("*")) {
            const style = getComputedStyle(el);
            if (style.wordBreak === "break-all") breakAll.push(name(el));
            // Inline boxes have no width of their own; screen-reader text is clipped on purpose.
            if (style.display === "inline" || el.classList.contains("cad-sr")) continue;
            const box = el as HTMLElement;
            if (box.scrollWidth > box.clientWidth + 1) overflowing.push(name(el));
          }
          // Every word of 4+ letters is drawn on one line.
          const brokenWords: string[] = [];
          const walker = document.createTreeWalker(panel, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const text = n.textContent ?? "";
            // Words, not IDs: letters only (at least one lowercase), not joined to digits or `_`.
            for (const m of text.matchAll(
              /(?<![A-Za-z0-9_])(?=[A-Z]*[a-z])[A-Za-z]{4,}(?![A-Za-z0-9_])/g,
            )) {
              const range = document.createRange();
              range.setStart(n, m.index);
              range.setEnd(n, m.index + m[0].length);
              const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
              if (lines.size > 1) brokenWords.push(m[0]);
            }
          }
          const toggle = root.querySelector(".cad-toggle")!;
          return {
            doc: {
              scrollWidth: document.documentElement.scrollWidth,
              clientWidth: document.documentElement.clientWidth,
            },
            panel: {
              scrollWidth: panel.scrollWidth,
              clientWidth: panel.clientWidth,
              left: rect.left,
              top: rect.top,
              right: rect.right,
              bottom: rect.bottom,
            },
            viewport: { width: window.innerWidth, height: window.innerHeight },
            overflowing,
            brokenWords,
            breakAll,
            text: panel.innerText,
            toggleLabel: toggle.getAttribute("aria-label") ?? "",
          };
        }, HOST);
        await page.screenshot({ path: `${outDir}/layout-${viewport.width}-${id}.png` });
        // The whole panel, unscrolled, for a person to look at (after the measurements).
        await page.setViewportSize({ width: viewport.width, height: 4000 });
        await page.evaluate((hostSelector) => {
          const panel = document
            .querySelector(hostSelector)!
            .shadowRoot!.querySelector(".cad-panel") as HTMLElement;
          panel.style.maxHeight = "none";
        }, HOST);
        // In screen-sized parts, to be readable.
        const box = (await page.locator(SELECTORS.panel).boundingBox())!;
        for (let y = 0, part = 1; y < box.height; y += viewport.height, part++)
          await page.screenshot({
            path: `${outDir}/layout-${viewport.width}-${id}-panel-${part}.png`,
            clip: {
              x: box.x,
              y: box.y + y,
              width: box.width,
              height: Math.min(viewport.height, box.height - y),
            },
          });
        console.info(
          `[e2e] layout ${viewport.width}×${viewport.height} ${id}: document ${measured.doc.scrollWidth}/${measured.doc.clientWidth}, panel ${measured.panel.scrollWidth}/${measured.panel.clientWidth} px wide, at x ${Math.round(measured.panel.left)}–${Math.round(measured.panel.right)}, y ${Math.round(measured.panel.top)}–${Math.round(measured.panel.bottom)}`,
        );
        const what = `${id} at ${viewport.width}×${viewport.height}`;
        expect(measured.doc.scrollWidth, `${what}: the page scrolls sideways`).toBeLessThanOrEqual(
          measured.doc.clientWidth,
        );
        expect(
          measured.panel.scrollWidth,
          `${what}: the panel scrolls sideways`,
        ).toBeLessThanOrEqual(measured.panel.clientWidth);
        expect(measured.panel.left, `${what}: cut off on the left`).toBeGreaterThanOrEqual(0);
        expect(measured.panel.top, `${what}: cut off at the top`).toBeGreaterThanOrEqual(0);
        expect(measured.panel.right, `${what}: cut off on the right`).toBeLessThanOrEqual(
          measured.viewport.width,
        );
        expect(measured.panel.bottom, `${what}: cut off at the bottom`).toBeLessThanOrEqual(
          measured.viewport.height,
        );
        expect(measured.overflowing.join("\n"), `${what}: content wider than its box`).toBe("");
        expect(measured.breakAll.join("\n"), `${what}: styled to break words anywhere`).toBe("");
        expect(measured.brokenWords.join(", "), `${what}: words broken across lines`).toBe("");
        expect(measured.text, `${what}: literal backticks`).not.toContain("`");
        expect(
          measured.toggleLabel,
          `${what}: literal backticks in the toggle's label`,
        ).not.toContain("`");
        // Punctuation that ends a phrase (not the dot of `.env.local`) after a space.
        const spaced = [
          ...measured.text.matchAll(/.{0,30}[^\S\n][,.;:!?)](?=[\s,.;:)]|$).{0,10}/g),
        ].map((m) => m[0]);
        expect(spaced.join("\n"), `${what}: a space before punctuation`).toBe("");
      } finally {
        await p.context.close();
      }
    },
    120_000,
  );
});
