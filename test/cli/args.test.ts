import { describe, expect, test } from "vitest";
import { DEFAULT_TIMEOUT_MS, parseArgs, UsageError } from "../../src/cli/args.js";

describe("parseArgs", () => {
  test("reads a project directory and boolean flags", () => {
    const a = parseArgs(["./app", "--json", "--offline"]);
    expect(a).toMatchObject({
      projectDir: "./app",
      json: true,
      offline: true,
      color: null,
      timeoutMs: DEFAULT_TIMEOUT_MS,
    });
  });

  test("accepts `--flag value` and `--flag=value`", () => {
    expect(parseArgs(["--deployment-env", "prod.env"]).deploymentEnvFile).toBe("prod.env");
    expect(parseArgs(["--deployment-env=prod.env"]).deploymentEnvFile).toBe("prod.env");
    expect(parseArgs(["--explain=Missing refresh token"]).explain).toBe("Missing refresh token");
  });

  test("--token and --explain without a value (or with -) mean stdin", () => {
    expect(parseArgs(["--token"]).token).toBe("-");
    expect(parseArgs(["--token", "-"]).token).toBe("-");
    expect(parseArgs(["--explain", "--json"])).toMatchObject({ explain: "-", json: true });
  });

  test("--timeout is in seconds and bounded", () => {
    expect(parseArgs(["--timeout", "2.5"]).timeoutMs).toBe(2500);
    expect(() => parseArgs(["--timeout", "0"])).toThrow(UsageError);
    expect(() => parseArgs(["--timeout", "soon"])).toThrow(/--timeout/);
  });

  test("--color / --no-color force color; the last one wins", () => {
    expect(parseArgs(["--no-color"]).color).toBe(false);
    expect(parseArgs(["--no-color", "--color"]).color).toBe(true);
  });

  test.each([
    [["--bogus"], /unknown option "--bogus"/],
    [["-x"], /unknown option "-x"/],
    [["a", "b"], /only one project directory/],
    [["--deployment-env"], /needs a value/],
    [["--json=yes"], /takes no value/],
    [["--json", "--json"], /given twice/],
    [["--token", "x", "--explain", "y"], /run --token separately/],
    [["--prod", "--deployment-env", "x.env"], /cannot be combined/],
    [["--prod", "--offline"], /--offline does not run/],
    [["--offline", "--timeout", "5"], /--offline makes neither/],
    [["--explain", "x", "./app"], /a project directory \("\.\/app"\) cannot be combined/],
    [["--explain", "x", "--deployment-env", "d.env"], /--deployment-env cannot be combined/],
    [["--explain", "x", "--prod", "--offline"], /--prod, --offline cannot be combined/],
    [["--explain=x", "--timeout", "3"], /--timeout cannot be combined/],
  ])("rejects %j with a UsageError", (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });

  test("everything after -- is positional", () => {
    expect(parseArgs(["--", "--weird-dir"]).projectDir).toBe("--weird-dir");
  });
});
