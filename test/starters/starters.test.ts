/**
 * The docs, followed literally inside starter-shaped apps: the packed package installed, the
 * README's (and, for Next.js, docs/react.md's) whole-file snippets applied, then the starters' own
 * typecheck on TypeScript 6 and 7 and a production build whose bundle must hold none of the
 * overlay, the logger or the hook. Runs in `npm run test:package` (it needs `dist/`).
 */
import { build } from "esbuild";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { authConfigTypesSection, readAuthConfigTypes } from "../../src/cli/authConfigTypes.js";
import { readProject } from "../../src/cli/project.js";
import {
  apiDts,
  apply,
  ENGINE_MARKERS,
  fileSnippets,
  freshApp,
  nextBuild,
  OVERLAY_MARKERS,
  ROOT,
  scan,
  snippet,
  typecheck,
  useBannerInsteadOfOverlay,
  viteBuild,
  type Snippet,
} from "./starters.js";

const README = fileSnippets("README.md");
const REACT_DOCS = fileSnippets("docs/react.md");
const STEP_1 = ["convex/convex.config.ts", "convex/authDiagnostics.ts", "convex/auth.config.ts"];
const pick = (from: Snippet[], paths: string[]) => paths.map((p) => snippet(from, p));
const ALL_MARKERS = [...OVERLAY_MARKERS, ...ENGINE_MARKERS];

describe("the README's snippets", () => {
  it("name every file a Vite starter needs, each once, as whole files", () => {
    const paths = README.map((s) => s.path);
    for (const p of [...STEP_1, "src/main.tsx", "src/AuthDiagnosticsBanner.tsx"])
      expect(
        paths.filter((x) => x === p),
        p,
      ).toHaveLength(1);
  });

  it("give auth.config.ts the module-scoped process declaration below its imports", () => {
    const code = snippet(README, "convex/auth.config.ts").code;
    const lines = code.split("\n");
    const decl = lines.indexOf(
      "declare const process: { env: Record<string, string | undefined> };",
    );
    const lastImport = lines.map((l) => l.startsWith("import ")).lastIndexOf(true);
    expect(decl).toBeGreaterThan(lastImport);
    expect(code).toMatch(/process\.env\.WORKOS_CLIENT_ID/);
  });

  it("declare process only as a type: the auth config bundles and evaluates the same without it", async () => {
    const withLine = snippet(README, "convex/auth.config.ts").code;
    const without = withLine.replace(/^declare const process.*\n\n?/m, "");
    expect(without).not.toEqual(withLine);
    const evaluate = async (code: string) => {
      const out = await build({
        stdin: { contents: code, loader: "ts", resolveDir: ROOT },
        bundle: true,
        format: "esm",
        write: false,
        platform: "neutral",
        external: ["convex/*"],
      });
      const js = out.outputFiles[0]!.text;
      // The bundle Convex evaluates: run it with a stand-in `process.env`.
      const body = js.replace(/export\s*\{\s*(\w+)\s+as\s+default\s*\};?/, "return $1;");
      const run = new Function("process", body) as (p: unknown) => unknown;
      return { js, config: run({ env: { WORKOS_CLIENT_ID: "client_01FIXTURE" } }) };
    };
    const a = await evaluate(withLine);
    const b = await evaluate(without);
    expect(a.js).not.toMatch(/declare/);
    expect(a.js).toEqual(b.js);
    expect(a.config).toEqual(b.config);
    expect(JSON.stringify(a.config)).toContain("user_management/client_01FIXTURE");
  });
});

describe("the TypeScript rule the doctor's AUTH_CONFIG_PROCESS_UNTYPED rests on", () => {
  it("without `types`, TypeScript 6 and 7 load no @types package (no `process`), TypeScript 5 loads them all", () => {
    const dir = join(ROOT, "test/starters/.work/types-default");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: "esnext",
          moduleResolution: "bundler",
        },
        include: ["a.ts"],
      }),
    );
    writeFileSync(join(dir, "a.ts"), "export const id = process.env.WORKOS_CLIENT_ID;\n");
    for (const release of ["6", "7"] as const)
      expect(typecheck(dir, release, ["-p", "."]).output, `TypeScript ${release}`).toMatch(
        /error TS2591: Cannot find name 'process'/,
      );
    const five = typecheck(dir, "5", ["-p", "."]);
    expect(five.output).toBe("");
    expect(five.status).toBe(0);
  });
});

describe("convex/_generated/api.d.ts as codegen writes it", () => {
  it("matches the committed codegen output of the example's convex/ folder", () => {
    const committed = readFileSync(join(ROOT, "example/convex/_generated/api.d.ts"), "utf8");
    expect(
      apiDts(["myFunctions", "authDiagnostics"], { authDiagnostics: "convex-authkit-diagnostics" }),
    ).toEqual(committed);
  });
});

describe("Vite starter (tsconfig.app.json: types [vite/client], no Node types)", () => {
  it("type-checks untouched on TypeScript 6 and 7 (the fixture is sound)", () => {
    const app = freshApp("vite", "vite-untouched");
    for (const release of ["6", "7"] as const) {
      const r = typecheck(app, release, ["-b"]);
      expect(r.output, `TypeScript ${release}`).toBe("");
      expect(r.status, `TypeScript ${release}`).toBe(0);
    }
  });

  it("fails tsc -b with TS2591 in auth.config.ts when the README's process line is left out", () => {
    const app = freshApp("vite", "vite-step1-without-line");
    apply(app, pick(README, ["convex/convex.config.ts", "convex/authDiagnostics.ts"]));
    for (const release of ["6", "7"] as const) {
      const r = typecheck(app, release, ["-b"]);
      expect(r.status, `TypeScript ${release}`).not.toBe(0);
      expect(r.output).toMatch(/convex\/auth\.config\.ts\(\d+,\d+\): error TS2591: .*'process'/);
    }
    // The doctor sees the same app the same way.
    const section = authConfigTypesSection(readAuthConfigTypes(readProject(app, app)));
    expect(section?.findings.map((f) => [f.code, f.evidence.tsconfig])).toEqual([
      ["AUTH_CONFIG_PROCESS_UNTYPED", "tsconfig.app.json"],
    ]);
  });

  it("type-checks on TypeScript 6 and 7 with every README snippet applied", () => {
    const app = freshApp("vite", "vite-readme");
    apply(app, README);
    for (const release of ["6", "7"] as const) {
      const r = typecheck(app, release, ["-b"]);
      expect(r.output, `TypeScript ${release}`).toBe("");
      expect(r.status, `TypeScript ${release}`).toBe(0);
    }
    const section = authConfigTypesSection(readAuthConfigTypes(readProject(app, app)));
    expect(section?.findings).toEqual([]);
    expect(section?.facts.join("\n")).toContain("type-checks in `tsconfig.app.json`");
  });

  it("type-checks with docs/component.md's production switch, which reads process.env in authDiagnostics.ts; the doctor agrees with tsc without its line", () => {
    const recipe = fileSnippets("docs/component.md").filter(
      (s) => s.path === "convex/authDiagnostics.ts" && s.code.includes("AUTH_DIAGNOSTICS"),
    );
    expect(recipe).toHaveLength(1);
    const app = freshApp("vite", "vite-production-switch");
    apply(app, [...README, recipe[0]!]);
    for (const release of ["6", "7"] as const) {
      const r = typecheck(app, release, ["-b"]);
      expect(r.output, `TypeScript ${release}`).toBe("");
    }
    // Without the recipe's declaration: tsc fails in authDiagnostics.ts, and the doctor says so.
    apply(app, [
      { ...recipe[0]!, code: recipe[0]!.code.replace(/^declare const process.*\n/m, "") },
    ]);
    const r = typecheck(app, "7", ["-b"]);
    expect(r.output).toMatch(/convex\/authDiagnostics\.ts\(\d+,\d+\): error TS2591/);
    const section = authConfigTypesSection(readAuthConfigTypes(readProject(app, app)));
    expect(section?.findings.map((f) => f.evidence.file)).toEqual(["convex/authDiagnostics.ts"]);
  });

  it("builds for production with the overlay and logger, and the bundle holds none of their code", () => {
    const app = freshApp("vite", "vite-overlay");
    apply(app, pick(README, [...STEP_1, "src/main.tsx"]));
    const r = viteBuild(app);
    expect(r.status, r.output).toBe(0);
    const bundle = scan(join(app, "dist"), ALL_MARKERS);
    expect(bundle.files).toBeGreaterThan(0);
    expect(bundle.found).toEqual({});
  });

  it("builds for production rendering from useAuthDiagnostics(), and the bundle holds no diagnostics code", () => {
    const app = freshApp("vite", "vite-hook");
    apply(app, README);
    useBannerInsteadOfOverlay(app);
    const prod = viteBuild(app);
    expect(prod.status, prod.output).toBe(0);
    expect(scan(join(app, "dist"), ALL_MARKERS).found).toEqual({});

    // The control: the same app built for development ships the engine, so the scan can see it.
    const dev = viteBuild(app, "development");
    expect(dev.status, dev.output).toBe(0);
    expect(Object.keys(scan(join(app, "dist"), ENGINE_MARKERS).found).sort()).toEqual(
      [...ENGINE_MARKERS].sort(),
    );
  });
});

describe("Next.js App Router starter (authkit-nextjs)", () => {
  it("type-checks on TypeScript 6 and 7 untouched and with the docs' snippets, and next build ships no diagnostics code to the browser", () => {
    const app = freshApp("next", "next-docs");
    for (const release of ["6", "7"] as const) {
      const r = typecheck(app, release, ["--noEmit"]);
      expect(r.output, `untouched, TypeScript ${release}`).toBe("");
    }
    apply(app, [
      ...pick(README, STEP_1),
      ...pick(REACT_DOCS, ["components/ConvexClientProvider.tsx", "app/layout.tsx", "proxy.ts"]),
    ]);
    // The docs' proxy keeps the starter's matcher.
    expect(readFileSync(join(app, "proxy.ts"), "utf8")).toMatch(
      /withProxyDiagnostics[\s\S]*matcher/,
    );
    for (const release of ["6", "7"] as const) {
      const r = typecheck(app, release, ["--noEmit"]);
      expect(r.output, `with the docs, TypeScript ${release}`).toBe("");
      expect(r.status).toBe(0);
    }
    const b = nextBuild(app);
    expect(b.status, b.output).toBe(0);
    const browser = scan(join(app, ".next/static"), ALL_MARKERS);
    expect(browser.files).toBeGreaterThan(0);
    expect(browser.found).toEqual({});
    // Server output: the overlay is a client component and must not be there either. (The
    // server helpers stay: they are off at run time outside development, see docs/react.md.)
    expect(scan(join(app, ".next/server"), OVERLAY_MARKERS).found).toEqual({});
  });
});
