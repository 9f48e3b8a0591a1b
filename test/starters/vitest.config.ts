// The docs followed inside starter-shaped apps (starters.test.ts). Kept out of the root config:
// it packs `dist/`, so `npm run test:package` runs it after the build (`npm run test:starters`).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    name: "starters",
    include: ["test/starters/**/*.test.ts"],
    environment: "node",
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
