/// <reference types="vite/client" />
/**
 * `convex-authkit-diagnostics/test`: registers the `authDiagnostics` component in a convex-test
 * instance, so apps can test their own functions (and the re-exported diagnostics) with it.
 *
 * @example
 * import { convexTest } from "convex-test";
 * import { register } from "convex-authkit-diagnostics/test";
 * const t = convexTest(schema, import.meta.glob("./**\/*.ts"));
 * register(t);
 */
import type { TestConvex } from "convex-test";
import type { GenericSchema, SchemaDefinition } from "convex/server";
import schema from "./component/schema.js";

/** The component's modules, `_generated/` included (convex-test finds the component root by it). */
export const modules = import.meta.glob("./component/**/*.ts");

/**
 * Registers the component with a convex-test instance.
 * @param t - The instance from `convexTest(…)`.
 * @param name - The name it is installed under in `convex.config.ts` (default `"authDiagnostics"`).
 */
export function register(
  t: TestConvex<SchemaDefinition<GenericSchema, boolean>>,
  name = "authDiagnostics",
): void {
  t.registerComponent(name, schema, modules);
}

export { schema };
export default { register, schema, modules };
