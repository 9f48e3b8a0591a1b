/**
 * The demo's scenario picker is development-only: a production build of the example (what
 * `npm run example:build` makes) carries none of its code, even with VITE_DEMO_CONTROL_URL set,
 * while a development build does (so the check below can fail).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const exampleRoot = fileURLToPath(new URL("../../example", import.meta.url));
// Strings only the demo's development code contains: example/src/demo.tsx, and the
// `useConvexAuth()` state main.tsx exposes for the e2e tests.
const PICKER_MARKERS = [
  "data-demo-picker",
  "Switch and restart signed out",
  "did not answer",
  "ShiftedDate",
  "demo-generation",
  "data-convex-state",
];

const outDirs: string[] = [];
afterAll(() => {
  for (const dir of outDirs) rmSync(dir, { recursive: true, force: true });
});

/** Builds the example like `npm run example:build` into a temp dir and returns all its JS. */
async function buildExample(mode: "production" | "development"): Promise<string> {
  const { build } = await import("vite");
  const outDir = mkdtempSync(join(tmpdir(), "cad-example-"));
  outDirs.push(outDir);
  const saved = { url: process.env.VITE_DEMO_CONTROL_URL, nodeEnv: process.env.NODE_ENV };
  // The worst case: the demo's variable is set in the shell that builds.
  process.env.VITE_DEMO_CONTROL_URL = "http://127.0.0.1:1/_demo/scenario";
  // vite build decides production vs development by NODE_ENV (vitest sets it to "test").
  process.env.NODE_ENV = mode;
  try {
    await build({
      configFile: `${exampleRoot}/vite.config.ts`,
      mode,
      logLevel: "error",
      build: { outDir, emptyOutDir: true, minify: mode === "production" },
    });
  } finally {
    if (saved.url === undefined) delete process.env.VITE_DEMO_CONTROL_URL;
    else process.env.VITE_DEMO_CONTROL_URL = saved.url;
    process.env.NODE_ENV = saved.nodeEnv;
  }
  const assets = join(outDir, "assets");
  return readdirSync(assets)
    .filter((f) => f.endsWith(".js"))
    .map((f) => readFileSync(join(assets, f), "utf8"))
    .join("\n");
}

describe("example production build", () => {
  it("contains no scenario picker code, while a development build does", async () => {
    const production = await buildExample("production");
    expect(production).toContain("Convex + AuthKit");
    for (const marker of PICKER_MARKERS) expect(production, marker).not.toContain(marker);

    const development = await buildExample("development");
    for (const marker of PICKER_MARKERS) expect(development, marker).toContain(marker);
  }, 60_000);
});
