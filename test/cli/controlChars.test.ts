import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { helpText } from "../../src/cli/args.js";
import { scrub } from "../../src/cli/redact.js";
import { jwksFetchErrorMessage } from "../../src/core/convexMessages.js";
import { jsonForDisplay, visibleText } from "../../src/core/index.js";
import { makeKey, workosToken, type TestKey } from "../support/tokens.js";
import { fixture, parseJson, runCli, runDoctor, tmpProject } from "./helpers.js";
import { OWN_SGR, rawControls } from "../support/controls.js";

// What a trial user pasted: an `iss` that clears the screen and paints a fake verdict red.
const GOOD_CLIENT = "client_01JGOODCLIENT0000000000000";
const ISS = `https://api.workos.com/user_management/${GOOD_CLIENT}\u001b[2J\u001b[31mPWNED`;
const ESC = "\u001b";

/** Every character a terminal must never receive from input, one of each kind. */
const HOSTILE = "\u001b\r\b\u007f\u0085\u009b\u202e\u2066";

let key: TestKey;
beforeAll(async () => {
  key = await makeKey("key_ctl");
});

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function tokenArgs(...extra: string[]): string[] {
  return ["--offline", "--token", "-", "--deployment-env", "deployment.env", ...extra];
}

describe("control characters from input reach the terminal escaped", () => {
  test("the checklist shows an `iss` holding escape sequences as \\x1b text and prints no ESC byte", async () => {
    const token = await workosToken(key, { iss: ISS });
    const r = await runDoctor(tokenArgs(), { cwd: fixture("vite-good"), stdin: token });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("ISSUER_MISMATCH");
    expect(r.stdout).toContain(`${GOOD_CLIENT}\\x1b[2J\\x1b[31mPWNED`);
    expect(r.stdout).not.toContain(ESC);
    expect(r.stderr).not.toContain(ESC);
  });

  test("with --color, the only escape sequences are the doctor's own colors", async () => {
    const token = await workosToken(key, { iss: ISS });
    const r = await runDoctor(tokenArgs("--color"), { cwd: fixture("vite-good"), stdin: token });
    expect(r.stdout.match(OWN_SGR)?.length ?? 0).toBeGreaterThan(10);
    expect(r.stdout).toContain("\\x1b[2J\\x1b[31mPWNED");
    expect(r.stdout.replace(OWN_SGR, "")).not.toContain(ESC);
  });

  test("C1 controls, DEL, \\r, \\b and bidi overrides in a claim or header are escaped too", async () => {
    const token = await workosToken(
      key,
      { iss: `https://evil.example/${HOSTILE}` },
      { kid: HOSTILE },
    );
    const r = await runDoctor(tokenArgs(), { cwd: fixture("vite-good"), stdin: token });
    expect(rawControls(r.stdout)).toEqual([]);
    expect(r.stdout).toContain(
      "https://evil.example/\\x1b\\r\\x08\\x7f\\x85\\x9b\\u{202e}\\u{2066}",
    );
  });

  test("--json writes them as JSON \\u escapes: no raw control or bidi character, the exact value when parsed", async () => {
    const iss = `https://evil.example/${HOSTILE}`;
    const token = await workosToken(key, { iss });
    const r = await runDoctor(tokenArgs("--json"), { cwd: fixture("vite-good"), stdin: token });
    expect(rawControls(r.stdout)).toEqual([]);
    expect(r.stdout).toContain("\\u001b");
    expect(r.stdout).toContain("\\u202e");
    const mismatch = parseJson(r.stdout).findings.find((f) => f.code === "ISSUER_MISMATCH");
    expect(mismatch?.message).toContain(iss);
  });

  test("--explain shows an error text's control characters escaped", async () => {
    const text = jwksFetchErrorMessage(
      "https://api.workos.com/sso/jwks/x",
      `connection refused${ESC}[2J\u202eoops`,
    );
    for (const args of [
      ["--explain", text],
      ["--explain", "-"],
    ]) {
      const r = await runDoctor(args, args[1] === "-" ? { stdin: text } : {});
      expect(r.stdout).toContain("JWKS_UNAVAILABLE");
      expect(rawControls(r.stdout)).toEqual([]);
      expect(r.stdout).toContain("connection refused\\x1b[2J\\u{202e}oops");
    }
  });

  test("facts lines show an env file value's control characters escaped", async () => {
    const p = tmpProject(
      { ".env.local": `VITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback${ESC}[2K\r\n` },
      "vite-good",
    );
    cleanups.push(p.cleanup);
    const r = await runDoctor(["--deployment-env", "deployment.env"], { cwd: p.dir });
    expect(r.stdout).toContain("http://localhost:5173/callback\\x1b[2K");
    expect(rawControls(r.stdout)).toEqual([]);
  });

  test("a usage error echoing an argument shows its control characters escaped", async () => {
    const r = await runDoctor([`--nope${ESC}[2J`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--nope\\x1b[2J");
    expect(r.stderr).not.toContain(ESC);
  });

  test("the real bin, fed the trial's token on stdin, writes no ESC byte (subprocess)", async () => {
    const token = await workosToken(key, { iss: ISS });
    const r = await runCli(tokenArgs(), { cwd: fixture("vite-good"), input: token });
    expect(r.stdout).toContain("PWNED");
    expect(Buffer.from(r.stdout + r.stderr).includes(0x1b)).toBe(false);
  });
});

test("the deployment-env finding's message starts with a capital letter", async () => {
  // No CONVEX_DEPLOYMENT: the doctor knows no deployment, without running `convex env list`.
  const p = tmpProject({ ".env.local": `VITE_WORKOS_CLIENT_ID=${GOOD_CLIENT}\n` }, "vite-good");
  cleanups.push(p.cleanup);
  const r = await runDoctor(["--json"], { cwd: p.dir });
  const f = parseJson(r.stdout).findings.find((x) => x.code === "DEPLOYMENT_ENV_UNAVAILABLE");
  expect(f?.message).toMatch(/^No deployment is configured/);
});

test("--help names every field the --json document and its findings hold", async () => {
  const token = await workosToken(key, { iss: ISS });
  const r = await runDoctor(tokenArgs("--json"), { cwd: fixture("vite-good"), stdin: token });
  const doc = parseJson(r.stdout);
  const help = helpText("0.0.0");
  const line = /--json\s+print ([\s\S]*?)\n\s+\(with --explain/
    .exec(help)![1]!
    .replace(/\s+/g, " ");
  const inFindings = /findings: \[\{ ([^}]*) \}\]/.exec(line)![1]!.split(", ");
  expect(inFindings).toEqual(Object.keys(doc.findings[0]!));
  const topLevel = line
    .replace(/\[\{[^}]*\}\]/, "")
    .replace(/[{}]/g, "")
    .split(",")
    .map((s) => s.replace(/:.*/, "").trim());
  expect(topLevel).toEqual(Object.keys(doc));
});

test("a secret holding control characters is still redacted as the checklist and --json show it", () => {
  const secret = "pass\u001bword\u202e-0123456789abcdefXYZ";
  for (const shown of [visibleText(secret), jsonForDisplay(JSON.stringify(secret)).slice(1, -1)]) {
    const out = scrub(`cookie password: ${shown}!`, [secret]);
    expect(out).not.toContain("0123456789abcdef");
    expect(out).toContain("cookie password: ");
  }
});
