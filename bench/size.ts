/**
 * `npm run bench:size`: what the overlay + hook cost.
 * 1. Builds the example app for production twice, with and without the diagnostics lines, and
 *    prints the byte difference (goal 0) and whether any overlay marker is in the bundle.
 * 2. Builds the Vite starter fixture (test/starters) three times for production: untouched, with
 *    the README's overlay, and rendering from the README's `useAuthDiagnostics()` banner; prints
 *    what each usage adds over the untouched starter and whether any overlay or engine marker
 *    is in the bundle (goal: none, and only call-site bytes).
 * 3. Bundles the React entry as a development build (React, Convex, jose, AuthKit external) and
 *    prints its gzip size (goal ≤ 12 KB), with and without the core engine.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type Plugin } from "vite";
import { measuredHere, recordNumbers } from "../scripts/numbers.js";
import { ENGINE_MARKERS, OVERLAY_MARKERS } from "../test/support/markers.js";
import {
  apply,
  fileSnippets,
  freshApp,
  scan,
  useBannerInsteadOfOverlay,
  viteBuild,
} from "../test/starters/starters.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const exampleConfig = join(root, "example/vite.config.ts");
const MARKERS = OVERLAY_MARKERS;

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".js"))
    .map((f) => join(dir, f));
}

function measure(dir: string) {
  const files = jsFiles(dir);
  const text = files.map((f) => readFileSync(f, "utf8")).join("\n");
  return {
    bytes: files.reduce((n, f) => n + statSync(f).size, 0),
    gzip: gzipSync(text).length,
    markers: MARKERS.filter((m) => text.includes(m)),
  };
}

/** Removes the diagnostics from the example's main.tsx: the import, the logger and the overlay. */
function withoutDiagnostics(): Plugin {
  return {
    name: "without-diagnostics",
    enforce: "pre",
    transform(code, id) {
      if (!id.endsWith("example/src/main.tsx")) return null;
      const out = code
        // The import may span lines (prettier wraps it).
        .replace(/^import (?:[^;]|\n)*? from "convex-authkit-diagnostics\/react";\n/m, "")
        .replace(/,\s*\{\s*logger: createAuthDiagnosticsLogger\(\),\s*\}/, "")
        .replace(/<AuthDiagnosticsOverlay[\s\S]*?\/>/, "null");
      if (out.includes("AuthDiagnostics"))
        throw new Error("could not strip the diagnostics from example/src/main.tsx");
      return out;
    },
  };
}

async function buildExample(outDir: string, plugins: Plugin[]) {
  await build({
    configFile: exampleConfig,
    logLevel: "silent",
    mode: "production",
    plugins,
    build: { outDir, emptyOutDir: true },
  });
  return measure(outDir);
}

async function buildLibrary(entry: string, outDir: string, coreExternal: boolean) {
  await build({
    configFile: false,
    logLevel: "silent",
    mode: "development",
    define: { "process.env.NODE_ENV": JSON.stringify("development") },
    build: {
      outDir,
      emptyOutDir: true,
      minify: true,
      lib: { entry, formats: ["es"], fileName: "entry" },
      rollupOptions: {
        external: (id) =>
          /^(react|react-dom|convex|jose|@workos-inc)(\/|$)/.test(id) ||
          (coreExternal && /[\\/]core[\\/]/.test(id) && !id.includes("react")),
      },
    },
  });
  return measure(outDir);
}

const withOverlay = await buildExample(join(root, "example/dist"), []);
const without = await buildExample(join(root, "bench/.out/example-without"), [
  withoutDiagnostics(),
]);
const delta = withOverlay.bytes - without.bytes;
console.log("example production bundle");
console.log(`  with overlay + logger:    ${withOverlay.bytes} B (gzip ${withOverlay.gzip} B)`);
console.log(`  without the diagnostics:  ${without.bytes} B (gzip ${without.gzip} B)`);
console.log(
  `  overlay/hook/logger code in the bundle: ${withOverlay.markers.length ? `YES (${withOverlay.markers.join(", ")})` : "0 B (no overlay marker found)"}`,
);
console.log(
  `  call-site residue: ${delta} B (the app's own <AuthDiagnosticsOverlay …/> props and logger call, plus the two one-line stubs they reach)`,
);

// The README followed in the Vite starter, overlay usage and hook usage (needs `dist/`: the
// package is packed and installed as an app would install it).
const readme = fileSnippets("README.md");
const starterMarkers = [...OVERLAY_MARKERS, ...ENGINE_MARKERS];
function starterBuild(name: string, setUp: (app: string) => void) {
  const app = freshApp("vite", name);
  setUp(app);
  const r = viteBuild(app);
  if (r.status !== 0) throw new Error(`vite build of the ${name} starter failed:\n${r.output}`);
  return scan(join(app, "dist"), starterMarkers);
}
const plain = starterBuild("bench-plain", () => {});
const overlayUsage = starterBuild("bench-overlay", (app) =>
  apply(
    app,
    readme.filter((s) => s.path !== "src/AuthDiagnosticsBanner.tsx"),
  ),
);
const hookUsage = starterBuild("bench-hook", (app) => {
  apply(app, readme);
  useBannerInsteadOfOverlay(app);
});
const starterFound = [
  ...new Set([...Object.keys(overlayUsage.found), ...Object.keys(hookUsage.found)]),
];
console.log("Vite starter built from the README, production bundle (goal: no diagnostics code)");
console.log(`  untouched starter:            ${plain.bytes} B (gzip ${plain.gzip} B)`);
for (const [label, u] of [
  ["with the overlay + logger:   ", overlayUsage],
  ["rendering useAuthDiagnostics:", hookUsage],
] as const) {
  const markers = Object.keys(u.found);
  console.log(
    `  ${label} ${u.bytes - plain.bytes} B over it (gzip ${u.gzip - plain.gzip} B); diagnostics code: ${markers.length ? `YES (${markers.join(", ")})` : "0 B (no overlay or engine marker)"}`,
  );
}

const entry = join(root, "src/react/production.ts");
const reactOnly = await buildLibrary(entry, join(root, "bench/.out/react-only"), true);
const withCore = await buildLibrary(entry, join(root, "bench/.out/react-core"), false);
console.log(
  "development build of the React entry (minified; React, Convex, jose, AuthKit external)",
);
console.log(
  `  hook + overlay + logger:          ${reactOnly.bytes} B, gzip ${(reactOnly.gzip / 1024).toFixed(1)} KB (goal ≤ 12 KB)`,
);
console.log(
  `  ... plus the core engine it uses: ${withCore.bytes} B, gzip ${(withCore.gzip / 1024).toFixed(1)} KB`,
);
console.log(
  `  (\`grep -c data-convex-auth-diagnostics example/dist/assets/*.js\` → ${withOverlay.markers.includes("data-convex-auth-diagnostics") ? "≥ 1" : "0"})`,
);

recordNumbers({
  size: {
    ...measuredHere(),
    residueBytes: delta,
    markers: withOverlay.markers.length,
    devGzipKB: reactOnly.gzip / 1024,
    devWithCoreGzipKB: withCore.gzip / 1024,
    starterOverlayBytes: overlayUsage.bytes - plain.bytes,
    starterHookBytes: hookUsage.bytes - plain.bytes,
    starterMarkers: starterFound.length,
  },
});
console.log("written to docs/numbers.json (and the docs that quote it)");

// The call sites in the app stay (a bundler cannot drop a JSX element); anything beyond a few
// hundred bytes would mean real diagnostics code slipped in.
if (
  withOverlay.markers.length > 0 ||
  delta > 512 ||
  starterFound.length > 0 ||
  overlayUsage.bytes - plain.bytes > 512 ||
  hookUsage.bytes - plain.bytes > 512
) {
  console.error("FAIL: the production bundle contains diagnostics code");
  process.exitCode = 1;
}
