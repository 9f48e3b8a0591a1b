/**
 * AUTH_CONFIG_PROCESS_UNTYPED: a module of the functions dir imports `./auth.config` (as the docs'
 * `convex/authDiagnostics.ts` does), so the app's browser tsconfig type-checks auth.config.ts,
 * and its `process.env` has no type there when that tsconfig loads no Node types.
 */
import { afterEach, describe, expect, test } from "vitest";
import {
  authConfigTypesSection,
  importsModule,
  maskSource,
  PROCESS_DECLARATION,
  processTyping,
  readAuthConfigTypes,
} from "../../src/cli/authConfigTypes.js";
import { parseJsonc } from "../../src/cli/jsonc.js";
import { readProject } from "../../src/cli/project.js";
import { parseJson, runDoctor, tmpProject } from "./helpers.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

const CODE = "AUTH_CONFIG_PROCESS_UNTYPED";

// The Convex AuthKit starter's tsconfig.app.json, as `npm create vite` writes it: with comments.
const APP_TSCONFIG = (types: string | null) => `{
  "compilerOptions": {
    "tsBuildInfoFile": "./node_modules/.tmp/tsconfig.app.tsbuildinfo",
    "target": "ES2022",
    "lib": ["ES2022", "DOM", "DOM.Iterable"],
    "module": "ESNext",
    ${types === null ? "" : `"types": ${types},`}
    "skipLibCheck": true,

    /* Bundler mode */
    "moduleResolution": "bundler",
    "allowImportingTsExtensions": true,
    "noEmit": true,
    "jsx": "react-jsx",

    // Linting
    "strict": true,
  },
  "include": ["src"],
}
`;

const ROOT_TSCONFIG = `{
  "files": [],
  "references": [
    { "path": "./tsconfig.app.json" },
    { "path": "./tsconfig.node.json" }
  ]
}
`;

const NODE_TSCONFIG = `{
  "compilerOptions": { "types": ["node"], "module": "ESNext", "moduleResolution": "bundler" },
  "include": ["vite.config.ts"]
}
`;

const CONVEX_TSCONFIG = `{
  /* This TypeScript project config describes the environment that
   * Convex functions run in and is used to typecheck them. */
  "compilerOptions": { "types": ["node"], "module": "ESNext", "moduleResolution": "Bundler" },
  "include": ["./**/*"],
  "exclude": ["./_generated"]
}
`;

const AUTH_DIAGNOSTICS = `import { exposeDiagnostics } from "convex-authkit-diagnostics";
import { components } from "./_generated/api";
import authConfig from "./auth.config";

export const { diagnoseAuth } = exposeDiagnostics(components.authDiagnostics, { authConfig });
`;

const typescript = (version: string) =>
  JSON.stringify({ name: "typescript", version, bin: { tsc: "bin/tsc" } });

/** The Convex Vite + AuthKit starter with our docs' `convex/authDiagnostics.ts` added. */
function viteStarter(
  opts: { types?: string | null; ts?: string | null; files?: Record<string, string> } = {},
) {
  const files: Record<string, string> = {
    "tsconfig.json": ROOT_TSCONFIG,
    "tsconfig.app.json": APP_TSCONFIG(opts.types === undefined ? '["vite/client"]' : opts.types),
    "tsconfig.node.json": NODE_TSCONFIG,
    "convex/tsconfig.json": CONVEX_TSCONFIG,
    "convex/authDiagnostics.ts": AUTH_DIAGNOSTICS,
    "src/main.tsx": 'import { api } from "../convex/_generated/api";\nconsole.log(api);\n',
  };
  if (opts.ts !== null)
    files["node_modules/typescript/package.json"] = typescript(opts.ts ?? "6.0.2");
  const p = tmpProject({ ...files, ...opts.files }, "starter-vite");
  cleanups.push(p.cleanup);
  return p.dir;
}

async function doctor(dir: string) {
  const r = await runDoctor(["--deployment-env", "deployment.env", "--json"], { cwd: dir });
  expect(r.stderr).toBe("");
  return parseJson(r.stdout);
}

async function checklist(dir: string) {
  const r = await runDoctor(["--deployment-env", "deployment.env"], { cwd: dir });
  expect(r.stderr).toBe("");
  return r.stdout;
}

function section(dir: string) {
  return authConfigTypesSection(readAuthConfigTypes(readProject(dir, dir)));
}

const of = (doc: ReturnType<typeof parseJson>, code: string) =>
  doc.findings.filter((f) => f.code === code);

describe("AUTH_CONFIG_PROCESS_UNTYPED fires", () => {
  test("for the Vite starter: tsconfig.app.json lists only vite/client and TypeScript is 6", async () => {
    const doc = await doctor(viteStarter());
    const [f, ...more] = of(doc, CODE);
    expect(more).toEqual([]);
    expect(f!.severity).toBe("warning");
    expect(f!.evidence).toMatchObject({
      file: "convex/auth.config.ts",
      importer: "convex/authDiagnostics.ts",
      tsconfig: "tsconfig.app.json",
      types: ["vite/client"],
      typescript: "6.0.2",
    });
    expect(f!.message).toContain("`convex/authDiagnostics.ts` imports `convex/auth.config.ts`");
    expect(f!.message).toContain("lists `vite/client` but not `node`");
    expect(f!.fix).toContain(`\`${PROCESS_DECLARATION}\``);
    expect(f!.fix).toContain("`tsconfig.app.json`");
    const checks = doc.checks as Array<{ id: string; status: string; codes: string[] }>;
    const ids = checks.map((c) => c.id);
    expect(ids.indexOf("auth-config-types")).toBe(ids.indexOf("auth-config") + 1);
    expect(checks.find((c) => c.id === "auth-config-types")).toMatchObject({
      status: "warning",
      codes: [CODE],
    });
  });

  test("when tsconfig.app.json has no `types` and TypeScript is 6, naming the version", async () => {
    const doc = await doctor(viteStarter({ types: null, ts: "6.0.0-beta" }));
    const [f] = of(doc, CODE);
    expect(f!.evidence).toMatchObject({ tsconfig: "tsconfig.app.json", typescript: "6.0.0-beta" });
    expect(f!.evidence.types).toBeNull();
    expect(f!.message).toContain("sets no `compilerOptions.types`, and TypeScript 6.0.0-beta");
  });

  test("when `types` comes from a relative `extends` and lacks node", async () => {
    const dir = viteStarter({
      files: {
        "tsconfig.app.json": '{ "extends": "./tsconfig.base", "include": ["src/*.tsx"] }',
        "tsconfig.base.json": '{ "compilerOptions": { "types": [] } }',
      },
    });
    const [f] = of(await doctor(dir), CODE);
    expect(f!.evidence).toMatchObject({
      tsconfig: "tsconfig.app.json",
      typesFrom: "tsconfig.base.json",
    });
    expect(f!.message).toContain(
      "`compilerOptions.types` in `tsconfig.app.json` is empty (set in `tsconfig.base.json`)",
    );
  });

  test("when the last of several `extends` sets `types` without node (later bases win)", () => {
    const dir = viteStarter({
      files: {
        "tsconfig.app.json": '{ "extends": ["./tsconfig.a.json", "./tsconfig.b.json"] }',
        "tsconfig.a.json": '{ "compilerOptions": { "types": ["node"] } }',
        "tsconfig.b.json":
          '{ "compilerOptions": { "types": ["vite/client"] }, "include": ["src"] }',
      },
    });
    expect(section(dir)!.findings.map((f) => f.evidence)).toEqual([
      expect.objectContaining({ tsconfig: "tsconfig.app.json", typesFrom: "tsconfig.b.json" }),
    ]);
  });

  test("for a custom functions dir, a nested importer and an .mts auth config", async () => {
    const dir = viteStarter({
      files: {
        "convex.json": JSON.stringify({ functions: "backend/" }),
        "backend/auth.config.mts":
          "export default { providers: [{ domain: process.env.X, applicationID: 'convex' }] };\n",
        "backend/lib/diag.ts": "import config from '../auth.config.mjs';\nexport default config;\n",
      },
    });
    const s = section(dir)!;
    expect(s.findings.map((f) => f.evidence)).toEqual([
      expect.objectContaining({
        file: "backend/auth.config.mts",
        importer: "backend/lib/diag.ts",
        api: "backend/_generated/api",
      }),
    ]);
  });
});

describe("AUTH_CONFIG_PROCESS_UNTYPED does not fire", () => {
  test("when auth.config.ts declares `process` below its imports, and says so", async () => {
    const dir = viteStarter({
      files: {
        "convex/auth.config.ts": `import type { AuthConfig } from "convex/server";
${PROCESS_DECLARATION}

const clientId = process.env.WORKOS_CLIENT_ID;
export default { providers: [{ type: "customJwt", issuer: "https://api.workos.com/", algorithm: "RS256", jwks: \`https://api.workos.com/sso/jwks/\${clientId}\`, applicationID: clientId }] } satisfies AuthConfig;
`,
      },
    });
    const doc = await doctor(dir);
    expect(of(doc, CODE)).toEqual([]);
    const checks = doc.checks as Array<{ id: string; status: string }>;
    expect(checks.find((c) => c.id === "auth-config-types")?.status).toBe("ok");
    expect(await checklist(dir)).toContain(
      "`convex/auth.config.ts` type-checks in `tsconfig.app.json` (declares `process`)",
    );
  });

  test("names the importer too when it reads `process` itself (a production switch), and passes once it declares it", () => {
    const authConfigDeclared = `import type { AuthConfig } from "convex/server";
${PROCESS_DECLARATION}

const clientId = process.env.WORKOS_CLIENT_ID;
export default { providers: [{ type: "customJwt", issuer: "https://api.workos.com/", algorithm: "RS256", jwks: \`https://api.workos.com/sso/jwks/\${clientId}\`, applicationID: clientId }] } satisfies AuthConfig;
`;
    const switched = AUTH_DIAGNOSTICS.replace(
      "{ authConfig }",
      '{ authConfig, enabled: process.env.AUTH_DIAGNOSTICS !== "off" }',
    );
    const s = section(
      viteStarter({
        files: {
          "convex/auth.config.ts": authConfigDeclared,
          "convex/authDiagnostics.ts": switched,
        },
      }),
    )!;
    expect(s.findings.map((f) => [f.code, f.evidence.file, f.evidence.importer])).toEqual([
      [CODE, "convex/authDiagnostics.ts", null],
    ]);
    expect(s.findings[0]!.message).toMatch(
      /^`convex\/authDiagnostics\.ts` is a module of your Convex functions, which `convex\/_generated\/api` imports for its types/,
    );
    expect(s.findings[0]!.fix).toContain("to `convex/authDiagnostics.ts`, below its imports");

    const declared = section(
      viteStarter({
        files: {
          "convex/auth.config.ts": authConfigDeclared,
          "convex/authDiagnostics.ts": switched.replace(
            'import authConfig from "./auth.config";\n',
            `import authConfig from "./auth.config";\n${PROCESS_DECLARATION}\n`,
          ),
        },
      }),
    )!;
    expect(declared.findings).toEqual([]);
    expect(declared.facts).toContain(
      "`convex/authDiagnostics.ts` type-checks in `tsconfig.app.json` (declares `process`)",
    );
  });

  test("still fires when auth.config.ts imports process from node:process (that import needs Node's types too)", () => {
    const s = section(
      viteStarter({
        files: {
          "convex/auth.config.ts": `import process from "node:process";
const clientId = process.env.WORKOS_CLIENT_ID;
export default { providers: [{ type: "customJwt", issuer: "https://api.workos.com/", algorithm: "RS256", jwks: \`https://api.workos.com/sso/jwks/\${clientId}\`, applicationID: clientId }] };
`,
        },
      }),
    )!;
    expect(s.findings.map((f) => f.evidence.file)).toEqual(["convex/auth.config.ts"]);
  });

  test("when tsconfig.app.json's `types` includes node", async () => {
    const dir = viteStarter({ types: '["vite/client", "node"]' });
    expect(of(await doctor(dir), CODE)).toEqual([]);
    expect(section(dir)!.facts).toContain(
      "`convex/auth.config.ts` type-checks in `tsconfig.app.json` (`types` in `tsconfig.app.json` includes `node`)",
    );
  });

  test("when no module of the functions dir imports ./auth.config (no section at all)", async () => {
    const dir = viteStarter({
      files: {
        "convex/authDiagnostics.ts": "// import authConfig from './auth.config';\nexport {};\n",
      },
    });
    const doc = await doctor(dir);
    expect(of(doc, CODE)).toEqual([]);
    expect((doc.checks as Array<{ id: string }>).map((c) => c.id)).not.toContain(
      "auth-config-types",
    );
  });

  test("when `types` is absent and TypeScript is 5 (it loads every installed @types package)", async () => {
    const dir = viteStarter({ types: null, ts: "5.9.3" });
    expect(of(await doctor(dir), CODE)).toEqual([]);
    expect(section(dir)!.facts).toContain(
      "`convex/auth.config.ts` type-checks in `tsconfig.app.json` (no `types`: TypeScript 5.9.3 loads every installed `@types/*` package)",
    );
  });

  test("for a Next.js tsconfig that includes next-env.d.ts", async () => {
    const p = tmpProject({
      "package.json": JSON.stringify({
        name: "app",
        dependencies: { next: "16.0.0", convex: "1.48.0" },
      }),
      "node_modules/typescript/package.json": typescript("6.0.2"),
      "tsconfig.json": `{
  "compilerOptions": { "target": "ES2017", "lib": ["dom", "esnext"], "strict": true, "plugins": [{ "name": "next" }] },
  "include": ["next-env.d.ts", "**/*.ts", "**/*.tsx", ".next/types/**/*.ts"],
  "exclude": ["node_modules"]
}`,
      "app/page.tsx": "export default function Page() { return null; }\n",
      "convex/tsconfig.json": CONVEX_TSCONFIG,
      "convex/auth.config.ts":
        "export default { providers: [{ domain: process.env.X, applicationID: 'convex' }] };\n",
      "convex/authDiagnostics.ts": AUTH_DIAGNOSTICS,
    });
    cleanups.push(p.cleanup);
    const s = section(p.dir)!;
    expect(s.findings).toEqual([]);
    expect(s.facts).toContain(
      "`convex/auth.config.ts` type-checks in `tsconfig.json` (`next-env.d.ts` brings Node's types through `next`)",
    );
  });

  test("for a TanStack Start tsconfig that also includes vite.config.ts (vite's types bring Node's)", () => {
    const tanstack = `{
  "compilerOptions": { "strict": true, "moduleResolution": "Bundler", "types": ["vite/client"] },
  "include": ["src/**/*", "vite.config.ts"]
}`;
    const dir = viteStarter({
      files: {
        "tsconfig.json": tanstack,
        "vite.config.ts":
          'import { defineConfig } from "vite";\nexport default defineConfig({});\n',
      },
    });
    const s = section(dir)!;
    expect(s.findings).toEqual([]);
    expect(s.facts).toContain(
      "`convex/auth.config.ts` type-checks in `tsconfig.json` (it also type-checks `vite.config.ts`, and `vite`'s types bring Node's)",
    );
    // The same tsconfig without vite.config.ts in its program: Node's types are missing.
    const without = viteStarter({
      files: {
        "tsconfig.json": tanstack.replace(', "vite.config.ts"', ""),
        "vite.config.ts":
          'import { defineConfig } from "vite";\nexport default defineConfig({});\n',
      },
    });
    expect(section(without)!.findings.map((f) => f.code)).toEqual([CODE]);
  });

  test("when `extends` names a package and the file sets no `types` (unknown: not checked)", () => {
    const dir = viteStarter({
      files: {
        "tsconfig.app.json":
          '{ "extends": "@tsconfig/vite-react/tsconfig.json", "include": ["src"] }',
      },
    });
    const s = section(dir)!;
    expect(s.findings).toEqual([]);
    expect(s.skipped).toBe(true);
    expect(s.facts.join("\n")).toContain("`@tsconfig/vite-react/tsconfig.json`");
  });

  test("when no TypeScript is installed and `types` is absent (unknown: not checked)", () => {
    const s = section(viteStarter({ types: null, ts: null }))!;
    expect(s.findings).toEqual([]);
    expect(s.skipped).toBe(true);
  });
});

describe("unreadable tsconfigs are reported as not checked, never guessed", () => {
  test.each([
    ["garbage", "this is { not json"],
    ["an array", "[1, 2]"],
    ["empty", ""],
  ])("a %s tsconfig.app.json: no finding, no crash, a fact naming it", async (_label, text) => {
    const dir = viteStarter({ files: { "tsconfig.app.json": text } });
    const r = await runDoctor(["--deployment-env", "deployment.env"], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.stdout).not.toContain(CODE);
    expect(r.stdout).toMatch(
      /`tsconfig\.app\.json` (cannot be read as JSON with comments|is not a JSON object): not checked/,
    );
  });

  test("a garbage root tsconfig.json and a reference to a missing file do not crash", async () => {
    const garbage = viteStarter({ files: { "tsconfig.json": "{{{{" } });
    expect(of(await doctor(garbage), CODE)).toEqual([]);
    const missing = viteStarter({
      files: {
        "tsconfig.json":
          '{ "files": [], "references": [{ "path": "./nope.json" }, { "path": 3 }, null] }',
      },
    });
    const s = section(missing)!;
    expect(s.findings).toEqual([]);
    expect(s.facts).toContain("`tsconfig.json` references `nope.json`, which does not exist");
  });

  test("a tsconfig that is a directory is refused, not read", () => {
    const dir = viteStarter({
      files: {
        "tsconfig.json": '{ "files": [], "references": [{ "path": "./tsconfig.web.json" }] }',
        "tsconfig.web.json/x": "",
      },
    });
    const s = section(dir)!;
    expect(s.findings).toEqual([]);
    expect(s.facts).toContain(
      "`tsconfig.web.json` is a directory, not a regular file: not checked",
    );
  });
});

describe("the finding renders as finished text", () => {
  test.each([
    ["types listed", { types: '["vite/client"]' }],
    ["types absent", { types: null }],
  ] as const)("%s: JSON and checklist", async (_label, opts) => {
    const dir = viteStarter(opts);
    const [f] = of(await doctor(dir), CODE);
    for (const text of [f!.title, f!.message, f!.fix.replace(PROCESS_DECLARATION, "")])
      expect(text).not.toMatch(/…|\{\w+(:code)?\}|\[\[|\]\]|undefined|null|\bnone\b/);
    const text = await checklist(dir);
    expect(text).toContain(`[${CODE}]`);
    expect(text).toContain(f!.message);
    expect(text).toContain(`Fix: ${f!.fix}`);
  });
});

describe("reading tsconfig (JSON with comments)", () => {
  test("comments, trailing commas and a byte-order mark parse", () => {
    expect(
      parseJsonc(
        '\uFEFF{\n  // a comment\n  "a": [1, 2,], /* block, with "quotes" */\n  "b": "http://x // not a comment",\n}\n',
      ),
    ).toEqual({ ok: true, value: { a: [1, 2], b: "http://x // not a comment" } });
  });

  test("a comma inside a string is kept; text that is not JSON is an error", () => {
    expect(parseJsonc('{ "a": ",}" }')).toEqual({ ok: true, value: { a: ",}" } });
    expect(parseJsonc("{ a: 1 }").ok).toBe(false);
    expect(parseJsonc("/* unterminated").ok).toBe(false);
  });
});

describe("reading auth.config.ts and its importers", () => {
  test("`process` in a comment or a string is not a read", () => {
    expect(processTyping('// process.env.X\nexport default { s: "process.env.Y" };\n')).toBe(
      "no-process",
    );
    expect(processTyping("export default { a: process.env.X };")).toBeNull();
    expect(processTyping("const { env } = process;\nexport default { a: env.X };")).toBeNull();
  });

  test("only a module-scoped declaration, a global one or a node reference counts", () => {
    const reads = "export default { a: process.env.X };\n";
    expect(processTyping(`${PROCESS_DECLARATION}\n${reads}`)).toBe("declares");
    expect(processTyping(`declare var process: any;\n${reads}`)).toBe("declares");
    expect(processTyping(`function f() { declare const process: any; }\n${reads}`)).toBeNull();
    expect(processTyping(`// ${PROCESS_DECLARATION}\n${reads}`)).toBeNull();
    expect(processTyping(`declare global { var process: { env: any } }\n${reads}`)).toBe(
      "declares",
    );
    expect(processTyping(`/// <reference types="node" />\n${reads}`)).toBe("references");
  });

  test("imports of ./auth.config with any quote, with or without an extension", () => {
    const from = "/p/convex/authDiagnostics.ts";
    const target = "/p/convex/auth.config.ts";
    for (const spec of ['"./auth.config"', "'./auth.config.js'", '"./auth.config.ts"'])
      expect(importsModule(`import c from ${spec};`, from, target), spec).toBe(true);
    expect(importsModule('export { default } from "./auth.config";', from, target)).toBe(true);
    expect(importsModule('const c = await import("./auth.config");', from, target)).toBe(true);
    expect(importsModule('// import c from "./auth.config";', from, target)).toBe(false);
    expect(importsModule('import c from "./auth.configs";', from, target)).toBe(false);
    expect(importsModule('import c from "../convex/auth.config";', from, target)).toBe(true);
  });

  test("masking keeps offsets and newlines, and strings inside template expressions", () => {
    const src = "const a = `x${'y'}z`; // c\nconst r = /\"/g;";
    const masked = maskSource(src, false);
    expect(masked).toHaveLength(src.length);
    expect(masked.split("\n")).toHaveLength(2);
    expect(masked).toContain("'y'");
    expect(masked).not.toContain("// c");
    expect(masked).not.toContain('/"/');
  });
});
