// @vitest-environment node
/**
 * An app that renders from the hook alone (no overlay, no logger) costs nothing in production:
 * bundled for production by esbuild and by Vite, the app carries no hook or core engine code,
 * while the same app bundled for development does (so the check can fail).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const src = (path: string) => fileURLToPath(new URL(`../../src/${path}`, import.meta.url));

/** The package's development entries, resolved to the sources as an app's bundler would resolve the build. */
const ENTRIES = {
  "convex-authkit-diagnostics/react": src("react/index.ts"),
  "convex-authkit-diagnostics/nextjs": src("nextjs/index.ts"),
  "convex-authkit-diagnostics/tanstack": src("tanstack/index.ts"),
};
type Entry = keyof typeof ENTRIES;

/**
 * Strings only the real hook and the core engine contain: a catalogue title, the finding code
 * `diagnose()` emits for `?error=` on the page, and the hook's text for a missing Convex client.
 */
const HOOK_MARKERS = [
  "WorkOS returned an error to the redirect URI",
  "AUTHKIT_CALLBACK_ERROR",
  "No Convex client: render the diagnostics inside",
];

/** Peer dependencies stay external, as the bench does: only this package's code is measured. */
const EXTERNAL = /^(react|react-dom|convex|jose|@workos-inc|@workos)(\/|$)/;

/** An app that calls nothing but `useAuthDiagnostics` and renders its headline. */
const appSource = (entry: Entry) => `
import { createElement } from "react";
import { createRoot } from "react-dom/client";
import { anyApi } from "convex/server";
import { useAuthDiagnostics } from "${entry}";

function Headline() {
  const diagnosis = useAuthDiagnostics(anyApi.authDiagnostics, { clientId: "client_01APP" });
  return createElement("p", null, diagnosis ? diagnosis.headline.title : "Convex + AuthKit");
}
createRoot(document.getElementById("root")).render(createElement(Headline));
`;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

type Mode = "production" | "development";

async function withEsbuild(entry: Entry, mode: Mode): Promise<string> {
  const { build } = await import("esbuild");
  const result = await build({
    stdin: { contents: appSource(entry), loader: "js", resolveDir: src(".") },
    bundle: true,
    write: false,
    format: "esm",
    minify: true,
    logLevel: "silent",
    define: { "process.env.NODE_ENV": JSON.stringify(mode) },
    alias: ENTRIES,
    plugins: [
      {
        name: "peers-external",
        setup(b) {
          b.onResolve({ filter: EXTERNAL }, (args) => ({ path: args.path, external: true }));
        },
      },
    ],
  });
  return result.outputFiles.map((f) => f.text).join("\n");
}

async function withVite(entry: Entry, mode: Mode): Promise<string> {
  const { build } = await import("vite");
  const dir = mkdtempSync(join(tmpdir(), "cad-hook-bundle-"));
  dirs.push(dir);
  const app = join(dir, "app.js");
  writeFileSync(app, appSource(entry));
  const output = await build({
    configFile: false,
    logLevel: "silent",
    mode,
    define: { "process.env.NODE_ENV": JSON.stringify(mode) },
    resolve: { alias: ENTRIES },
    build: {
      write: false,
      minify: true,
      lib: { entry: app, formats: ["es"], fileName: "app" },
      rollupOptions: { external: (id) => EXTERNAL.test(id) },
    },
  });
  const outputs = Array.isArray(output) ? output : [output];
  return outputs
    .flatMap((o) => ("output" in o ? o.output : []))
    .map((chunk) => (chunk.type === "chunk" ? chunk.code : ""))
    .join("\n");
}

const BUNDLERS = { esbuild: withEsbuild, vite: withVite };

describe("an app that uses only useAuthDiagnostics", () => {
  it.each(
    Object.keys(BUNDLERS).flatMap((bundler) =>
      Object.keys(ENTRIES).map((entry) => [bundler, entry] as [keyof typeof BUNDLERS, Entry]),
    ),
  )(
    "%s, %s: the production bundle holds no hook or core engine code, the development one does",
    async (bundler, entry) => {
      const bundle = BUNDLERS[bundler];
      const production = await bundle(entry, "production");
      expect(production).toContain("Convex + AuthKit");
      for (const marker of HOOK_MARKERS) expect(production, marker).not.toContain(marker);

      const development = await bundle(entry, "development");
      for (const marker of HOOK_MARKERS) expect(development, marker).toContain(marker);
      // Everything the hook costs in production is its one-line stub.
      expect(production.length).toBeLessThan(1024);
      expect(development.length).toBeGreaterThan(20 * production.length);
    },
    60_000,
  );
});
