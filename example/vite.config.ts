import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const src = (p: string) => fileURLToPath(new URL(`../src/${p}`, import.meta.url));

// The example imports the package by name, exactly as an app would; here the names point at
// the sources so the example always runs the current code.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [react()],
  resolve: {
    alias: [
      {
        find: /^convex-authkit-diagnostics\/react\/production$/,
        replacement: src("react/production.ts"),
      },
      { find: /^convex-authkit-diagnostics\/react$/, replacement: src("react/index.ts") },
      { find: /^convex-authkit-diagnostics\/core$/, replacement: src("core/index.ts") },
    ],
  },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false },
});
