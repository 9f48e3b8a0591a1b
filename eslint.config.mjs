// ESLint flat config: typescript-eslint for every TypeScript file, the React hooks rules for
// React code, and Convex's own plugin for Convex functions (the component and the example's).
import js from "@eslint/js";
import convexPlugin from "@convex-dev/eslint-plugin";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "example/dist/**",
      "example-nextjs/.next*/**",
      "example-nextjs/next-env.d.ts",
      "test-results/**",
      "**/_generated/**",
      "test/cli/fixtures/**",
      "test/react18/deps/**",
      "test/convex-current/deps/**",
      "bench/.out/**",
      "test/starters/.work/**",
      "test/starters/deps/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      // Function references built by `anyApi` are typed `any` on purpose at the boundaries.
      "@typescript-eslint/no-explicit-any": "off",
      eqeqeq: ["error", "smart"],
    },
  },
  {
    files: [
      "src/react/**/*.{ts,tsx}",
      "src/nextjs/**/*.{ts,tsx}",
      "src/tanstack/**/*.{ts,tsx}",
      "example/src/**/*.{ts,tsx}",
      "example-nextjs/**/*.{ts,tsx}",
      "example-tanstack/**/*.{ts,tsx}",
      "test/**/*.tsx",
    ],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },
  ...convexPlugin.configs.recommended,
  {
    files: ["src/component/**/*.ts"],
    plugins: { "@convex-dev": convexPlugin },
    rules: {
      "@convex-dev/no-old-registered-function-syntax": "error",
      "@convex-dev/require-args-validator": "error",
      "@convex-dev/explicit-table-ids": "error",
      "@convex-dev/no-filter-in-query": "error",
      "@convex-dev/no-collect-in-query": "error",
    },
  },
);
