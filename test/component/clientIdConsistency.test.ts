/**
 * The same facts give the same client-ID verdict on every surface: the component's
 * `diagnoseAuth` (`clientFindings`), `diagnose()` in the browser and the doctor before the app runs.
 */
import { afterEach, describe, expect, test, vi } from "vitest";
import { CLIENT_ID_CODES } from "../../src/core/clientIds.js";
import { diagnose } from "../../src/core/diagnose.js";
import type { Finding, ServerReport } from "../../src/core/types.js";
import { parseJson, runDoctor, tmpProject } from "../cli/helpers.js";
import { CLIENT_ID, docsConfig, OTHER_CLIENT_ID } from "../support/tokens.js";
import { authConfig } from "./app/diagnostics.js";
import { app, testApp } from "./setup.js";

afterEach(() => {
  vi.unstubAllEnvs();
});

interface Facts {
  name: string;
  /** The client ID the app signs in with. */
  app: string;
  /** The deployment's `WORKOS_CLIENT_ID`, or `null` when unset. */
  env: string | null;
  /** The auth config's providers (as the file evaluates them on that deployment). */
  providers: unknown[];
}

const CASES: Facts[] = [
  { name: "all agree", app: CLIENT_ID, env: CLIENT_ID, providers: docsConfig(CLIENT_ID) },
  {
    name: "the deployment's env names another client",
    app: CLIENT_ID,
    env: OTHER_CLIENT_ID,
    providers: docsConfig(OTHER_CLIENT_ID),
  },
  {
    name: "the providers name another client, the env var is right",
    app: CLIENT_ID,
    env: CLIENT_ID,
    providers: docsConfig(OTHER_CLIENT_ID),
  },
  {
    name: "the providers name another client, no env var",
    app: CLIENT_ID,
    env: null,
    providers: docsConfig(OTHER_CLIENT_ID),
  },
  { name: "no providers at all", app: CLIENT_ID, env: CLIENT_ID, providers: [] },
  {
    name: "no env var and no provider names a client",
    app: CLIENT_ID,
    env: null,
    providers: [
      {
        type: "customJwt",
        issuer: "https://auth.example.com",
        jwks: "https://auth.example.com/jwks",
        algorithm: "RS256",
      },
    ],
  },
  {
    name: "the app's value is not a client ID",
    app: "org_01JNOTACLIENT0000000000000",
    env: CLIENT_ID,
    providers: docsConfig(CLIENT_ID),
  },
];

/** The client-ID codes among findings, sorted (ENV_MISSING only for WORKOS_CLIENT_ID). */
function clientIdCodes(findings: readonly Pick<Finding, "code" | "evidence">[]): string[] {
  return findings
    .filter((f) => (CLIENT_ID_CODES as readonly string[]).includes(f.code))
    .filter((f) => f.code !== "ENV_MISSING" || f.evidence.name === "WORKOS_CLIENT_ID")
    .map((f) => f.code)
    .sort();
}

async function componentVerdict(facts: Facts): Promise<{ codes: string[]; report: ServerReport }> {
  vi.stubEnv("WORKOS_CLIENT_ID", facts.env ?? "");
  authConfig.providers = facts.providers;
  const report = (await testApp().query(app.diagnostics.diagnoseAuth, {
    clientId: facts.app,
  })) as ServerReport;
  return { codes: clientIdCodes(report.clientFindings), report };
}

async function browserVerdict(facts: Facts, report: ServerReport): Promise<string[]> {
  // The browser's own comparison, from the report's facts (not the server's findings).
  const server = { ...report, clientFindings: [] };
  const d = await diagnose({
    authKit: { isLoading: false, userId: "user_1", clientId: facts.app },
    server,
  });
  return clientIdCodes(d.findings);
}

async function doctorVerdict(facts: Facts): Promise<string[]> {
  const project = tmpProject({
    "package.json": JSON.stringify({ devDependencies: { vite: "^8" } }),
    ".env.local": `VITE_WORKOS_CLIENT_ID=${facts.app}\nVITE_CONVEX_URL=https://x.convex.cloud\n`,
    "convex/auth.config.ts": `export default { providers: ${JSON.stringify(facts.providers)} };`,
    "deployment.env": facts.env === null ? "" : `WORKOS_CLIENT_ID=${facts.env}\n`,
  });
  try {
    const r = await runDoctor(["--json", "--deployment-env", "deployment.env"], {
      cwd: project.dir,
    });
    return clientIdCodes(parseJson(r.stdout).findings as Finding[]);
  } finally {
    project.cleanup();
  }
}

describe("client-ID verdicts agree across surfaces", () => {
  test.each(CASES)("$name", async (facts) => {
    const component = await componentVerdict(facts);
    const browser = await browserVerdict(facts, component.report);
    const doctor = await doctorVerdict(facts);
    expect({ browser, doctor }).toEqual({ browser: component.codes, doctor: component.codes });
  });

  test("the cases cover every client-ID code", async () => {
    const seen = new Set<string>();
    for (const facts of CASES)
      for (const code of (await componentVerdict(facts)).codes) seen.add(code);
    expect([...seen].sort()).toEqual([...CLIENT_ID_CODES].sort());
  });
});
