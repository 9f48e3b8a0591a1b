import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

/** The package's own entry points, resolved to the sources (the example imports them by name). */
export const packageAliases = [
  { find: /^convex-authkit-diagnostics$/, replacement: src("client/index.ts") },
  { find: /^convex-authkit-diagnostics\/convex\.config(\.js)?$/, replacement: src("component/convex.config.ts") },
  { find: /^convex-authkit-diagnostics\/_generated\/component(\.js)?$/, replacement: src("component/_generated/component.ts") },
  { find: /^convex-authkit-diagnostics\/test$/, replacement: src("test.ts") },
  { find: /^convex-authkit-diagnostics\/core$/, replacement: src("core/index.ts") },
];

// One project per runtime: the pure core and the CLI run under Node, Convex
// functions under the edge runtime (as convex-test expects), React code in jsdom.
// `servers` tests the local WorkOS issuer and Convex stand-in (test/support) under Node;
// `e2e` drives a real Chromium and runs only through `npm run test:e2e`.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "core",
          include: ["test/core/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        // The example app imports this package by name, as users do; resolve it to the sources.
        resolve: { alias: packageAliases },
        test: {
          name: "component",
          include: ["test/component/**/*.test.ts"],
          environment: "edge-runtime",
          server: { deps: { inline: ["convex-test"] } },
        },
      },
      {
        // The stand-in runs example/convex, which imports the package by name.
        resolve: { alias: packageAliases },
        test: {
          name: "servers",
          include: ["test/support/**/*.test.ts"],
          environment: "node",
          testTimeout: 20_000,
        },
      },
      {
        resolve: { alias: packageAliases },
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One browser at a time: the machine has 2 cores.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "react",
          include: ["test/react/**/*.test.{ts,tsx}"],
          environment: "jsdom",
          testTimeout: 15_000,
        },
      },
      {
        test: {
          name: "cli",
          include: ["test/cli/**/*.test.ts"],
          environment: "node",
          // Subprocess tests start Node with tsx; give them room on a busy machine.
          testTimeout: 20_000,
        },
      },
    ],
  },
});
