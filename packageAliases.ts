/**
 * How the example app and the demo import this package by name (`convex-authkit-diagnostics`,
 * `/core`, `/convex.config.js`, …), pointed at the sources: used by vitest and by the demo's
 * Vite server, so both resolve the package exactly as a user's bundler resolves the build.
 */
import { fileURLToPath } from "node:url";

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

/** Vite/vitest `resolve.alias` entries for the package's own entry points. */
export const PACKAGE_ALIASES = [
  { find: /^convex-authkit-diagnostics$/, replacement: src("client/index.ts") },
  {
    find: /^convex-authkit-diagnostics\/convex\.config(\.js)?$/,
    replacement: src("component/convex.config.ts"),
  },
  {
    find: /^convex-authkit-diagnostics\/_generated\/component(\.js)?$/,
    replacement: src("component/_generated/component.ts"),
  },
  { find: /^convex-authkit-diagnostics\/test$/, replacement: src("test.ts") },
  { find: /^convex-authkit-diagnostics\/core$/, replacement: src("core/index.ts") },
];
