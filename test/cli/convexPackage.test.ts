import { afterEach, describe, expect, test } from "vitest";
import { nextSatisfyingMajor, satisfiesRange } from "../../src/cli/nodeRange.js";
import type { ConvexEnvLister } from "../../src/cli/deploymentEnv.js";
import { run } from "../../src/cli/run.js";
import { parseJson, tmpProject } from "./helpers.js";

describe("engines ranges", () => {
  test.each([
    ["20.20.2", ">=22.0.0", false],
    ["22.12.0", ">=22.0.0", true],
    ["20.20.2", ">=20.0.0", true],
    ["20.11.1", "^20.19.0 || >=22.12.0", false],
    ["20.19.0", "^20.19.0 || >=22.12.0", true],
    ["22.11.0", "^20.19.0 || >=22.12.0", false],
    ["24.1.0", "^20.19.0 || >=22.12.0", true],
    ["18.20.0", ">= 18", true],
    ["21.0.0", "18 - 20", false],
    ["20.5.0", "18 - 20", true],
    ["20.5.0", "20.x", true],
    ["22.0.0", "~20.5", false],
    ["20.5.9", "~20.5", true],
    ["20.0.0", "*", true],
    ["v20.0.0", ">19 <21", true],
  ])("%s satisfies %s: %s", (version, range, expected) => {
    expect(satisfiesRange(version, range)).toBe(expected);
  });

  test("an unreadable range is not judged", () => {
    expect(satisfiesRange("20.0.0", "node-lts")).toBeNull();
  });

  test("the next major that can satisfy the range is the one to install", () => {
    expect(nextSatisfyingMajor("20.20.2", ">=22.0.0")).toBe(22);
    expect(nextSatisfyingMajor("20.11.0", "^20.19.0 || >=22.12.0")).toBe(20);
    expect(nextSatisfyingMajor("22.1.0", "^20.19.0 || >=22.12.0")).toBe(22);
  });
});

describe("the doctor and the project's convex package", () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    while (cleanups.length) cleanups.pop()!();
  });

  function projectWithConvex(version: string, nodeRange: string) {
    const p = tmpProject({
      "package.json": JSON.stringify({ name: "app", dependencies: { convex: `^${version}` } }),
      "node_modules/convex/package.json": JSON.stringify({
        name: "convex",
        version,
        engines: { node: nodeRange, npm: ">=7.0.0" },
        bin: { convex: "bin/main.js" },
      }),
      ".env.local": "CONVEX_DEPLOYMENT=dev:calm-fox-1\nVITE_WORKOS_CLIENT_ID=client_01JNODE\n",
      "convex/auth.config.ts": "export default { providers: [] };\n",
    });
    cleanups.push(p.cleanup);
    return p.dir;
  }

  async function doctor(dir: string, nodeVersion: string, lister: ConvexEnvLister) {
    let stdout = "";
    const code = await run(["--json"], {
      cwd: dir,
      env: {},
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: () => true },
      readStdin: async () => "",
      stdinIsTTY: true,
      convexEnvList: lister,
      nodeVersion,
    });
    return { code, doc: parseJson(stdout) };
  }

  test("convex 1.49 under Node 20: NODE_TOO_OLD_FOR_CONVEX, and `convex env list` is not run", async () => {
    const dir = projectWithConvex("1.49.0", ">=22.0.0");
    let calls = 0;
    const { code, doc } = await doctor(dir, "20.20.2", async () => {
      calls++;
      return { ok: true, stdout: "" };
    });
    expect(calls).toBe(0);
    expect(code).toBe(1);
    const f = doc.findings.find((x) => x.code === "NODE_TOO_OLD_FOR_CONVEX");
    expect(f?.evidence).toMatchObject({
      convexVersion: "1.49.0",
      required: ">=22.0.0",
      node: "20.20.2",
      suggested: "22",
      file: "node_modules/convex/package.json",
    });
    expect(f?.fix).toContain("nvm install 22");
    const unavailable = doc.findings.find((x) => x.code === "DEPLOYMENT_ENV_UNAVAILABLE");
    expect(unavailable?.message).toContain("needs Node.js `>=22.0.0` and this is Node.js 20.20.2");
  });

  test("convex 1.49 under Node 22 runs `convex env list` and reports nothing about Node", async () => {
    const dir = projectWithConvex("1.49.0", ">=22.0.0");
    let calls = 0;
    const { doc } = await doctor(dir, "22.12.0", async () => {
      calls++;
      return { ok: true, stdout: "WORKOS_CLIENT_ID=client_01JNODE\n" };
    });
    expect(calls).toBe(1);
    expect(doc.findings.map((f) => f.code)).not.toContain("NODE_TOO_OLD_FOR_CONVEX");
  });

  test("convex 1.48 under Node 20 is fine", async () => {
    const dir = projectWithConvex("1.48.0", ">=20.0.0");
    const { doc } = await doctor(dir, "20.20.2", async () => ({ ok: true, stdout: "" }));
    expect(doc.findings.map((f) => f.code)).not.toContain("NODE_TOO_OLD_FOR_CONVEX");
  });
});
