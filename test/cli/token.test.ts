import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { writeFileSync } from "node:fs";
import { fillTemplate, FINDINGS, type EvidenceValue } from "../../src/core/index.js";
import { CLIENT_ID, jwksOf, makeKey, workosToken, type TestKey } from "../support/tokens.js";
import { fixture, parseJson, runDoctor, startServer, tmpProject } from "./helpers.js";

// A local WorkOS-protocol issuer: JWKS at /sso/jwks/<clientId> on 127.0.0.1, and the fixture's
// docs-style auth.config pointed at it through the deployment env.
let key: TestKey;
let otherKey: TestKey;
let server: Awaited<ReturnType<typeof startServer>>;
let envFile: string;
let cleanup: () => void;

const nowS = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  key = await makeKey("key_live");
  otherKey = await makeKey("key_other");
  server = await startServer({ [`/sso/jwks/${CLIENT_ID}`]: { body: jwksOf(key) } });
  const tmp = tmpProject({
    "deploy.env": `WORKOS_CLIENT_ID=${CLIENT_ID}\nWORKOS_BASE_URL=${server.url}\n`,
  });
  cleanup = tmp.cleanup;
  envFile = `${tmp.dir}/deploy.env`;
});
afterAll(async () => {
  await server.close();
  cleanup();
});

function tokenFor(k: TestKey, claims: Record<string, unknown> = {}) {
  return workosToken(k, {
    iss: `${server.url}/user_management/${CLIENT_ID}`,
    iat: nowS() - 30,
    exp: nowS() + 270,
    ...claims,
  });
}

async function doctor(token: string, extra: string[] = []) {
  const r = await runDoctor([
    fixture("token"),
    "--deployment-env",
    envFile,
    "--token",
    token,
    "--json",
    ...extra,
  ]);
  return { ...r, doc: parseJson(r.stdout) };
}

describe("--token", () => {
  test("a valid WorkOS token is accepted by the provider Convex would pick; exit 0", async () => {
    const token = await tokenFor(key);
    const { code, doc, stdout } = await doctor(token);
    expect(doc.token).toMatchObject({
      verdict: "accepted",
      code: "TOKEN_ACCEPTED",
      convexMessage: null,
      providerIndex: 1,
      identity: {
        subject: "user_01JTESTUSER0000000000000",
        tokenIdentifier: `${server.url}/user_management/${CLIENT_ID}|user_01JTESTUSER0000000000000`,
      },
    });
    expect(code).toBe(0);
    expect(server.hits).toContain(`/sso/jwks/${CLIENT_ID}`);
    expect(stdout).not.toContain(token);
  });

  test("a legacy-issuer token without `aud` is AUDIENCE_MISSING with Convex's exact message", async () => {
    const { code, doc } = await doctor(await tokenFor(key, { iss: `${server.url}/` }));
    expect(code).toBe(1);
    expect(doc.token).toMatchObject({ verdict: "rejected", code: "AUDIENCE_MISSING" });
    expect((doc.token as { convexMessage: string }).convexMessage).toMatch(
      /^No auth provider found matching the given token\. Check that your JWT's issuer and audience match one of your configured providers: \[CustomJWT\(issuer=http:\/\/127\.0\.0\.1:\d+\/user_management\//,
    );
    expect(doc.findings[0]!.code).toBe("AUDIENCE_MISSING");
    // The issuer is the docs' `applicationID` provider's (a WorkOS-protocol root issuer): the
    // token lacks `aud`, the provider stays.
    expect(doc.findings[0]!.fix).toBe(
      fillTemplate(
        FINDINGS.AUDIENCE_MISSING.variants!.legacy!.fix!,
        doc.findings[0]!.evidence as Record<string, EvidenceValue>,
      ),
    );
  });

  test("a token signed by a key the JWKS does not have is KEY_NOT_FOUND", async () => {
    const { doc } = await doctor(await tokenFor(otherKey));
    expect(doc.token).toMatchObject({
      verdict: "rejected",
      code: "KEY_NOT_FOUND",
      convexMessage:
        "Could not decode token. The JWT's 'kid' (key ID) header is 'key_other', does this key match any key in the provider's JWKS?",
    });
  });

  test("an expired token is TOKEN_EXPIRED", async () => {
    const { doc } = await doctor(await tokenFor(key, { iat: nowS() - 4000, exp: nowS() - 600 }));
    expect(doc.token).toMatchObject({ verdict: "rejected", code: "TOKEN_EXPIRED" });
    expect((doc.token as { convexMessage: string }).convexMessage).toMatch(
      /^Could not validate token: Token expired 6\d\d seconds ago$/,
    );
  });

  test("a garbage token is TOKEN_MALFORMED, exit 1, no crash", async () => {
    const { code, doc, stderr } = await doctor("definitely-not-a-jwt");
    expect(code).toBe(1);
    expect(doc.token).toMatchObject({ verdict: "rejected", code: "TOKEN_MALFORMED" });
    expect(stderr).toBe("");
  });

  test("an unreachable JWKS leaves the token unverified: the doctor's network is not Convex's", async () => {
    const down = await startServer({});
    await down.close();
    const tmp = tmpProject({
      "deploy.env": `WORKOS_CLIENT_ID=${CLIENT_ID}\nWORKOS_BASE_URL=${down.url}\n`,
    });
    try {
      const token = await workosToken(key, {
        iss: `${down.url}/user_management/${CLIENT_ID}`,
        iat: nowS() - 30,
        exp: nowS() + 270,
      });
      const r = await runDoctor([
        fixture("token"),
        "--deployment-env",
        `${tmp.dir}/deploy.env`,
        "--token",
        token,
        "--json",
        "--timeout",
        "2",
      ]);
      expect(parseJson(r.stdout).token).toMatchObject({
        verdict: "unverified",
        code: "TOKEN_UNVERIFIED",
      });
    } finally {
      tmp.cleanup();
    }
  });

  test("reads the token from stdin with `--token -`", async () => {
    const token = await tokenFor(key);
    const r = await runDoctor(
      [fixture("token"), "--deployment-env", envFile, "--token", "-", "--json"],
      { stdin: `${token}\n` },
    );
    expect(parseJson(r.stdout).token).toMatchObject({ verdict: "accepted" });
  });

  test("`--token -` on a terminal stdin is a usage error", async () => {
    const r = await runDoctor([fixture("token"), "--token", "-"], { stdinIsTTY: true });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("stdin is a terminal");
  });

  test("the checklist shows the verdict, the Convex message and the fix, never the token", async () => {
    const token = await tokenFor(key, { iss: `${server.url}/` });
    const r = await runDoctor([fixture("token"), "--deployment-env", envFile, "--token", token]);
    expect(r.stdout).toMatch(/^✗ Token: rejected \[AUDIENCE_MISSING\]$/m);
    expect(r.stdout).toContain('Convex says: "No auth provider found matching the given token.');
    expect(r.stdout).toContain(
      `Fix: ${FINDINGS.AUDIENCE_MISSING.variants!.legacy!.fix!.split("[[")[0]}`,
    );
    const [header, payload, signature] = token.split(".");
    for (const part of [token, signature!, `${header}.${payload}`])
      expect(r.stdout).not.toContain(part);
  });

  test("without the deployment's values the token is not checked, and the report says why", async () => {
    // No CONVEX_DEPLOYMENT in the fixture's .env.local, so nothing reads the deployment env.
    const r = await runDoctor([fixture("token"), "--token", await tokenFor(key), "--json"]);
    const doc = parseJson(r.stdout);
    expect(doc.token).toMatchObject({ verdict: "not-checked" });
    expect(String((doc.token as { reason: string }).reason)).toContain("--deployment-env");
    const f = doc.findings.find((x) => x.code === "DEPLOYMENT_ENV_UNAVAILABLE")!;
    expect(f.evidence.skipped).toContain("--token");
  });
});

describe("--token with --offline", () => {
  test("checks issuer, audience and time without fetching keys: the verdict is unverified", async () => {
    const before = server.hits.length;
    const r = await runDoctor([
      fixture("token"),
      "--offline",
      "--deployment-env",
      envFile,
      "--token",
      await tokenFor(key),
      "--json",
    ]);
    expect(server.hits.length).toBe(before);
    const doc = parseJson(r.stdout);
    expect(doc.token).toMatchObject({
      verdict: "unverified",
      code: "TOKEN_UNVERIFIED",
      providerIndex: 1,
    });
    expect(doc.findings.map((f) => f.code)).toContain("TOKEN_UNVERIFIED");
    expect(r.code).toBe(0);
  });

  test("offline, a token that matches no provider is still rejected", async () => {
    const r = await runDoctor([
      fixture("token"),
      "--offline",
      "--deployment-env",
      envFile,
      "--token",
      await tokenFor(key, { iss: "https://elsewhere.example/" }),
      "--json",
    ]);
    expect(parseJson(r.stdout).token).toMatchObject({ verdict: "rejected" });
    expect(r.code).toBe(1);
  });

  test("without --deployment-env it is a usage error when auth.config reads env vars", async () => {
    const token = await tokenFor(key);
    const r = await runDoctor([fixture("token"), "--offline", "--token", token, "--json"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(
      "--token with --offline needs --deployment-env <file>: auth.config reads `WORKOS_CLIENT_ID`, `WORKOS_BASE_URL`",
    );
    expect(r.stderr).not.toContain(token.split(".")[1]!.slice(0, 20));
  });
});

test("a config whose values are all literal checks tokens without a deployment env", async () => {
  const tmp = tmpProject({
    "convex/auth.config.ts": `export default { providers: [{ type: "customJwt", issuer: "${server.url}/user_management/${CLIENT_ID}", jwks: "${server.url}/sso/jwks/${CLIENT_ID}", algorithm: "RS256" }] };`,
  });
  try {
    writeFileSync(`${tmp.dir}/package.json`, "{}");
    const r = await runDoctor([tmp.dir, "--token", await tokenFor(key), "--json"]);
    expect(parseJson(r.stdout).token).toMatchObject({ verdict: "accepted" });
  } finally {
    tmp.cleanup();
  }
});

describe("usage errors never echo a token", () => {
  test.each([
    ["as an extra positional argument", (t: string) => [".", t]],
    ["as the --timeout value", (t: string) => ["--timeout", t]],
  ])("a token passed %s is redacted in the error; exit 2", async (_name, argv) => {
    const token = await tokenFor(key);
    const r = await runDoctor(argv(token));
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain(token.split(".")[1]!.slice(0, 20));
    expect(r.stderr).toContain("[redacted JWT]");
  });
});
