import type { NextConfig } from "next";
import { fileURLToPath } from "node:url";

// The repository root: the example imports this package's sources and `example/convex`.
const root = fileURLToPath(new URL("..", import.meta.url));
// `EXAMPLE_DIAGNOSTICS=on` at build time keeps the overlay in a production build (what the
// e2e tests run); without it `next build` drops the overlay, as an app's production build does.
const keepDiagnostics = process.env.EXAMPLE_DIAGNOSTICS === "on";

const nextConfig: NextConfig = {
  // The repository's `npm run typecheck` checks this app (example-nextjs/tsconfig.json).
  typescript: { ignoreBuildErrors: true },
  // `next build` writes to `EXAMPLE_DIST_DIR` when set, so two builds can sit side by side.
  distDir: process.env.EXAMPLE_DIST_DIR || ".next",
  turbopack: {
    root,
    // The example imports the package by name, exactly as an app would; here the names point at
    // the package as it is published: `dist/`, built by `npm run build` (the e2e tests and
    // `npm run demo:next` build it first).
    resolveAlias: {
      "convex-authkit-diagnostics/nextjs/server": "../dist/nextjs/server.js",
      "convex-authkit-diagnostics/nextjs": keepDiagnostics
        ? "../dist/nextjs/production.js"
        : "../dist/nextjs/index.js",
    },
  },
};

export default nextConfig;
