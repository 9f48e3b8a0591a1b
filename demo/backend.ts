/**
 * Loads the example app's `example/convex` for the stand-in: `exampleBackend` from
 * `./exampleBackend.ts` is imported directly under vitest, or through {@link loadExampleBackend}
 * from plain Node (`npm run demo` runs under tsx, which has no `import.meta.glob`): it loads that
 * module through a Vite SSR server, so globs, `.js`→`.ts` imports and the package's own name
 * resolve exactly as under vitest.
 */
import { fileURLToPath } from "node:url";
import { PACKAGE_ALIASES } from "../packageAliases.js";
import type { StandinBackend } from "./convexStandin.js";

const root = fileURLToPath(new URL("..", import.meta.url));

/** The older docs' config (applicationID on both providers), for the "token without aud" scenario. */
export const olderDocsAuthConfigPath = fileURLToPath(
  new URL("./olderDocs.auth.config.ts", import.meta.url),
);

/** A loaded backend and how to release what loading it needed. */
export interface LoadedBackend {
  backend: StandinBackend;
  /** Stops the Vite server the functions are loaded through (call after the stand-in closed). */
  close(): Promise<void>;
}

/**
 * Loads `example/convex` for the stand-in from plain Node, through a Vite SSR server that
 * stays up while the functions run (convex-test imports modules lazily). No file watcher, no
 * HMR socket, no listening port.
 */
export async function loadExampleBackend(): Promise<LoadedBackend> {
  const { createServer } = await import("vite");
  const server = await createServer({
    configFile: false,
    root,
    logLevel: "error",
    clearScreen: false,
    appType: "custom",
    resolve: { alias: PACKAGE_ALIASES },
    optimizeDeps: { noDiscovery: true, include: [] },
    server: { middlewareMode: true, hmr: false, ws: false, watch: null },
  });
  try {
    const module = (await server.ssrLoadModule(
      "/demo/exampleBackend.ts",
    )) as typeof import("./exampleBackend.js");
    return { backend: module.exampleBackend, close: () => server.close() };
  } catch (e) {
    await server.close();
    throw new Error(
      `Could not load example/convex for the stand-in: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
}
