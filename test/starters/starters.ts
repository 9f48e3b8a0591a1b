/**
 * Starter-shaped apps built from the docs: copies a fixture from `test/starters/fixtures/` into
 * `test/starters/.work/<name>/`, installs the packed package into its `node_modules` (everything
 * else resolves from the repository's `node_modules`, as a hoisted install would), applies the
 * snippets the README and docs/react.md show as whole files, regenerates `_generated/api.d.ts`
 * the way `npx convex dev` would, then type-checks and builds it. Used by starters.test.ts and by
 * `npm run bench` (bench/size.ts).
 */
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const FIXTURES = join(ROOT, "test/starters/fixtures");
const WORK = join(ROOT, "test/starters/.work");

/**
 * The TypeScript releases the starters run (`tsc` is 6 in the Vite starter, 7 is current), and
 * the root's 5 for comparison.
 */
export const TYPESCRIPTS = {
  "5": join(ROOT, "node_modules/typescript/bin/tsc"),
  "6": join(ROOT, "node_modules/typescript6/bin/tsc6"),
  "7": join(ROOT, "test/starters/deps/node_modules/typescript/bin/tsc"),
} as const;
export type TypeScriptRelease = keyof typeof TYPESCRIPTS;

export { ENGINE_MARKERS, OVERLAY_MARKERS } from "../support/markers.js";

/** A file the docs show whole: the path from its first line (`// convex/auth.config.ts`). */
export interface Snippet {
  path: string;
  code: string;
  source: string;
}

const FENCE = /^```(ts|tsx)\n([\s\S]*?)^```$/gm;
const PATH_LINE = /^\/\/ ([\w@./-]+\.(?:ts|tsx|mts))\s*$/;

/** Every ts/tsx block of a markdown file whose first line names the file it is. */
export function fileSnippets(markdownFile: string): Snippet[] {
  const text = readFileSync(join(ROOT, markdownFile), "utf8");
  const out: Snippet[] = [];
  for (const m of text.matchAll(FENCE)) {
    const body = m[2]!;
    const first = body.split("\n", 1)[0]!;
    const path = PATH_LINE.exec(first)?.[1];
    if (path) out.push({ path, code: body, source: markdownFile });
  }
  return out;
}

/** The snippet for `path`, or a clear failure naming where it was looked for. */
export function snippet(snippets: Snippet[], path: string): Snippet {
  const found = snippets.filter((s) => s.path === path);
  if (found.length !== 1)
    throw new Error(
      `expected one code block starting with "// ${path}" in ${[...new Set(snippets.map((s) => s.source))].join(", ") || "the docs"}, found ${found.length}`,
    );
  return found[0]!;
}

/**
 * `convex/_generated/api.d.ts` as `npx convex dev` writes it: one `import type` per function
 * module, and a `components` entry per component installed in `convex.config.ts`.
 */
export function apiDts(modules: string[], components: Record<string, string>): string {
  const sorted = [...modules].sort();
  const componentLines = Object.entries(components).map(
    ([name, pkg]) => `  ${name}: import("${pkg}/_generated/component.js").ComponentApi<"${name}">;`,
  );
  return `/* eslint-disable */
/**
 * Generated \`api\` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run \`npx convex dev\`.
 * @module
 */

${sorted.map((m) => `import type * as ${m} from "../${m}.js";`).join("\n")}

import type {
  ApiFromModules,
  FilterApi,
  FunctionReference,
} from "convex/server";

declare const fullApi: ApiFromModules<{
${sorted.map((m) => `  ${m}: typeof ${m};`).join("\n")}
}>;

/**
 * A utility for referencing Convex functions in your app's public API.
 *
 * Usage:
 * \`\`\`js
 * const myFunctionReference = api.myModule.myFunction;
 * \`\`\`
 */
export declare const api: FilterApi<
  typeof fullApi,
  FunctionReference<any, "public">
>;

/**
 * A utility for referencing Convex functions in your app's internal API.
 *
 * Usage:
 * \`\`\`js
 * const myFunctionReference = internal.myModule.myFunction;
 * \`\`\`
 */
export declare const internal: FilterApi<
  typeof fullApi,
  FunctionReference<any, "internal">
>;

export declare const components: ${componentLines.length ? `{\n${componentLines.join("\n")}\n}` : "{}"};
`;
}

/** Regenerates `convex/_generated/api.d.ts` from the app's `convex/` folder, as codegen does. */
export function codegen(app: string): void {
  const dir = join(app, "convex");
  const modules = readdirSync(dir)
    .filter((f) => /^[\w-]+\.ts$/.test(f) && !["schema.ts"].includes(f))
    .map((f) => f.replace(/\.ts$/, ""));
  const config = join(dir, "convex.config.ts");
  const components: Record<string, string> = {};
  if (existsSync(config)) {
    const text = readFileSync(config, "utf8");
    for (const m of text.matchAll(/^import (\w+) from "([^"]+)\/convex\.config(?:\.js)?";$/gm))
      if (new RegExp(`app\\.use\\(${m[1]}\\)`).test(text)) components[m[1]!] = m[2]!;
  }
  writeFileSync(join(dir, "_generated/api.d.ts"), apiDts(modules, components));
}

let packed: string | null = null;

/** `npm pack` of the built package, once per process. Needs `npm run build` first. */
export function packPackage(): string {
  if (packed) return packed;
  if (!existsSync(join(ROOT, "dist/client/index.js")))
    throw new Error("dist/ is missing: run `npm run build` before the starter tests");
  const dest = mkdtempSync(join(tmpdir(), "cad-pack-"));
  const res = spawnSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dest], {
    cwd: ROOT,
    encoding: "utf8",
  });
  if (res.status !== 0) throw new Error(`npm pack failed:\n${res.stderr}`);
  const [{ filename }] = JSON.parse(res.stdout) as [{ filename: string }];
  packed = join(dest, filename);
  return packed;
}

/**
 * A fresh copy of fixture `kind` at `.work/<name>`: the starter as shipped, with the packed
 * package installed (nothing of the docs applied yet).
 */
export function freshApp(kind: "vite" | "next", name: string): string {
  const app = join(WORK, name);
  rmSync(app, { recursive: true, force: true });
  mkdirSync(app, { recursive: true });
  cpSync(join(FIXTURES, kind), app, { recursive: true });
  cpSync(join(FIXTURES, "convex"), join(app, "convex"), { recursive: true });
  // Codegen's files other than api.d.ts (written below) and the convex/ tsconfig do not depend on
  // the modules: the example's committed ones serve.
  for (const f of [
    "tsconfig.json",
    "_generated/server.d.ts",
    "_generated/server.js",
    "_generated/dataModel.d.ts",
    "_generated/api.js",
  ])
    cpSync(join(ROOT, "example/convex", f), join(app, "convex", f));
  const pkgDir = join(app, "node_modules/convex-authkit-diagnostics");
  mkdirSync(pkgDir, { recursive: true });
  const tar = spawnSync("tar", ["-xzf", packPackage(), "-C", pkgDir, "--strip-components=1"], {
    encoding: "utf8",
  });
  if (tar.status !== 0) throw new Error(`could not unpack the package: ${tar.stderr}`);
  codegen(app);
  return app;
}

/**
 * Writes each snippet to its path in the app. A `proxy.ts` snippet without `export const config`
 * keeps the starter's (the docs say the matcher stays as it is).
 */
export function apply(app: string, snippets: Snippet[]): void {
  for (const s of snippets) {
    const file = join(app, s.path);
    let code = s.code;
    if (s.path === "proxy.ts" && !/export const config\b/.test(code)) {
      const original = readFileSync(file, "utf8");
      const config = /^export const config[\s\S]*$/m.exec(original)?.[0];
      if (config) code += `\n${config}`;
    }
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, code);
  }
  codegen(app);
}

export interface Run {
  status: number | null;
  output: string;
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Run {
  const res = spawnSync(cmd, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1", ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: res.status, output: `${res.stdout}${res.stderr}${res.error ?? ""}` };
}

/** The app's own typecheck: `tsc -b` (Vite starter) or `tsc --noEmit` (Next.js starter). */
export function typecheck(app: string, release: TypeScriptRelease, args: string[]): Run {
  rmSync(join(app, "node_modules/.tmp"), { recursive: true, force: true });
  return run(process.execPath, [TYPESCRIPTS[release], ...args], app);
}

/** `vite build` of the app; `NODE_ENV=development` for the control build. */
export function viteBuild(app: string, nodeEnv: "production" | "development" = "production"): Run {
  return run(
    process.execPath,
    [join(ROOT, "node_modules/vite/bin/vite.js"), "build", "--outDir", "dist", "--emptyOutDir"],
    app,
    { NODE_ENV: nodeEnv },
  );
}

/** `next build` of the app (production). */
export function nextBuild(app: string): Run {
  return run(process.execPath, [join(ROOT, "node_modules/next/dist/bin/next"), "build"], app, {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_PUBLIC_CONVEX_URL: "https://fixture.convex.cloud",
    WORKOS_CLIENT_ID: "client_01FIXTURE000000000000000000",
    WORKOS_API_KEY: "sk_test_fixture",
    WORKOS_COOKIE_PASSWORD: "fixture-cookie-password-of-32-chars-min",
    NEXT_PUBLIC_WORKOS_REDIRECT_URI: "http://localhost:3000/callback",
  });
}

/** The JavaScript files under `dir`, with their total size and which markers they contain. */
export function scan(dir: string, markers: string[]) {
  const files = existsSync(dir)
    ? readdirSync(dir, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith(".js") && statSync(join(dir, f)).isFile())
    : [];
  let bytes = 0;
  const found = new Map<string, string[]>();
  const texts: string[] = [];
  for (const f of files) {
    const text = readFileSync(join(dir, f), "utf8");
    bytes += Buffer.byteLength(text);
    texts.push(text);
    for (const m of markers)
      if (text.includes(m)) found.set(m, [...(found.get(m) ?? []), relative(dir, join(dir, f))]);
  }
  return {
    files: files.length,
    bytes,
    gzip: gzipSync(texts.join("\n")).length,
    found: Object.fromEntries(found),
  };
}

/** Renders `<AuthDiagnosticsBanner />` where the README's main.tsx renders the overlay. */
export function useBannerInsteadOfOverlay(app: string): void {
  const file = join(app, "src/main.tsx");
  const text = readFileSync(file, "utf8");
  const out = text
    .replace(
      /^import \{ AuthDiagnosticsOverlay, createAuthDiagnosticsLogger \} from "convex-authkit-diagnostics\/react";$/m,
      'import { createAuthDiagnosticsLogger } from "convex-authkit-diagnostics/react";\nimport { AuthDiagnosticsBanner } from "./AuthDiagnosticsBanner";',
    )
    .replace(/^import \{ api \} from "\.\.\/convex\/_generated\/api";\n/m, "")
    .replace(/<AuthDiagnosticsOverlay[\s\S]*?\/>/, "<AuthDiagnosticsBanner />");
  if (!out.includes("<AuthDiagnosticsBanner />") || out.includes("AuthDiagnosticsOverlay"))
    throw new Error("could not swap the overlay for the banner in the README's src/main.tsx");
  writeFileSync(file, out);
}
