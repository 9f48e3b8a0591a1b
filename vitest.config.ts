import { defineConfig } from "vitest/config";

// One project per runtime: the pure core and the CLI run under Node, Convex
// functions under the edge runtime (as convex-test expects), React code in jsdom.
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
