import { afterEach, describe, expect, test, vi } from "vitest";
import { FINDINGS, type FindingCode } from "../../src/core/index.js";
import type { ConvexEnvLister } from "../../src/cli/deploymentEnv.js";
import { codes, fixture, parseJson, runDoctor, tmpProject } from "./helpers.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});
function project(files: Record<string, string>, from?: string) {
  const p = tmpProject(files, from);
  cleanups.push(p.cleanup);
  return p.dir;
}

const withEnv = (name: string) => [
  fixture(name),
  "--deployment-env",
  fixture(`${name}/deployment.env`),
];
const sorted = (xs: string[]) => [...xs].sort();

describe("fixture projects", () => {
  test("a correct Vite project passes every check with exit code 0", async () => {
    const r = await runDoctor([...withEnv("vite-good"), "--json"]);
    expect(r.code).toBe(0);
    const doc = parseJson(r.stdout);
    expect(doc.findings).toEqual([]);
    expect(doc.ok).toBe(true);
    expect((doc.checks as Array<{ status: string }>).every((c) => c.status === "ok")).toBe(true);
    expect(doc.project).toMatchObject({ kind: "vite", functionsDir: "convex" });
  });

  test("a correct Next.js project (convex.json functions dir, auth.config.js) passes with exit code 0", async () => {
    const r = await runDoctor([...withEnv("next-good"), "--json"]);
    expect(parseJson(r.stdout).findings).toEqual([]);
    expect(r.code).toBe(0);
    expect(parseJson(r.stdout).project).toMatchObject({ kind: "next", functionsDir: "src/convex" });
  });

  test("a broken Vite project reports each problem as a catalogue finding and exits 1", async () => {
    const r = await runDoctor([...withEnv("vite-broken"), "--json"]);
    expect(r.code).toBe(1);
    const doc = parseJson(r.stdout);
    expect(sorted(codes(r.stdout))).toEqual(
      sorted([
        "CLIENT_ID_MISMATCH",
        "CONFIG_AUDIENCE_NEVER_SENT",
        "ENV_MISSING",
        "ENV_MISSING",
        "REDIRECT_URI_INVALID",
        "COOKIE_PASSWORD_TOO_SHORT",
      ]),
    );
    const mismatch = doc.findings.find((f) => f.code === "CLIENT_ID_MISMATCH")!;
    expect(mismatch.evidence).toMatchObject({
      clientId: "client_01JAPPCLIENT00000000000000", // .env.local wins over .env
      serverClientId: "client_01JDEPLOYCLIENT0000000000000",
    });
    expect(mismatch.message).toContain("the deployment's `WORKOS_CLIENT_ID` is");
    const missing = doc.findings.filter((f) => f.code === "ENV_MISSING").map((f) => f.evidence);
    expect(missing).toContainEqual(
      expect.objectContaining({ name: "VITE_CONVEX_URL", place: "local" }),
    );
    expect(missing).toContainEqual(
      expect.objectContaining({
        name: "WORKOS_API_KEY",
        place: "deployment",
        readBy: ["convex/users.ts"],
      }),
    );
    expect(doc.findings.find((f) => f.code === "REDIRECT_URI_INVALID")!.evidence).toMatchObject({
      value: "http://example.com/callback",
    });
    expect(doc.findings.find((f) => f.code === "COOKIE_PASSWORD_TOO_SHORT")!.evidence).toEqual({
      length: 16,
    });
  });

  test("an env var the config reads but the deployment lacks is AUTH_CONFIG_ENV_UNSET (no placeholder noise)", async () => {
    const r = await runDoctor([
      fixture("vite-broken"),
      "--deployment-env",
      fixture("vite-broken/deployment-empty.env"),
      "--json",
    ]);
    expect(r.code).toBe(1);
    const doc = parseJson(r.stdout);
    const unset = doc.findings.filter((f) => f.code === "AUTH_CONFIG_ENV_UNSET");
    expect(unset.map((f) => f.evidence.name)).toEqual(["WORKOS_CLIENT_ID"]);
    expect(codes(r.stdout)).not.toContain("CONFIG_PLACEHOLDER");
    // The lint still runs on the shape of the config.
    expect(codes(r.stdout)).toContain("CONFIG_AUDIENCE_NEVER_SENT");
  });

  test("a broken Next.js project: hard-coded client ID, missing vars, wrong prefix, no route handler, short cookie password", async () => {
    const r = await runDoctor([...withEnv("next-broken"), "--json"]);
    expect(r.code).toBe(1);
    const doc = parseJson(r.stdout);
    expect(sorted(codes(r.stdout))).toEqual(
      sorted([
        "CONFIG_NOT_DEPLOYED",
        "ENV_MISSING",
        "ENV_MISSING",
        "REDIRECT_URI_INVALID",
        "COOKIE_PASSWORD_TOO_SHORT",
        "CONFIG_ISSUER_VARIANT_MISSING",
      ]),
    );
    // WORKOS_CLIENT_ID matches the app, but the file hard-codes another client.
    const hardCoded = doc.findings.find((f) => f.code === "CONFIG_NOT_DEPLOYED")!;
    expect(hardCoded.evidence).toMatchObject({
      clientId: "client_01JNEXTCLIENT0000000000000",
      providerClientIds: ["client_01JOLDPASTEDCLIENT000000000"],
    });
    expect(hardCoded.fix).toContain("`process.env.WORKOS_CLIENT_ID`");
    const missing = doc.findings.filter((f) => f.code === "ENV_MISSING");
    expect(missing.map((f) => f.evidence.name).sort()).toEqual([
      "NEXT_PUBLIC_CONVEX_URL",
      "WORKOS_API_KEY",
    ]);
    const prefix = missing.find((f) => f.evidence.name === "NEXT_PUBLIC_CONVEX_URL")!;
    expect(prefix.evidence.similar).toBe("VITE_CONVEX_URL");
    expect(prefix.message).toContain("`VITE_CONVEX_URL` is set");
    expect(doc.findings.find((f) => f.code === "REDIRECT_URI_INVALID")!.message).toContain(
      "`/auth/callback`",
    );
    expect(doc.findings.find((f) => f.code === "CONFIG_ISSUER_VARIANT_MISSING")!.severity).toBe(
      "info",
    );
  });
});

describe("--json", () => {
  test("every finding has code, severity, title, fix and evidence, with the catalogue's wording", async () => {
    const r = await runDoctor([...withEnv("vite-broken"), "--json"]);
    const doc = parseJson(r.stdout);
    expect(doc.findings.length).toBeGreaterThan(0);
    for (const f of doc.findings) {
      expect(Object.keys(f)).toEqual(
        expect.arrayContaining(["code", "severity", "title", "fix", "evidence"]),
      );
      const entry = FINDINGS[f.code as FindingCode];
      expect(entry).toBeDefined();
      expect(f.title).toBe(entry.title);
      expect(f.severity).toBe(entry.severity);
      expect(typeof f.fix).toBe("string");
      expect(typeof f.evidence).toBe("object");
    }
    // Most important first: errors before the rest.
    const severities = doc.findings.map((f) => f.severity);
    expect(severities.indexOf("error")).toBe(0);
  });

  test("no ANSI escapes and no spinner in JSON output, even when forced", async () => {
    const r = await runDoctor([...withEnv("vite-broken"), "--json", "--color"], { tty: true });
    expect(r.stdout).not.toContain("\u001b");
    expect(r.stderr).toBe("");
  });
});

describe("checklist output", () => {
  test("is plain when stdout is not a terminal and colored on a terminal", async () => {
    const plain = await runDoctor(withEnv("vite-broken"));
    expect(plain.stdout).not.toContain("\u001b[");
    expect(plain.stdout).toMatch(/^✗ Client IDs$/m);
    expect(plain.stdout).toMatch(/^✓ Auth config$/m);
    const tty = await runDoctor(withEnv("vite-broken"), { tty: true });
    expect(tty.stdout).toContain("\u001b[31m✗");
    const noColor = await runDoctor(withEnv("vite-broken"), { tty: true, env: { NO_COLOR: "1" } });
    expect(noColor.stdout).not.toContain("\u001b[");
  });

  test("shows each finding's title, explanation and fix from the catalogue", async () => {
    const r = await runDoctor(withEnv("vite-broken"));
    expect(r.stdout).toContain(FINDINGS.CLIENT_ID_MISMATCH.title);
    expect(r.stdout).toContain(
      "Fix: Use one client ID: set `WORKOS_CLIENT_ID` on the deployment to `client_01JAPPCLIENT00000000000000`",
    );
    expect(r.stdout).toMatch(/6 errors, 0 warnings, 0 notes\n$/);
  });
});

describe("secrets", () => {
  test.each(["vite-good", "next-good", "next-broken", "vite-broken"])(
    "%s: neither the API key nor the cookie password is printed, in text or JSON",
    async (name) => {
      for (const extra of [[], ["--json"]]) {
        const r = await runDoctor([...withEnv(name), ...extra]);
        expect(r.stdout + r.stderr).not.toMatch(/SECRET|tooshortpassword/);
      }
    },
  );

  test("a secret that reaches a message anyway (a config that throws the API key) is redacted", async () => {
    const dir = project({
      "convex/auth.config.ts": "throw new Error('key is ' + process.env.WORKOS_API_KEY);",
      "deploy.env": "WORKOS_API_KEY=sk_test_thrown_SECRET_value_123\n",
    });
    for (const extra of [[], ["--json"]]) {
      const r = await runDoctor([dir, "--deployment-env", `${dir}/deploy.env`, ...extra]);
      expect(r.stdout).toContain("key is [redacted]");
      expect(r.stdout).not.toContain("sk_test_thrown");
    }
  });

  test("the cookie password's length is reported, never its value", async () => {
    const r = await runDoctor([...withEnv("next-good")]);
    expect(r.stdout).toContain("`WORKOS_COOKIE_PASSWORD` has 42 characters");
    expect(r.stdout).not.toContain("nextgood-cookie-password");
  });
});

describe("deployment env", () => {
  const listing =
    "WORKOS_CLIENT_ID=client_01JGOODCLIENT0000000000000\nWORKOS_API_KEY='sk_test_from_cli_SECRET_0000'\n";

  test("is read with `convex env list` when CONVEX_DEPLOYMENT is configured", async () => {
    const lister = vi.fn<ConvexEnvLister>(async () => ({ ok: true, stdout: listing }));
    const r = await runDoctor([fixture("vite-good"), "--json"], { convexEnvList: lister });
    expect(lister).toHaveBeenCalledTimes(1);
    expect(lister.mock.calls[0]![0]).toMatchObject({
      projectDir: fixture("vite-good"),
      prod: false,
      timeoutMs: 10_000,
    });
    expect(r.code).toBe(0);
    const doc = parseJson(r.stdout);
    expect(doc.findings).toEqual([]);
    expect((doc.project as { deploymentEnv: string }).deploymentEnv).toContain(
      "dev:happy-animal-123",
    );
    expect(r.stdout).not.toContain("SECRET");
  });

  test("--prod and --timeout are passed on", async () => {
    const lister = vi.fn<ConvexEnvLister>(async () => ({ ok: true, stdout: listing }));
    await runDoctor([fixture("vite-good"), "--prod", "--timeout", "3", "--json"], {
      convexEnvList: lister,
    });
    expect(lister.mock.calls[0]![0]).toMatchObject({ prod: true, timeoutMs: 3000 });
  });

  test("a failing `convex env list` is a warning finding; the other checks still run", async () => {
    const lister: ConvexEnvLister = async () => ({
      ok: false,
      reason: "`npx convex env list` failed: Not logged in",
    });
    const r = await runDoctor([fixture("vite-broken"), "--json"], { convexEnvList: lister });
    const doc = parseJson(r.stdout);
    const unavailable = doc.findings.find((f) => f.code === "DEPLOYMENT_ENV_UNAVAILABLE")!;
    expect(unavailable.severity).toBe("warning");
    expect(unavailable.evidence.reason).toContain("Not logged in");
    // Local checks and lint still ran (with ${NAME} markers for the unknown values).
    expect(codes(r.stdout)).toEqual(
      expect.arrayContaining(["CONFIG_AUDIENCE_NEVER_SENT", "REDIRECT_URI_INVALID", "ENV_MISSING"]),
    );
    expect(codes(r.stdout)).not.toContain("CLIENT_ID_MISMATCH");
    expect(codes(r.stdout)).not.toContain("CONFIG_PLACEHOLDER");
  });

  test("CONVEX_DEPLOYMENT from the shell or CONVEX_SELF_HOSTED_URL also select a deployment", async () => {
    const dir = project(
      {
        ".env.local":
          "VITE_WORKOS_CLIENT_ID=client_01JGOODCLIENT0000000000000\nVITE_CONVEX_URL=https://x.convex.cloud\n",
      },
      "vite-good",
    );
    const lister = vi.fn<ConvexEnvLister>(async () => ({ ok: true, stdout: listing }));
    await runDoctor([dir, "--json"], {
      convexEnvList: lister,
      env: { CONVEX_DEPLOYMENT: "dev:from-shell-1" },
    });
    const selfHosted = project(
      {
        ".env.local":
          "CONVEX_SELF_HOSTED_URL=http://127.0.0.1:3210\nVITE_WORKOS_CLIENT_ID=client_01JXTESTCLIENT00000000000\n",
      },
      "vite-good",
    );
    await runDoctor([selfHosted, "--json"], { convexEnvList: lister });
    expect(lister).toHaveBeenCalledTimes(2);
  });

  test("a lister that throws becomes DEPLOYMENT_ENV_UNAVAILABLE, not a crash", async () => {
    const r = await runDoctor([fixture("vite-good"), "--json"], {
      convexEnvList: async () => {
        throw new Error("spawn EACCES");
      },
    });
    expect(r.code).toBe(0);
    expect(parseJson(r.stdout).findings[0]!.evidence.reason).toBe(
      "`npx convex env list` could not be run: spawn EACCES",
    );
  });

  test("without CONVEX_DEPLOYMENT, or with --offline, `convex env list` is not run", async () => {
    const dir = project(
      {
        ".env.local":
          "VITE_WORKOS_CLIENT_ID=client_01JXTESTCLIENT00000000000\nVITE_CONVEX_URL=https://x.convex.cloud\n",
      },
      "vite-good",
    );
    const r = await runDoctor([dir, "--json"]); // the default lister throws if called
    expect(codes(r.stdout)).toEqual(["DEPLOYMENT_ENV_UNAVAILABLE"]);
    expect(r.code).toBe(0);
    const offline = await runDoctor([fixture("vite-good"), "--offline", "--json"]);
    expect(codes(offline.stdout)).toEqual(["DEPLOYMENT_ENV_UNAVAILABLE"]);
  });
});

describe("checks on small projects", () => {
  const viteBase = {
    "package.json": JSON.stringify({ devDependencies: { vite: "^8.0.0" } }),
    ".env.local":
      "VITE_WORKOS_CLIENT_ID=client_01JXTESTCLIENT00000000000\nVITE_CONVEX_URL=https://x.convex.cloud\n",
    "deploy.env": "WORKOS_CLIENT_ID=client_01JXTESTCLIENT00000000000\n",
  };
  async function check(files: Record<string, string>) {
    const dir = project({ ...viteBase, ...files });
    const r = await runDoctor([dir, "--deployment-env", `${dir}/deploy.env`, "--json"]);
    return { ...r, doc: parseJson(r.stdout) };
  }

  test("a check that compared nothing is shown as skipped, never as passed", async () => {
    const dir = project({ ...viteBase, "convex/schema.ts": "export default {};" });
    const text = await runDoctor([dir, "--deployment-env", `${dir}/deploy.env`]);
    expect(text.stdout).toMatch(/^– Provider lint$/m);
    expect(text.stdout).not.toMatch(/^✓ Provider lint$/m);
    const json = await runDoctor([dir, "--deployment-env", `${dir}/deploy.env`, "--json"]);
    const checks = parseJson(json.stdout).checks as { id: string; status: string }[];
    expect(checks.find((c) => c.id === "provider-lint")?.status).toBe("skipped");
  });

  test("no auth.config file means no providers (NO_PROVIDERS)", async () => {
    const { doc, code } = await check({ "convex/schema.ts": "export default {};" });
    expect(doc.findings.map((f) => f.code)).toEqual(["NO_PROVIDERS"]);
    expect(code).toBe(1);
  });

  test("both auth.config.ts and auth.config.js is refused, as Convex does", async () => {
    const cfg = `export default { providers: [] };`;
    const { doc } = await check({ "convex/auth.config.ts": cfg, "convex/auth.config.js": cfg });
    const f = doc.findings.find((x) => x.code === "AUTH_CONFIG_UNREADABLE")!;
    expect(String(f.evidence.detail)).toContain("choose one");
  });

  test("an unparsable auth.config is AUTH_CONFIG_UNREADABLE with the compile error", async () => {
    const { doc, code, stderr } = await check({
      "convex/auth.config.ts": "export default { providers: [ }",
    });
    expect(code).toBe(1);
    const f = doc.findings.find((x) => x.code === "AUTH_CONFIG_UNREADABLE")!;
    expect(f.evidence).toMatchObject({ file: "convex/auth.config.ts", stage: "compiled" });
    expect(stderr).toBe("");
  });

  test("an auth.config that throws is AUTH_CONFIG_UNREADABLE with the thrown message", async () => {
    const { doc } = await check({
      "convex/auth.config.ts": `throw new Error("set WORKOS_CLIENT_ID first");`,
    });
    expect(doc.findings.find((x) => x.code === "AUTH_CONFIG_UNREADABLE")!.evidence).toMatchObject({
      stage: "run",
      detail: "it threw set WORKOS_CLIENT_ID first",
    });
  });

  test("an invalid convex.json is reported and the default functions dir is used", async () => {
    const { doc } = await check({
      "convex.json": "{ functions: nope",
      "convex/auth.config.ts": "export default { providers: [] };",
    });
    expect(doc.findings.find((x) => x.code === "AUTH_CONFIG_UNREADABLE")!.evidence.file).toBe(
      "convex.json",
    );
  });

  test("provider lint runs on the evaluated providers (placeholder, algorithm)", async () => {
    const { doc } = await check({
      "convex/auth.config.ts": `export default { providers: [
        { type: "customJwt", issuer: "https://api.workos.com/user_management/YOUR_CLIENT_ID", jwks: "https://api.workos.com/sso/jwks/YOUR_CLIENT_ID", algorithm: "RS256" },
        { type: "customJwt", issuer: "https://api.workos.com/", jwks: "https://api.workos.com/sso/jwks/client_01JXTESTCLIENT00000000000", algorithm: "HS256", applicationID: "client_01JXTESTCLIENT00000000000" },
      ] };`,
    });
    expect(doc.findings.map((f) => f.code)).toEqual(
      expect.arrayContaining(["CONFIG_PLACEHOLDER", "CONFIG_UNSUPPORTED_ALGORITHM"]),
    );
  });

  test("a `${...}` written in plain quotes is a placeholder even when the deployment env is unknown", async () => {
    const dir = project({
      ...viteBase,
      "convex/auth.config.ts": `export default { providers: [
        { type: "customJwt", issuer: "https://api.workos.com/user_management/\${CLIENT_ID}", jwks: \`https://api.workos.com/sso/jwks/\${process.env.WORKOS_CLIENT_ID}\`, algorithm: "RS256" },
      ] };`,
    });
    const r = await runDoctor([dir, "--offline", "--json"]);
    const placeholders = parseJson(r.stdout).findings.filter(
      (f) => f.code === "CONFIG_PLACEHOLDER",
    );
    // The literal one is reported; the jwks template literal (value unknown) is not.
    expect(placeholders.map((f) => f.evidence.field)).toEqual(["issuer"]);
  });

  test("a config without any WorkOS issuer is CONFIG_NO_WORKOS_PROVIDER", async () => {
    const { doc } = await check({
      "convex/auth.config.ts": `export default { providers: [{ domain: "https://clerk.example.com", applicationID: "convex" }] };`,
    });
    expect(doc.findings.map((f) => f.code)).toContain("CONFIG_NO_WORKOS_PROVIDER");
  });

  test("a Vite app with only WORKOS_CLIENT_ID locally is told Vite needs the VITE_ prefix", async () => {
    const { doc } = await check({
      ".env.local":
        "WORKOS_CLIENT_ID=client_01JXTESTCLIENT00000000000\nVITE_CONVEX_URL=https://x.convex.cloud\n",
      "convex/auth.config.ts": "export default { providers: [] };",
    });
    const f = doc.findings.find((x) => x.code === "ENV_MISSING")!;
    expect(f.evidence.name).toBe("VITE_WORKOS_CLIENT_ID");
    expect(f.evidence.similar).toBe("WORKOS_CLIENT_ID");
    expect(f.message).toContain("Vite only exposes `VITE_`-prefixed variables");
  });
});
