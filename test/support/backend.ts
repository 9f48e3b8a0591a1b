/**
 * Which Convex backend the stand-in runs. Until `example/convex` lands on main this is a small
 * fixture; switching is this file only (see the commented lines).
 */
import { fileURLToPath } from "node:url";
import type { StandinBackend } from "./convexStandin.js";
import schema from "./fixtures/convex/schema.js";

const fixtureModules: Record<string, () => Promise<unknown>> = {
  "./fixtures/convex/_generated/server.ts": () => import("./fixtures/convex/_generated/server.js"),
  "./fixtures/convex/messages.ts": () => import("./fixtures/convex/messages.js"),
};

/** The backend the demo and the e2e tests use. */
export const backend: StandinBackend = {
  name: "fixture",
  schema,
  modules: fixtureModules,
  // example: modules: import.meta.glob("../../example/convex/**/*.ts"), setup: (t) => register(t),
  authConfigPath: fileURLToPath(new URL("./fixtures/convex/auth.config.ts", import.meta.url)),
};

/** The older docs' config (applicationID on both providers), for the "token without aud" scenario. */
export const olderDocsAuthConfigPath = fileURLToPath(new URL("./fixtures/convex/olderDocs.auth.config.ts", import.meta.url));
