/**
 * `convex-authkit-doctor --live` against a local stand-in of the WorkOS API
 * (test/support/workosApiStandin.ts, shaped after WorkOS's public API reference).
 */
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { redirectAllowed, urlDifferences } from "../../src/cli/live.js";
import { run } from "../../src/cli/run.js";
import {
  startWorkosApiStandin,
  type StandinEnvironment,
  type WorkosApiStandin,
} from "../support/workosApiStandin.js";
import { jwksOf, makeKey, workosToken, type TestKey } from "../support/tokens.js";
import { parseJson, runDoctor, tmpProject } from "./helpers.js";

const API_KEY = "sk_test_live_SECRET_key_0123456789abcdef";
const ENV_CLIENT = "client_01JLIVEENVCLIENT0000000000";
const FOREIGN_CLIENT = "client_01JLIVEFOREIGN000000000000";

let signing: TestKey;
let other: TestKey;
beforeAll(async () => {
  signing = await makeKey("key_environment");
  other = await makeKey("key_elsewhere");
});

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function standin(overrides: Partial<StandinEnvironment> = {}): Promise<WorkosApiStandin> {
  const s = await startWorkosApiStandin({
    apiKey: API_KEY,
    clientIds: [ENV_CLIENT],
    redirectUris: ["http://localhost:5173/callback"],
    corsOrigins: ["http://localhost:5173"],
    jwks: jwksOf(signing),
    ...overrides,
  });
  cleanups.push(() => s.close());
  return s;
}

/** A Vite project whose auth config names the stand-in's JWKS for `jwksClient`. */
function project(
  api: WorkosApiStandin,
  opts: { appClient: string; redirect: string; port?: number; jwksClient?: string; key?: boolean },
) {
  const p = tmpProject({
    "package.json": JSON.stringify({
      name: "live-app",
      type: "module",
      scripts: { dev: "vite" },
      dependencies: { "@workos-inc/authkit-react": "^0.16.2", react: "^19.2.0" },
      devDependencies: { vite: "^8.0.0" },
    }),
    "vite.config.ts": `export default { server: { port: ${opts.port ?? 5173} } };\n`,
    ".env.local": [
      "CONVEX_DEPLOYMENT=dev:lively-owl-7",
      "VITE_CONVEX_URL=https://lively-owl-7.convex.cloud",
      `VITE_WORKOS_CLIENT_ID=${opts.appClient}`,
      `VITE_WORKOS_REDIRECT_URI=${opts.redirect}`,
      "",
    ].join("\n"),
    "deployment.env": [
      `WORKOS_CLIENT_ID=${opts.appClient}`,
      ...(opts.key === false ? [] : [`WORKOS_API_KEY=${API_KEY}`]),
      "",
    ].join("\n"),
    "convex/auth.config.ts": `const clientId = process.env.WORKOS_CLIENT_ID;
export default {
  providers: [
    {
      type: "customJwt",
      issuer: \`https://api.workos.com/user_management/\${clientId}\`,
      algorithm: "RS256",
      jwks: "${api.url}/sso/jwks/${opts.jwksClient ?? opts.appClient}",
    },
  ],
};
`,
  });
  cleanups.push(p.cleanup);
  return p.dir;
}

async function live(dir: string, api: WorkosApiStandin, extra: string[] = [], stdin?: string) {
  let stdout = "";
  let stderr = "";
  const code = await run(["--deployment-env", "deployment.env", "--live", ...extra], {
    cwd: dir,
    env: {},
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    readStdin: async () => stdin ?? "",
    stdinIsTTY: stdin === undefined,
    workosApiBase: api.url,
  });
  return { code, stdout, stderr };
}

describe("--live against the WorkOS stand-in", () => {
  test("reports a redirect-URI mismatch, a foreign client ID and a JWKS without the token's kid, exit 1, no secret printed", async () => {
    const api = await standin();
    const dir = project(api, {
      appClient: FOREIGN_CLIENT,
      redirect: "http://localhost:5174/callback",
      port: 5174,
      jwksClient: ENV_CLIENT,
    });
    // A token from elsewhere: another key, and an issuer no provider has.
    const now = Math.floor(Date.now() / 1000);
    const token = await workosToken(other, {
      iss: "https://api.workos.com/user_management/client_01JSOMEWHEREELSE0000000000",
      iat: now - 10,
      exp: now + 300,
    });
    const r = await live(dir, api, ["--json", "--token", "-"], token);
    expect(r.code).toBe(1);
    const doc = parseJson(r.stdout);
    const byCode = (code: string) => doc.findings.filter((f) => f.code === code);

    const [redirect] = byCode("WORKOS_REDIRECT_URI_NOT_REGISTERED");
    expect(redirect!.evidence).toMatchObject({
      name: "VITE_WORKOS_REDIRECT_URI",
      value: "http://localhost:5174/callback",
      registered: ["http://localhost:5173/callback"],
      closest: "http://localhost:5173/callback",
      differs: ["port"],
    });
    const [foreign] = byCode("WORKOS_CLIENT_ID_FOREIGN");
    expect(foreign!.evidence).toMatchObject({
      clientId: FOREIGN_CLIENT,
      keySource: "the deployment's env",
    });
    const [kid] = byCode("WORKOS_JWKS_KID_NOT_SERVED");
    expect(kid!.evidence).toMatchObject({
      kid: "key_elsewhere",
      jwks: [`${api.url}/sso/jwks/${ENV_CLIENT}`],
      kids: ["key_environment"],
    });
    expect(byCode("WORKOS_CORS_ORIGIN_NOT_ALLOWED")[0]?.evidence.origin).toBe(
      "http://localhost:5174",
    );

    // The key went only to WorkOS, in the header (management) or the authenticate body.
    for (const req of api.requests.filter(
      (x) => x.path.startsWith("/user_management/") && x.method === "GET",
    ))
      expect(req.authorized).toBe(true);
    expect(
      api.requests.filter((x) => x.path.startsWith("/sso/jwks/")).every((x) => !x.authorized),
    ).toBe(true);
    expect(r.stdout + r.stderr).not.toContain(API_KEY);
    expect(r.stdout + r.stderr).not.toContain(token);

    // The checklist names the same findings and prints no secret either.
    const text = await live(dir, api, ["--token", "-", "--no-color"], token);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain("WorkOS environment (live)");
    expect(text.stdout).toContain("[WORKOS_REDIRECT_URI_NOT_REGISTERED]");
    expect(text.stdout).toContain("[WORKOS_CLIENT_ID_FOREIGN]");
    expect(text.stdout).toContain("[WORKOS_JWKS_KID_NOT_SERVED]");
    expect(text.stdout + text.stderr).not.toContain(API_KEY);
  });

  test("a matching environment passes, with what WorkOS has as facts", async () => {
    const api = await standin();
    const dir = project(api, { appClient: ENV_CLIENT, redirect: "http://localhost:5173/callback" });
    const now = Math.floor(Date.now() / 1000);
    const token = await workosToken(signing, {
      iss: `https://api.workos.com/user_management/${ENV_CLIENT}`,
      iat: now - 10,
      exp: now + 300,
    });
    const r = await live(dir, api, ["--json", "--token", "-"], token);
    const doc = parseJson(r.stdout);
    expect(doc.findings.filter((f) => f.code.startsWith("WORKOS_"))).toEqual([]);
    expect((doc.token as { verdict: string }).verdict).toBe("accepted");
    const text = await live(dir, api, ["--no-color", "--token", "-"], token);
    expect(text.stdout).toContain(
      `\`${ENV_CLIENT}\` (\`VITE_WORKOS_CLIENT_ID\`) belongs to the API key's environment`,
    );
    expect(text.stdout).toContain("the token's key `key_environment` is served by");
  });

  test("a token whose provider's JWKS lacks its kid is KEY_NOT_FOUND once, not twice", async () => {
    const api = await standin();
    const dir = project(api, { appClient: ENV_CLIENT, redirect: "http://localhost:5173/callback" });
    const now = Math.floor(Date.now() / 1000);
    const token = await workosToken(other, {
      iss: `https://api.workos.com/user_management/${ENV_CLIENT}`,
      iat: now - 10,
      exp: now + 300,
    });
    const r = await live(dir, api, ["--json", "--token", "-"], token);
    const codes = parseJson(r.stdout).findings.map((f) => f.code);
    expect(codes).toContain("KEY_NOT_FOUND");
    expect(codes).not.toContain("WORKOS_JWKS_KID_NOT_SERVED");
  });

  test("follows the list pages and accepts a wildcard redirect URI", async () => {
    const api = await standin({
      pageSize: 1,
      redirectUris: [
        "https://app.example.com/callback",
        "https://*.preview.example.com/callback",
        "http://localhost:5173/callback",
      ],
      corsOrigins: ["https://app.example.com", "http://localhost:5173"],
    });
    const dir = project(api, { appClient: ENV_CLIENT, redirect: "http://localhost:5173/callback" });
    const r = await live(dir, api, ["--json"]);
    expect(parseJson(r.stdout).findings.filter((f) => f.code.startsWith("WORKOS_"))).toEqual([]);
    expect(api.requests.filter((x) => x.path === "/user_management/redirect_uris").length).toBe(3);
    expect(
      redirectAllowed(
        "https://pr-12.preview.example.com/callback",
        "https://*.preview.example.com/callback",
      ),
    ).toBe(true);
    expect(
      redirectAllowed(
        "https://a.b.preview.example.com/callback",
        "https://*.preview.example.com/callback",
      ),
    ).toBe(false);
    expect(
      urlDifferences("http://localhost:5173/auth/callback", "http://localhost:5173/callback"),
    ).toEqual(["path"]);
  });

  test("without an API key it says so and asks WorkOS nothing that needs one", async () => {
    const api = await standin();
    const dir = project(api, {
      appClient: ENV_CLIENT,
      redirect: "http://localhost:5173/callback",
      key: false,
    });
    const r = await live(dir, api, ["--json"]);
    const doc = parseJson(r.stdout);
    expect(doc.findings.find((f) => f.code === "WORKOS_LIVE_UNAVAILABLE")?.message).toContain(
      "no `WORKOS_API_KEY` was found",
    );
    expect(api.requests.filter((x) => x.path.startsWith("/user_management/"))).toEqual([]);
  });

  test("a key WorkOS rejects is a warning naming where the key came from, never the key", async () => {
    const api = await standin({ apiKey: "sk_test_another_environment_key_000000" });
    const dir = project(api, { appClient: ENV_CLIENT, redirect: "http://localhost:5173/callback" });
    const r = await live(dir, api, ["--json"]);
    const f = parseJson(r.stdout).findings.find((x) => x.code === "WORKOS_LIVE_UNAVAILABLE");
    expect(f?.message).toContain(
      "WorkOS rejected the API key from the deployment's env (HTTP 401)",
    );
    expect(r.stdout).not.toContain(API_KEY);
  });

  test("a key from the shell is used first and never printed", async () => {
    const api = await standin();
    const dir = project(api, {
      appClient: ENV_CLIENT,
      redirect: "http://localhost:5173/callback",
      key: false,
    });
    let stdout = "";
    const code = await run(["--deployment-env", "deployment.env", "--live", "--no-color"], {
      cwd: dir,
      env: { WORKOS_API_KEY: API_KEY },
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: () => true },
      readStdin: async () => "",
      stdinIsTTY: true,
      workosApiBase: api.url,
    });
    expect(code).toBe(0);
    expect(stdout).toContain("API key from the environment");
    expect(api.requests.some((x) => x.authorized)).toBe(true);
    expect(stdout).not.toContain(API_KEY);
  });

  test("--live cannot be combined with --offline or --explain", async () => {
    const offline = await runDoctor(["--live", "--offline"]);
    expect(offline.code).toBe(2);
    expect(offline.stderr).toContain("--offline means no network");
    const explain = await runDoctor(["--explain", "Missing refresh token", "--live"]);
    expect(explain.code).toBe(2);
  });
});
