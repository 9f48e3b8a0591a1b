/// <reference types="vite/client" />
import { convexTest } from "convex-test";
import { anyApi, type ApiFromModules } from "convex/server";
import { register } from "../../src/test.js";
import type * as diagnostics from "./app/diagnostics.js";
import type * as measure from "./app/measure.js";
import type * as exampleDiagnostics from "../../example/convex/authDiagnostics.js";
import type * as exampleFunctions from "../../example/convex/myFunctions.js";

const appModules = import.meta.glob("./app/**/*.ts");
const exampleModules = import.meta.glob("../../example/convex/**/*.*s");

/** The test app of `./app`, with the component registered the way users do it. */
export function testApp() {
  const t = convexTest(undefined, appModules);
  register(t);
  return t;
}

/** The test app with Convex's per-transaction limits enforced (convex-test skips them by default). */
export function testAppWithTransactionLimits() {
  const t = convexTest({ modules: appModules, transactionLimits: true });
  register(t);
  return t;
}

/** The example backend (`example/convex`) with the component registered. */
export function exampleApp() {
  const t = convexTest(undefined, exampleModules);
  register(t);
  return t;
}

export const app = anyApi as unknown as ApiFromModules<{
  diagnostics: typeof diagnostics;
  measure: typeof measure;
}>;
export const example = anyApi as unknown as ApiFromModules<{
  authDiagnostics: typeof exampleDiagnostics;
  myFunctions: typeof exampleFunctions;
}>;
