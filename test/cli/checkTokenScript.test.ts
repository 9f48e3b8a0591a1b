import { beforeAll, describe, expect, it } from "vitest";
import { checkTokenMain, type CheckTokenIo } from "../../scripts/checkTokenCli.js";
import {
  CLIENT_ID,
  fakeFetch,
  jwksOf,
  makeKey,
  OTHER_CLIENT_ID,
  USER_MANAGEMENT_ISS,
  WORKOS_JWKS,
  workosToken,
  type TestKey,
} from "../support/tokens.js";
import { OWN_SGR } from "../support/controls.js";

let key: TestKey;
let token: string;
beforeAll(async () => {
  key = await makeKey("key_script");
  const now = Math.floor(Date.now() / 1000);
  token = await workosToken(key, { iat: now - 10, exp: now + 300 });
});

async function runScript(
  argv: string[],
  opts: { stdin?: string; fetch?: CheckTokenIo["fetch"]; color?: boolean } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await checkTokenMain(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    readStdin: async () => opts.stdin ?? "",
    stdinIsTTY: opts.stdin === undefined,
    color: opts.color ?? false,
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

  it("refuses a --client-id that is an API key with one line that never echoes it", async () => {
    const key = "sk_test_a1b2c3d4e5f6g7h8i9j0SECRETKEY";
    for (const argv of [["--client-id", key], [`--client-id=${key}`]]) {
      const r = await runScript(argv, { stdin: token });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      const [first, ...rest] = r.stderr.trimEnd().split("\n");
      expect(first).toMatch(
        /^check-token: --client-id takes a WorkOS client ID .* looks like an API key/,
      );
      expect(rest.join("\n")).not.toContain("client-id");
      expect(r.stderr).not.toContain("SECRETKEY");
      expect(r.stderr).not.toContain("a1b2c3");
    }
  });

  it("refuses a --client-id that is a path, without echoing it or fetching anything", async () => {
    const fetch = fakeFetch({});
    for (const argv of [["--client-id", "../../etc/passwd"], ["--client-id=../../etc/passwd"]]) {
      const r = await runScript(argv, { stdin: token, fetch });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("--client-id takes a WorkOS client ID");
      expect(r.stderr).not.toContain("passwd");
    }
    expect(fetch.calls).toEqual([]);
  });

  it("refuses a value given to an option that takes none, and an unknown option that is a key, without echoing either", async () => {
    const key = "sk_live_a1b2c3d4e5f6g7h8i9j0SECRETKEY";
    for (const argv of [[`--demo=${key}`], [`--older-config=${key}`], [`--${key}`], [`-${key}`]]) {
      const r = await runScript(argv, { stdin: token });
      expect(r.code).toBe(2);
      expect(r.stderr + r.stdout).not.toContain("SECRETKEY");
    }
    expect((await runScript(["--demo=yes"])).stderr).toContain("--demo takes no value");
  });

  it("says input that is not a JWT is not one (TOKEN_MALFORMED) without asking for a client ID", async () => {
    const fetch = fakeFetch({});
    const r = await runScript([], { stdin: "hello, this is not a token\n", fetch });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("The input is not a JWT");
    expect(r.stdout).toContain("verdict: rejected (TOKEN_MALFORMED)");
    expect(r.stderr).toBe("");
    expect(r.stdout).not.toContain("--client-id");
    expect(fetch.calls).toEqual([]);
  });

  it("does not take a client ID from an issuer holding control characters, and fetches nothing", async () => {
    const fetch = fakeFetch({});
    const evil = await workosToken(key, {
      iss: `${USER_MANAGEMENT_ISS()}\u001b[2J\u001b[31mPWNED`,
    });
    const r = await runScript([], { stdin: evil, fetch });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("could not tell the WorkOS client ID");
    expect(r.stdout + r.stderr).not.toContain("\u001b");
    expect(fetch.calls).toEqual([]);
  });

  it("shows a token's control characters escaped: no ESC byte but its own colors", async () => {
    const fetch = fakeFetch({ [WORKOS_JWKS()]: { body: jwksOf(key) } });
    const evil = await workosToken(key, {
      iss: `${USER_MANAGEMENT_ISS()}\u001b[2J\u001b[31mPWNED`,
    });
    for (const color of [false, true]) {
      const r = await runScript(["--client-id", CLIENT_ID], { stdin: evil, fetch, color });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`${CLIENT_ID}\\x1b[2J\\x1b[31mPWNED`);
      if (color) expect(r.stdout.match(OWN_SGR)?.length ?? 0).toBeGreaterThan(0);
      expect(r.stdout.replace(OWN_SGR, "")).not.toContain("\u001b");
    }
  });

  it('labels the fix "Fix:", as the doctor does', async () => {
    const fetch = fakeFetch({ [WORKOS_JWKS(OTHER_CLIENT_ID)]: { body: jwksOf(key) } });
    const r = await runScript(["--client-id", OTHER_CLIENT_ID], { stdin: token, fetch });
    expect(r.stdout).toMatch(/^ {4}Fix: /m);
    expect(r.stdout).not.toContain("fix:");
  });
});
