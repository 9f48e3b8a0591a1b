// The real bin, run as users run it: exit codes, output on pipes, no stack traces.
import { afterAll, describe, expect, test } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { DOCTOR, fixture, parseJson, REPO, runCli, tmpProject } from "./helpers.js";

const STACK = /^\s+at .+:\d+:\d+\)?$/m;
const version = (JSON.parse(readFileSync(`${REPO}/package.json`, "utf8")) as { version: string })
  .version;
const cleanups: Array<() => void> = [];
afterAll(() => cleanups.forEach((c) => c()));

describe("convex-authkit-doctor as a subprocess", () => {
  test("a healthy project: exit 0, plain checklist on a pipe", async () => {
    const r = await runCli([
      fixture("vite-good"),
      "--deployment-env",
      fixture("vite-good/deployment.env"),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^✓ Client IDs$/m);
    expect(r.stdout).not.toContain("\u001b[");
    expect(r.stderr).toBe(""); // no spinner on a pipe
  });

  test("a broken project with --json: exit 1 and parseable JSON", async () => {
    const r = await runCli([
      fixture("next-broken"),
      "--deployment-env",
      fixture("next-broken/deployment.env"),
      "--json",
    ]);
    expect(r.code).toBe(1);
    expect(parseJson(r.stdout).findings.some((f) => f.severity === "error")).toBe(true);
    expect(r.stdout).not.toMatch(/nextbroken-SECRET/);
  });

  test("FORCE_COLOR colors a pipe; NO_COLOR wins over it", async () => {
    const args = [
      fixture("vite-broken"),
      "--deployment-env",
      fixture("vite-broken/deployment.env"),
    ];
    expect((await runCli(args, { env: { FORCE_COLOR: "1" } })).stdout).toContain("\u001b[31m✗");
    expect((await runCli(args, { env: { FORCE_COLOR: "1", NO_COLOR: "1" } })).stdout).not.toContain(
      "\u001b[",
    );
  });

  test.each([
    [["/definitely/not/here"], /project directory "\/definitely\/not\/here" does not exist/],
    [["--frobnicate"], /unknown option "--frobnicate"/],
    [[".", "--deployment-env", "/no/such.env"], /cannot read --deployment-env file/],
  ])("bad usage %j: exit 2, one clear line, no stack trace", async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain("--help");
    expect(r.stderr + r.stdout).not.toMatch(STACK);
  });

  test("an auth.config that throws and a garbage token: exit 1, clear findings, no stack trace", async () => {
    const p = tmpProject({
      "package.json": "{}",
      "convex/auth.config.ts": "throw new Error('boom');",
    });
    cleanups.push(p.cleanup);
    const r = await runCli([p.dir, "--offline", "--token", "-"], { input: "garbage" });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("could not be run: it threw boom");
    expect(r.stdout).toContain("Token");
    expect(r.stderr + r.stdout).not.toMatch(STACK);
  });

  test("--token from stdin is checked and never printed", async () => {
    const token =
      "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsifQ.eyJpc3MiOiJodHRwczovL2FwaS53b3Jrb3MuY29tLyJ9.c2lnbmF0dXJlLXNlY3JldA";
    const r = await runCli(
      [
        fixture("vite-good"),
        "--deployment-env",
        fixture("vite-good/deployment.env"),
        "--token",
        "-",
        "--json",
      ],
      { input: token },
    );
    expect(r.code).toBe(1);
    expect(parseJson(r.stdout).token).toMatchObject({ verdict: "rejected" });
    expect(r.stdout + r.stderr).not.toContain("c2lnbmF0dXJlLXNlY3JldA");
  });

  test("--explain from stdin", async () => {
    const r = await runCli(["--explain"], { input: "WorkOSPlatformNotAuthorized" });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("[PLATFORM_NOT_AUTHORIZED]");
  });

  test("--help and --version", async () => {
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage:\n  npx convex-authkit-doctor [projectDir] [options]");
    const v = await runCli(["--version"]);
    expect(v).toMatchObject({ code: 0, stdout: `${version}\n` });
  });
});

// util-linux `script` gives the doctor a real pseudo-terminal.
const hasScript = (() => {
  try {
    execFileSync("script", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

test.skipIf(!hasScript)(
  "on a real terminal: colors without FORCE_COLOR, and a spinner that is erased",
  () => {
    const cmd = `${process.execPath} --import tsx ${DOCTOR} ${fixture("vite-good")} --offline`;
    const r = spawnSync("script", ["-qec", cmd, "/dev/null"], {
      cwd: REPO,
      encoding: "utf8",
      timeout: 15_000,
      env: { PATH: process.env.PATH, TERM: "xterm" },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("\u001b[33m!"); // the warning mark, colored
    expect(r.stdout).toContain("⠋ Reading the deployment's environment…\r\u001b[2K"); // spinner drawn, then erased
  },
);
