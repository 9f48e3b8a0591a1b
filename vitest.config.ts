import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { PACKAGE_ALIASES } from "./packageAliases.js";

// React 18 for the `react18` project: the dev-only npm workspace test/react18/deps depends on
// react@18 and react-dom@18, which npm nests in test/react18/deps/node_modules (the root has
// React 19). No test file lives under deps/, so without the aliases below every test file,
// test/react18's included, would get the root's React 19 (and test/react18 catches that).
const react18Require = createRequire(
  fileURLToPath(new URL("./test/react18/deps/package.json", import.meta.url)),
);
const react18Modules = dirname(dirname(react18Require.resolve("react/package.json")));
const rootRequire = createRequire(import.meta.url);
// Their CJS builds would require() React 19 from the root; their ESM builds are inlined instead.
const testingLibraryReactEsm = rootRequire.resolve(
  "@testing-library/react/dist/@testing-library/react.esm.js",
);
const authKitReactEsm = rootRequire.resolve("@workos-inc/authkit-react/dist/index.mjs");

/**
 * Every `react`, `react/*`, `react-dom` and `react-dom/*` import that goes through Vite goes to
 * the nested React 18. Packages that import React themselves are inlined (Vite transforms them,
 * so these aliases reach their imports) or, for react-dom 18 (CJS, loaded by Node), resolve
 * `react` from their own nested folder: one React copy at run time. test/react18/setup.ts
 * refuses to run a test file under any other React.
 */
const react18Aliases = [
  { find: /^(react|react-dom)(\/.*)?$/, replacement: `${react18Modules}/$1$2` },
  { find: /^@testing-library\/react$/, replacement: testingLibraryReactEsm },
  { find: /^@workos-inc\/authkit-react$/, replacement: authKitReactEsm },
];

// The current convex release for the `*-convex-current` projects: the dev-only npm workspace
// test/convex-current/deps depends on it, and npm nests it there (the root pins convex 1.48).
// Every `convex` and `convex/<entry>` import that goes through Vite goes to its ESM build; the
// packages that import convex themselves (convex-test) are inlined so the aliases reach them,
// and test/convex-current/setup.ts refuses to run a test file under another convex.
const convexCurrentRequire = createRequire(
  fileURLToPath(new URL("./test/convex-current/deps/package.json", import.meta.url)),
);
const convexCurrentDir = dirname(convexCurrentRequire.resolve("convex/package.json"));
const convexCurrentEnv = {
  CONVEX_CURRENT_VERSION: (
    JSON.parse(readFileSync(`${convexCurrentDir}/package.json`, "utf8")) as { version: string }
  ).version,
};
const convexCurrentAliases = [
  {
    find: /^convex(\/(?:server|values|browser|react|nextjs))?$/,
    replacement: `${convexCurrentDir}/dist/esm$1/index.js`,
  },
];

// One project per runtime: the pure core and the CLI run under Node, Convex
// functions under the edge runtime (as convex-test expects), React code in jsdom.
// `servers` tests the demo's local WorkOS issuer and Convex stand-in (demo/) under Node;
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
        resolve: { alias: PACKAGE_ALIASES },
        test: {
          name: "component",
          include: ["test/component/**/*.test.ts"],
          environment: "edge-runtime",
          server: { deps: { inline: ["convex-test"] } },
        },
      },
      {
        // The stand-in runs example/convex, which imports the package by name.
        resolve: { alias: PACKAGE_ALIASES },
        test: {
          name: "servers",
          include: ["test/demo/**/*.test.ts"],
          environment: "node",
          testTimeout: 20_000,
        },
      },
      {
        resolve: { alias: PACKAGE_ALIASES },
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
        // The same hook and overlay tests on React 18 (see react18Aliases above).
        resolve: { alias: react18Aliases },
        test: {
          name: "react18",
          include: ["test/react/**/*.test.tsx", "test/react18/**/*.test.{ts,tsx}"],
          environment: "jsdom",
          testTimeout: 15_000,
          setupFiles: ["test/react18/setup.ts"],
          server: {
            deps: {
              // ESM packages that import react: transformed by Vite so the aliases apply.
              inline: [
                /[\\/]node_modules[\\/]convex[\\/]/,
                /[\\/]node_modules[\\/]@workos-inc[\\/]/,
                /@testing-library[\\/]react[\\/]/,
              ],
            },
          },
        },
      },
      {
        // The Next.js helpers (src/nextjs) under Node; `server-only` throws outside a React
        // Server Components bundle, so it is stubbed here.
        resolve: {
          alias: [
            {
              find: /^server-only$/,
              replacement: fileURLToPath(new URL("./test/nextjs/serverOnly.ts", import.meta.url)),
            },
          ],
        },
        test: {
          name: "nextjs",
          include: ["test/nextjs/**/*.test.{ts,tsx}"],
          environment: "node",
        },
      },
      {
        // The component and client wrapper tests again, on the current convex release.
        resolve: { alias: [...PACKAGE_ALIASES, ...convexCurrentAliases] },
        test: {
          name: "component-convex-current",
          include: ["test/component/**/*.test.ts", "test/convex-current/**/*.test.ts"],
          environment: "edge-runtime",
          setupFiles: ["test/convex-current/setup.ts"],
          env: convexCurrentEnv,
          server: { deps: { inline: ["convex-test"] } },
        },
      },
      {
        // ConvexReactClient of the current release against the hook, overlay and AuthKit wiring.
        resolve: { alias: convexCurrentAliases },
        test: {
          name: "react-convex-current",
          include: [
            "test/react/useAuthDiagnostics.test.tsx",
            "test/react/overlay.test.tsx",
            "test/react/authkitProvider.test.tsx",
          ],
          environment: "jsdom",
          testTimeout: 15_000,
          setupFiles: ["test/convex-current/setup.ts"],
          env: convexCurrentEnv,
        },
      },
      {
        // The demo's sync protocol and Convex stand-in, spoken to by the current release's clients.
        resolve: { alias: [...PACKAGE_ALIASES, ...convexCurrentAliases] },
        test: {
          name: "servers-convex-current",
          include: ["test/demo/syncProtocol.test.ts", "test/demo/convexStandin.test.ts"],
          environment: "node",
          testTimeout: 20_000,
          setupFiles: ["test/convex-current/setup.ts"],
          env: convexCurrentEnv,
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
