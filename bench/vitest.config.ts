import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { PACKAGE_ALIASES } from "../packageAliases.js";

// Benchmarks that need the Convex edge runtime (convex-test); run by `npm run bench:component`,
// never by `npm test`.
export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  resolve: { alias: PACKAGE_ALIASES },
  test: {
    include: ["bench/**/*.perf.ts"],
    environment: "edge-runtime",
    server: { deps: { inline: ["convex-test"] } },
  },
});
