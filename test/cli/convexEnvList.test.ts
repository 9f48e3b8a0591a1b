import { afterEach, describe, expect, test } from "vitest";
import { convexEnvList, findConvexBin } from "../../src/cli/deploymentEnv.js";
import { ENV_FILE_MAX_BYTES, formatBytes } from "../../src/cli/files.js";
import { tmpProject } from "./helpers.js";

// A stand-in for the `convex` package: its bin prints what the real `convex env list` prints.
function fakeConvex(main: string) {
  const p = tmpProject({
    "package.json": JSON.stringify({ name: "app", dependencies: { convex: "*" } }),
    "node_modules/convex/package.json": JSON.stringify({
      name: "convex",
      version: "1.48.0",
      bin: { convex: "bin/main.js" },
    }),
    "node_modules/convex/bin/main.js": main,
  });
  cleanups.push(p.cleanup);
  return p.dir;
}
const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

const env = { PATH: process.env.PATH ?? "" };

describe("convexEnvList (the project's own convex bin, run with this Node)", () => {
  test("returns the listing of `convex env list --include-values`", async () => {
    const dir = fakeConvex(`
      const args = process.argv.slice(2).join(" ");
      if (args !== "env list --include-values") { console.error("unexpected args " + args); process.exit(3); }
      console.log("WORKOS_CLIENT_ID=client_123");
      console.log("MULTI='a\\nb'");`);
    const r = await convexEnvList({ projectDir: dir, prod: false, timeoutMs: 5000, env });
    expect(r).toEqual({ ok: true, stdout: "WORKOS_CLIENT_ID=client_123\nMULTI='a\nb'\n" });
  });

  test("passes --prod", async () => {
    const dir = fakeConvex(`console.log("ARGS=" + process.argv.slice(2).join("_"));`);
    const r = await convexEnvList({ projectDir: dir, prod: true, timeoutMs: 5000, env });
    expect(r).toEqual({ ok: true, stdout: "ARGS=env_list_--prod_--include-values\n" });
  });

  test("retries without --include-values on an older CLI", async () => {
    const dir = fakeConvex(`
      if (process.argv.includes("--include-values")) { console.error("error: unknown option '--include-values'"); process.exit(1); }
      console.log("WORKOS_CLIENT_ID=client_old");`);
    expect(await convexEnvList({ projectDir: dir, prod: false, timeoutMs: 5000, env })).toEqual({
      ok: true,
      stdout: "WORKOS_CLIENT_ID=client_old\n",
    });
  });

  test("a failure reports the CLI's error line", async () => {
    const dir = fakeConvex(
      `console.error("✖ Error: Not logged in. Run npx convex login"); process.exit(1);`,
    );
    const r = await convexEnvList({ projectDir: dir, prod: false, timeoutMs: 5000, env });
    expect(r).toEqual({
      ok: false,
      reason: "`npx convex env list` failed: Error: Not logged in. Run npx convex login",
    });
  });

  test("a CLI that hangs is killed after the timeout", async () => {
    const dir = fakeConvex(`setInterval(() => {}, 1000);`);
    const started = Date.now();
    const r = await convexEnvList({ projectDir: dir, prod: false, timeoutMs: 600, env });
    expect(r).toEqual({ ok: false, reason: "`npx convex env list` did not answer within 1 s" });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  test("output beyond the env-file cap is a reason, not a silently cut list", async () => {
    const dir = fakeConvex(`
      const line = "X=" + "y".repeat(1000) + "\\n";
      for (let i = 0; i < 2000; i++) process.stdout.write(line);`);
    const r = await convexEnvList({ projectDir: dir, prod: false, timeoutMs: 10_000, env });
    expect(r).toEqual({
      ok: false,
      reason: `\`npx convex env list\` printed more than the ${formatBytes(ENV_FILE_MAX_BYTES)} the doctor reads`,
    });
  });

  test("no convex package means a clear reason, not an exception", () => {
    const p = tmpProject({ "package.json": "{}" });
    cleanups.push(p.cleanup);
    expect(findConvexBin(p.dir)).toEqual({
      ok: false,
      reason: "the `convex` package is not installed in this project (run `npm install`)",
    });
  });
});
