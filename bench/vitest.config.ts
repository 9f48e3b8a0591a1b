import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { packageAliases } from "../vitest.config.js";

// Benchmarks that need the Convex edge runtime (convex-test); run by `npm run bench:component`,
// never by `npm test`.
export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  resolve: { alias: packageAliases },
  test: {
    include: ["bench/**/*.perf.ts"],
    environment: "edge-runtime",
    server: { deps: { inline: ["convex-test"] } },
  },
});
