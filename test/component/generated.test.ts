/**
 * `src/component/_generated/` is committed because `convex codegen` needs a deployment. These
 * type-level checks (run by `tsc --noEmit`, which `npm test` does first) fail as soon as the
 * committed `ComponentApi` stops describing the component's real functions: a function added,
 * removed or renamed, an argument or return field changed, made optional or retyped.
 */
import type { ApiFromModules, FunctionReference } from "convex/server";
import type { GenericId } from "convex/values";
import { describe, expect, expectTypeOf, test } from "vitest";
import type { ComponentApi } from "../../src/component/_generated/component.js";
import { components } from "../../src/component/_generated/api.js";
import type * as reports from "../../src/component/reports.js";

/** Component IDs cross into the app as plain strings (codegen writes `string`, not `Id<…>`). */
type IdsToStrings<T> =
  T extends GenericId<string>
    ? string
    : T extends (infer E)[]
      ? IdsToStrings<E>[]
      : T extends Record<string, unknown>
        ? { [K in keyof T]: IdsToStrings<T[K]> }
        : T;

/** What codegen derives from the modules: every function as an "internal" reference of the component. */
type AsComponentApi<Api, Name extends string | undefined> = {
  [K in keyof Api]: Api[K] extends FunctionReference<
    infer Type,
    infer _Visibility,
    infer Args,
    infer Returns
  >
    ? FunctionReference<Type, "internal", IdsToStrings<Args>, IdsToStrings<Returns>, Name>
    : AsComponentApi<Api[K], Name>;
};

type Modules = { reports: typeof reports };
/** The module names `Modules` covers; a test below compares them with the files on disk. */
const MODULE_NAMES = ["reports"] as const;
expectTypeOf<keyof Modules>().toEqualTypeOf<(typeof MODULE_NAMES)[number]>();
type Expected<Name extends string | undefined> = AsComponentApi<ApiFromModules<Modules>, Name>;

describe("committed _generated/component.ts", () => {
  test("describes exactly the functions the component exports, with their args and returns", () => {
    expectTypeOf<ComponentApi<"authDiagnostics">>().toEqualTypeOf<Expected<"authDiagnostics">>();
    expectTypeOf<ComponentApi>().toEqualTypeOf<Expected<string | undefined>>();
  });

  test("would notice a drifted argument, return or function list", () => {
    type Store = ComponentApi["reports"]["store"];
    type DriftedArgs = Omit<ComponentApi, "reports"> & {
      reports: Omit<ComponentApi["reports"], "store"> & {
        store: FunctionReference<
          "mutation",
          "internal",
          Omit<Store["_args"], "version">,
          Store["_returnType"],
          string | undefined
        >;
      };
    };
    type DriftedReturns = Omit<ComponentApi, "reports"> & {
      reports: Omit<ComponentApi["reports"], "prune"> & {
        prune: FunctionReference<
          "mutation",
          "internal",
          { batch?: number; maxRows?: number },
          { deleted: number },
          string | undefined
        >;
      };
    };
    type MissingFunction = { reports: Omit<ComponentApi["reports"], "list"> };
    // @ts-expect-error a removed argument is drift
    expectTypeOf<DriftedArgs>().toEqualTypeOf<Expected<string | undefined>>();
    // @ts-expect-error a changed return type is drift
    expectTypeOf<DriftedReturns>().toEqualTypeOf<Expected<string | undefined>>();
    // @ts-expect-error a missing function is drift
    expectTypeOf<MissingFunction>().toEqualTypeOf<Expected<string | undefined>>();
  });

  test("the component's own api.ts lists its modules and no child components", () => {
    expectTypeOf(components).toEqualTypeOf<Record<never, never>>();
  });
});

/** Module names codegen lists: every `.ts` file of the directory except `schema.ts`, configs (`x.y.ts`) and `_generated`. */
function entryModules(paths: string[]): string[] {
  return paths
    .map((path) => path.split("/").pop()!)
    .filter((file) => file !== "schema.ts" && file.split(".").length === 2)
    .map((file) => file.replace(/\.ts$/, ""))
    .sort();
}
function importedModules(source: string): string[] {
  return [...source.matchAll(/import type \* as (\w+) from "\.\.\/(\w+)\.js";/g)]
    .map((m) => m[2]!)
    .sort();
}

describe("committed api files list every module of their directory", () => {
  test("src/component/_generated/api.ts", () => {
    const files = Object.keys(import.meta.glob("../../src/component/*.ts"));
    const api = Object.values(
      import.meta.glob("../../src/component/_generated/api.ts", {
        query: "?raw",
        import: "default",
        eager: true,
      }),
    )[0] as string;
    expect(importedModules(api)).toEqual(entryModules(files));
  });

  test("the type-level drift check covers every module of the component", () => {
    // A new module must be added to `Modules` above, or its functions would escape the check.
    expect([...MODULE_NAMES].sort()).toEqual(
      entryModules(Object.keys(import.meta.glob("../../src/component/*.ts"))),
    );
  });

  test("example/convex/_generated/api.d.ts", () => {
    const files = Object.keys(import.meta.glob("../../example/convex/*.ts"));
    const api = Object.values(
      import.meta.glob("../../example/convex/_generated/api.d.ts", {
        query: "?raw",
        import: "default",
        eager: true,
      }),
    )[0] as string;
    expect(importedModules(api)).toEqual(entryModules(files));
    expect(api).toContain(
      'authDiagnostics: import("convex-authkit-diagnostics/_generated/component.js").ComponentApi<"authDiagnostics">;',
    );
  });
});
