import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import {
  EVALUATION_HEAP_MB,
  EVALUATION_OUTPUT_MAX_BYTES,
  EVALUATION_RSS_MB,
  evaluateAuthConfig,
  hasEnvMarker,
} from "../../src/cli/authConfig.js";
import { formatBytes } from "../../src/cli/files.js";
import { fixture, tmpProject } from "./helpers.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function project(files: Record<string, string>) {
  const p = tmpProject(files);
  cleanups.push(p.cleanup);
  return p.dir;
}

async function evaluate(
  source: string,
  env: Record<string, string> | null,
  file = "convex/auth.config.ts",
  extra: Record<string, string> = {},
) {
  const dir = project({ [file]: source, ...extra });
  return evaluateAuthConfig(join(dir, file), {
    projectDir: dir,
    deploymentEnv: env,
    timeoutMs: 500,
  });
}

describe("evaluateAuthConfig", () => {
  test("evaluates the docs' config with the deployment's values (`satisfies AuthConfig`, type import)", async () => {
    const r = await evaluateAuthConfig(fixture("vite-good/convex/auth.config.ts"), {
      projectDir: fixture("vite-good"),
      deploymentEnv: { WORKOS_CLIENT_ID: "client_ABC" },
    });
    expect(r.status).toBe("ok");
    if (r.status !== "ok") return;
    expect(r.symbolic).toBe(false);
    expect(r.envReads).toEqual(["WORKOS_CLIENT_ID"]);
    expect(r.providers).toEqual([
      {
        type: "customJwt",
        issuer: "https://api.workos.com/",
        algorithm: "RS256",
        jwks: "https://api.workos.com/sso/jwks/client_ABC",
        applicationID: "client_ABC",
      },
      {
        type: "customJwt",
        issuer: "https://api.workos.com/user_management/client_ABC",
        algorithm: "RS256",
        jwks: "https://api.workos.com/sso/jwks/client_ABC",
      },
    ]);
  });

  test("fails like Convex when the config reads an env var the deployment lacks, listing every one", async () => {
    const r = await evaluate(
      `const a = process.env.WORKOS_CLIENT_ID; const b = process.env.ISSUER_HOST;
       export default { providers: [{ type: "customJwt", issuer: "https://" + b, jwks: "https://" + b + "/jwks/" + a, algorithm: "RS256" }] };`,
      { UNRELATED: "x" },
    );
    expect(r.status).toBe("env-unset");
    if (r.status !== "env-unset") return;
    expect(r.unsetNames).toEqual(["WORKOS_CLIENT_ID", "ISSUER_HOST"]);
    // The providers are still available (with markers) for linting.
    expect(hasEnvMarker((r.providers as Array<{ issuer: string }>)[0]!.issuer, r.unsetNames)).toBe(
      true,
    );
  });

  test("`??` fallbacks do not hide an unset read: Convex fails on the read itself", async () => {
    const r = await evaluate(
      `export default { providers: [{ domain: process.env.DOMAIN ?? "https://x.example", applicationID: "convex" }] };`,
      {},
    );
    expect(r).toMatchObject({ status: "env-unset", unsetNames: ["DOMAIN"] });
  });

  test("the doctor's own process.env is not visible to the config", async () => {
    process.env.DOCTOR_TEST_LEAK = "leaked";
    try {
      const r = await evaluate(
        `export default { providers: [{ domain: process.env.DOCTOR_TEST_LEAK, applicationID: "x" }] };`,
        {},
      );
      expect(r).toMatchObject({ status: "env-unset", unsetNames: ["DOCTOR_TEST_LEAK"] });
    } finally {
      delete process.env.DOCTOR_TEST_LEAK;
    }
  });

  test("with the deployment env unknown, reads become ${NAME} markers and are listed", async () => {
    const r = await evaluate(
      `export default { providers: [{ domain: "https://" + process.env.HOST, applicationID: "app" }] };`,
      null,
    );
    expect(r).toMatchObject({
      status: "ok",
      symbolic: true,
      unknownReads: ["HOST"],
      providers: [{ domain: "https://${HOST}", applicationID: "app" }],
    });
  });

  test("evaluates a plain .js config and bundles relative imports", async () => {
    const r = await evaluate(
      `import { ISSUER } from "./constants.js";\nexport default { providers: [{ type: "customJwt", issuer: ISSUER, jwks: ISSUER + "jwks", algorithm: "RS256" }] };`,
      {},
      "convex/auth.config.js",
      { "convex/constants.js": `export const ISSUER = "https://issuer.example/";` },
    );
    expect(r).toMatchObject({ status: "ok", providers: [{ issuer: "https://issuer.example/" }] });
  });

  test("a syntax error is a compile failure with the location", async () => {
    const r = await evaluate(
      `export default { providers: [ { type: "customJwt", issuer: } ] };`,
      {},
    );
    expect(r.status).toBe("error");
    if (r.status !== "error") return;
    expect(r.stage).toBe("compile");
    expect(r.detail).toMatch(/auth\.config\.ts:1:\d+/);
  });

  test("a config that throws is an evaluation failure carrying the error's message", async () => {
    const r = await evaluate(
      `throw new TypeError("no client id configured"); export default {};`,
      {},
    );
    expect(r).toMatchObject({
      status: "error",
      stage: "evaluate",
      detail: "it threw TypeError: no client id configured",
    });
  });

  test("a runtime import of a package is a clear evaluation failure", async () => {
    const r = await evaluate(
      `import { something } from "some-package";\nexport default { providers: something };`,
      {},
    );
    expect(r.status).toBe("error");
    if (r.status !== "error") return;
    expect(r.detail).toContain('imports "some-package"');
  });

  test("an endless loop is stopped by the time limit", async () => {
    const r = await evaluate(`while (true) {}\nexport default { providers: [] };`, {});
    expect(r).toMatchObject({
      status: "error",
      stage: "evaluate",
      detail: "it did not finish within 500 ms",
    });
  });

  test.each([
    ["no default export", `export const providers = [];`, /no default export/],
    ["a default export that is not an object", `export default [1, 2];`, /an array/],
    ["a Promise", `export default Promise.resolve({ providers: [] });`, /Promise/],
  ])("rejects %s", async (_name, source, detail) => {
    const r = await evaluate(source, {});
    expect(r.status).toBe("error");
    if (r.status !== "error") return;
    expect(r.stage).toBe("export");
    expect(r.detail).toMatch(detail);
  });
});

describe("evaluateAuthConfig confines the project's code", () => {
  test("a config that escapes the vm context writes no file and cannot read the doctor's env vars", async () => {
    process.env.DOCTOR_HOST_SECRET = "host-secret-value";
    const dir = project({ "convex/schema.ts": "export default {};" });
    const marker = join(dir, "escaped.txt");
    const file = join(dir, "convex/auth.config.ts");
    writeFileSync(
      file,
      `const host = (URL as any).constructor("return process")();
       let wrote = "no";
       try { host.getBuiltinModule("node:fs").writeFileSync(${JSON.stringify(marker)}, "x"); wrote = "yes"; } catch {}
       export default { providers: [{ domain: String(host.env.DOCTOR_HOST_SECRET), applicationID: wrote }] };`,
    );
    try {
      const r = await evaluateAuthConfig(file, { projectDir: dir, deploymentEnv: {} });
      expect(existsSync(marker)).toBe(false);
      expect(JSON.stringify(r)).not.toContain("host-secret-value");
      expect(r.status).toBe("error");
    } finally {
      delete process.env.DOCTOR_HOST_SECRET;
    }
  });

  test("the project's own node_modules/esbuild is never loaded", async () => {
    const dir = project({
      "convex/auth.config.ts": `export default { providers: [{ domain: "https://real.example", applicationID: "x" }] };`,
      "node_modules/esbuild/package.json": JSON.stringify({ name: "esbuild", main: "index.js" }),
    });
    const marker = join(dir, "project-esbuild-loaded.txt");
    mkdirSync(join(dir, "node_modules/esbuild"), { recursive: true });
    writeFileSync(
      join(dir, "node_modules/esbuild/index.js"),
      `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "x");
       exports.build = async () => ({ outputFiles: [{ text: "module.exports = { default: { providers: 'from the project' } };" }] });`,
    );
    const r = await evaluateAuthConfig(join(dir, "convex/auth.config.ts"), {
      projectDir: dir,
      deploymentEnv: {},
    });
    expect(existsSync(marker)).toBe(false);
    expect(r).toMatchObject({ status: "ok", providers: [{ domain: "https://real.example" }] });
  });

  test("an endless async loop is stopped by the time limit", async () => {
    const r = await evaluate(
      `(async () => { for (;;) await null; })();\nexport default { providers: [] };`,
      {},
    );
    expect(r).toMatchObject({
      status: "error",
      stage: "evaluate",
      detail: "it did not finish within 500 ms",
    });
  });

  test("a config that fills the JavaScript heap is stopped and reported as out of memory", async () => {
    const dir = project({
      "convex/auth.config.ts": `const hog: number[][] = [];\nfor (;;) hog.push(new Array(1e6).fill(hog.length));\nexport default {};`,
    });
    const r = await evaluateAuthConfig(join(dir, "convex/auth.config.ts"), {
      projectDir: dir,
      deploymentEnv: {},
      // Long enough that the memory cap, not the clock, is what stops it.
      timeoutMs: 15_000,
    });
    expect(r).toMatchObject({
      status: "error",
      stage: "evaluate",
      detail: `it ran out of memory (the doctor gives it ${EVALUATION_HEAP_MB} MiB of JavaScript heap)`,
    });
  });

  test.skipIf(process.platform !== "linux")(
    "a config that fills array buffers (outside the heap cap) is stopped by the resident-memory cap",
    async () => {
      const dir = project({
        "convex/auth.config.ts": `const hog: Uint8Array[] = [];\nfor (;;) hog.push(new Uint8Array(1 << 26).fill(1));\nexport default {};`,
      });
      const r = await evaluateAuthConfig(join(dir, "convex/auth.config.ts"), {
        projectDir: dir,
        deploymentEnv: {},
        timeoutMs: 15_000,
      });
      expect(r).toMatchObject({
        status: "error",
        stage: "evaluate",
        detail: `it used more than ${EVALUATION_RSS_MB} MiB of memory, so the process running it was stopped`,
      });
    },
  );

  test("a default export larger than the doctor reads is refused, not read whole", async () => {
    const r = await evaluate(
      `export default { providers: [{ domain: "x".repeat(${EVALUATION_OUTPUT_MAX_BYTES + 1}) }] };`,
      {},
    );
    expect(r).toMatchObject({
      status: "error",
      stage: "export",
      detail: `its default export is larger than the ${formatBytes(EVALUATION_OUTPUT_MAX_BYTES)} the doctor reads`,
    });
  });
});
