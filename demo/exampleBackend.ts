/// <reference types="vite/client" />
/**
 * The stand-in's backend: the example app's real `example/convex` functions (including the
 * re-exported `authDiagnostics:diagnoseAuth` / `verifyToken`) with the `authDiagnostics`
 * component registered through the package's own `register` (`src/test.ts`).
 *
 * Uses `import.meta.glob`, so it must be loaded through Vite: vitest imports it directly, the
 * demo loads it with {@link loadExampleBackend} from `./backend.ts` (Vite's `ssrLoadModule`).
 */
import { fileURLToPath } from "node:url";
import { register } from "../src/test.js";
import type { StandinBackend } from "./convexStandin.js";

/** Every file of `example/convex`, `_generated/` included (convex-test finds the root by it). */
export const exampleModules = import.meta.glob("../example/convex/**/*.*s");

/** The key of the example's auth config in {@link exampleModules}. */
export const AUTH_CONFIG_MODULE = "../example/convex/auth.config.ts";

interface AuthConfigModule {
  default: { providers: unknown[] };
}

/** The example backend as the stand-in runs it. */
export const exampleBackend: StandinBackend = {
  name: "example/convex",
  modules: exampleModules,
  setup: (t) => register(t),
  authConfigPath: fileURLToPath(new URL("../example/convex/auth.config.ts", import.meta.url)),
  // A push bundles auth.config.ts with the functions: `authDiagnostics.ts` imports the same
  // module, so after each (re)push its providers are the ones Convex judges tokens by.
  async deploy(providers) {
    const load = exampleModules[AUTH_CONFIG_MODULE];
    if (!load) throw new Error(`${AUTH_CONFIG_MODULE} is missing from example/convex`);
    const config = ((await load()) as AuthConfigModule).default;
    config.providers = providers;
  },
};
