import { beforeAll, describe, expect, it } from "vitest";
import { checkTokenMain, type CheckTokenIo } from "../../scripts/checkTokenCli.js";
import {
  CLIENT_ID,
  fakeFetch,
  jwksOf,
  makeKey,
  OTHER_CLIENT_ID,
  WORKOS_JWKS,
  workosToken,
  type TestKey,
} from "../support/tokens.js";

let key: TestKey;
let token: string;
beforeAll(async () => {
  key = await makeKey("key_script");
  const now = Math.floor(Date.now() / 1000);
  token = await workosToken(key, { iat: now - 10, exp: now + 300 });
});

async function runScript(
  argv: string[],
  opts: { stdin?: string; fetch?: CheckTokenIo["fetch"] } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await checkTokenMain(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    readStdin: async () => opts.stdin ?? "",
    stdinIsTTY: opts.stdin === undefined,
    color: false,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  return { code, stdout, stderr };
}

describe("npm run check-token", () => {
  it("--help prints the usage, including how to pipe the token in, and exits 0", async () => {
    const r = await runScript(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("pbpaste | npm run check-token");
    expect(r.stdout).toContain("--client-id");
  });

  it("rejects an unknown option with exit code 2", async () => {
    const r = await runScript(["--verbose"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown option "--verbose"');
    expect(r.stdout).toBe("");
  });

  it("refuses a token given as an argument without echoing it", async () => {
    const r = await runScript([token]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("read from stdin");
    expect(r.stderr + r.stdout).not.toContain(token.slice(0, 20));
  });

  it("reads the token from stdin and accepts it against the docs' config, never printing it", async () => {
    const fetch = fakeFetch({ [WORKOS_JWKS()]: { body: jwksOf(key) } });
    const r = await runScript([], { stdin: `${token}\n`, fetch });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`current Convex docs config for ${CLIENT_ID}`);
    expect(r.stdout).toContain("verdict: accepted (TOKEN_ACCEPTED)");
    expect(r.stdout).not.toContain(token.split(".")[2]!);
    expect(fetch.calls).toEqual([WORKOS_JWKS()]);
  });

  it("exits 1 when the token is rejected for the given --client-id", async () => {
    const fetch = fakeFetch({ [WORKOS_JWKS(OTHER_CLIENT_ID)]: { body: jwksOf(key) } });
    const r = await runScript(["--client-id", OTHER_CLIENT_ID], { stdin: token, fetch });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("verdict: rejected (ISSUER_MISMATCH)");
  });

  it("an empty stdin is a usage error that says how to give the token", async () => {
    const r = await runScript([], { stdin: "  \n" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("stdin was empty");
  });

  it("--demo checks a token it signs itself, offline, against both configs", async () => {
    const r = await runScript(["--demo"], { stdin: "" });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("1. The Convex docs' auth.config.ts");
    expect(r.stdout).toContain("2. The older docs' auth.config.ts");
  });
});
