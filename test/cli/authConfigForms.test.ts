/**
 * auth.config.ts written the ways users write it today: the Convex docs' current form (`env` from
 * `./_generated/server`, `satisfies AuthConfig`) and `@convex-dev/workos-authkit`'s
 * `authKit.getAuthConfigProviders()`. Both import packages at run time, which the doctor
 * evaluates through stand-ins (src/cli/standIns.ts).
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { evaluateAuthConfig } from "../../src/cli/authConfig.js";
import { codes, fixture, parseJson, runDoctor, tmpProject } from "./helpers.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function copyOf(name: string, files: Record<string, string> = {}) {
  const p = tmpProject(files, name);
  cleanups.push(p.cleanup);
  return p.dir;
}

function docsProviders(clientId: string, host = "api.workos.com") {
  return [
    {
      type: "customJwt",
      issuer: `https://${host}/`,
      algorithm: "RS256",
      jwks: `https://api.workos.com/sso/jwks/${clientId}`,
      applicationID: clientId,
    },
    {
      type: "customJwt",
      issuer: `https://${host}/user_management/${clientId}`,
      algorithm: "RS256",
      jwks: `https://api.workos.com/sso/jwks/${clientId}`,
    },
  ];
}

const evaluate = (dir: string, env: Record<string, string> | null) =>
  evaluateAuthConfig(join(dir, "convex/auth.config.ts"), { projectDir: dir, deploymentEnv: env });

describe("the Convex docs' current auth.config.ts (env from ./_generated/server)", () => {
  test("evaluates with the deployment's WORKOS_CLIENT_ID read through the generated env", async () => {
    const r = await evaluate(fixture("docs-current"), { WORKOS_CLIENT_ID: "client_DOCS" });
    expect(r.status).toBe("ok");
    if (r.status !== "ok") return;
    expect(r.envReads).toEqual(["WORKOS_CLIENT_ID"]);
    expect(r.providers).toEqual(docsProviders("client_DOCS"));
    expect(r.standIns).toEqual(["convex"]);
  });

  test("names WORKOS_CLIENT_ID when the deployment does not have it", async () => {
    const r = await evaluate(fixture("docs-current"), { OTHER: "1" });
    expect(r.status).toBe("env-unset");
    if (r.status !== "env-unset") return;
    expect(r.unsetNames).toEqual(["WORKOS_CLIENT_ID"]);
  });

  test("works with the JavaScript codegen (`export const env = process.env` in server.js)", async () => {
    const dir = copyOf("docs-current");
    rmSync(join(dir, "convex/_generated/server.ts"));
    writeFileSync(
      join(dir, "convex/_generated/server.js"),
      'import { queryGeneric } from "convex/server";\nexport const query = queryGeneric;\nexport const env = process.env;\n',
    );
    const r = await evaluate(dir, { WORKOS_CLIENT_ID: "client_JS" });
    expect(r.status).toBe("ok");
    if (r.status === "ok") expect(r.providers).toEqual(docsProviders("client_JS"));
  });

  test("works before codegen has run: a missing _generated/server stands in with the deployment's env", async () => {
    const dir = copyOf("docs-current");
    rmSync(join(dir, "convex/_generated"), { recursive: true });
    const r = await evaluate(dir, { WORKOS_CLIENT_ID: "client_NOGEN" });
    expect(r.status).toBe("ok");
    if (r.status !== "ok") return;
    expect(r.providers).toEqual(docsProviders("client_NOGEN"));
    expect(r.standIns).toContain("generated-server");
  });

  test("the doctor passes the docs' fixture with nothing to report", async () => {
    const r = await runDoctor(["--deployment-env", "deployment.env", "--json"], {
      cwd: fixture("docs-current"),
    });
    expect(codes(r.stdout)).toEqual([]);
    expect(r.code).toBe(0);
  });
});

describe("@convex-dev/workos-authkit's authKit.getAuthConfigProviders()", () => {
  test("evaluates to the package's two providers with every variable its AuthKit reads", async () => {
    const r = await evaluate(fixture("authkit-component"), {
      WORKOS_CLIENT_ID: "client_COMP",
      WORKOS_API_KEY: "sk_test_x",
      WORKOS_WEBHOOK_SECRET: "whsec_x",
      WORKOS_ACTION_SECRET: "action_x",
    });
    expect(r.status).toBe("ok");
    if (r.status !== "ok") return;
    expect(r.providers).toEqual(docsProviders("client_COMP"));
    expect(r.envReads).toEqual([
      "WORKOS_CLIENT_ID",
      "WORKOS_API_KEY",
      "WORKOS_WEBHOOK_SECRET",
      "WORKOS_ACTION_SECRET",
    ]);
    expect(r.standIns).toEqual(["convex", "workos-authkit"]);
  });

  test("names each variable the deployment lacks instead of calling the config unreadable", async () => {
    const r = await evaluate(fixture("authkit-component"), {
      WORKOS_CLIENT_ID: "client_COMP",
      WORKOS_API_KEY: "sk_test_x",
    });
    expect(r.status).toBe("env-unset");
    if (r.status !== "env-unset") return;
    expect(r.unsetNames).toEqual(["WORKOS_WEBHOOK_SECRET", "WORKOS_ACTION_SECRET"]);
  });

  test("values passed as options are not read from the env, and apiHostname moves the issuers", async () => {
    const dir = copyOf("authkit-component", {
      "convex/auth.ts": `import { AuthKit } from "@convex-dev/workos-authkit";
import { components } from "./_generated/api";
export const authKit = new AuthKit(components.workOSAuthKit, {
  clientId: "client_OPTS", apiKey: "sk_test_o", webhookSecret: "whsec_o", actionSecret: "a",
  apiHostname: "auth.example.com",
});
`,
    });
    const r = await evaluate(dir, {});
    expect(r.status).toBe("ok");
    if (r.status !== "ok") return;
    expect(r.envReads).toEqual([]);
    expect(r.providers).toEqual(docsProviders("client_OPTS", "auth.example.com"));
  });

  test("an empty value fails the way the package does (its own 'Missing environment variables')", async () => {
    const r = await evaluate(fixture("authkit-component"), {
      WORKOS_CLIENT_ID: "",
      WORKOS_API_KEY: "sk_test_x",
      WORKOS_WEBHOOK_SECRET: "whsec_x",
      WORKOS_ACTION_SECRET: "a",
    });
    expect(r.status).toBe("error");
    if (r.status === "error")
      expect(r.detail).toContain("Missing environment variables: WORKOS_CLIENT_ID");
  });

  test("the doctor names the unset variables with exit code 1 and never prints a secret", async () => {
    const r = await runDoctor(["--deployment-env", "deployment-partial.env", "--json"], {
      cwd: fixture("authkit-component"),
    });
    expect(r.code).toBe(1);
    const doc = parseJson(r.stdout);
    const unset = doc.findings.filter((f) => f.code === "AUTH_CONFIG_ENV_UNSET");
    expect(unset.map((f) => f.evidence.name)).toEqual([
      "WORKOS_WEBHOOK_SECRET",
      "WORKOS_ACTION_SECRET",
    ]);
    expect(codes(r.stdout)).not.toContain("AUTH_CONFIG_UNREADABLE");
    expect(r.stdout).not.toContain("sk_test_component_SECRET");
  });
});

test("other packages imported at run time are still refused, naming the package", async () => {
  const dir = copyOf("docs-current", {
    "convex/auth.config.ts": `import { pick } from "lodash-es";
export default { providers: [pick({ type: "customJwt" }, ["type"])] };
`,
  });
  const r = await evaluate(dir, { WORKOS_CLIENT_ID: "client_X" });
  expect(r.status).toBe("error");
  if (r.status === "error") expect(r.detail).toContain('imports "lodash-es" at run time');
});
