/**
 * A small Convex backend (`fixtures/convex`: a table, queries, a mutation and an action) for
 * the stand-in's own protocol tests, which the example app's functions do not exercise. The
 * demo and the scenario tests run `example/convex` instead (`demo/exampleBackend.ts`).
 */
import { fileURLToPath } from "node:url";
import type { StandinBackend } from "../../demo/convexStandin.js";
import schema from "./fixtures/convex/schema.js";

const fixtureModules: Record<string, () => Promise<unknown>> = {
  "./fixtures/convex/_generated/server.ts": () => import("./fixtures/convex/_generated/server.js"),
  "./fixtures/convex/messages.ts": () => import("./fixtures/convex/messages.js"),
};

/** The fixture backend as the stand-in runs it. */
export const fixtureBackend: StandinBackend = {
  name: "fixture",
  schema,
  modules: fixtureModules,
  authConfigPath: fileURLToPath(new URL("./fixtures/convex/auth.config.ts", import.meta.url)),
};
