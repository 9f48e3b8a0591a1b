import { afterEach, describe, expect, test } from "vitest";
import { evaluateAuthConfig, hasEnvMarker } from "../../src/cli/authConfig.js";
import { fixture, tmpProject } from "./helpers.js";
import { join } from "node:path";

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
