import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { permissionFlag, runConfined, type ConfinedLimits } from "../../src/cli/confined.js";
import { tmpProject } from "./helpers.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

const LIMITS: ConfinedLimits = {
  timeoutMs: 15_000,
  heapMb: 64,
  rssMb: 256,
  maxOutputBytes: 1024 * 1024,
};

describe("runConfined", () => {
  // The program stands for project code that got out of the vm context: it has `require`.
  test("a confined program cannot write, read, spawn or start workers, and sees no environment", async () => {
    process.env.DOCTOR_HOST_SECRET = "host-secret-value";
    const p = tmpProject({ "secret.txt": "s3cret" });
    cleanups.push(p.cleanup);
    const written = join(p.dir, "written.txt");
    const program = `
      const fs = require("node:fs");
      const attempt = (f) => { try { f(); return "allowed"; } catch (e) { return e.code || String(e); } };
      fs.writeSync(1, JSON.stringify({
        write: attempt(() => fs.writeFileSync(${JSON.stringify(written)}, "x")),
        read: attempt(() => fs.readFileSync(${JSON.stringify(join(p.dir, "secret.txt"))})),
        spawn: attempt(() => require("node:child_process").execFileSync(process.execPath, ["-e", ""])),
        worker: attempt(() => new (require("node:worker_threads").Worker)("", { eval: true })),
        env: Object.keys(process.env),
      }));`;
    try {
      const r = await runConfined(program, "", LIMITS);
      expect(r.kind).toBe("exited");
      if (r.kind !== "exited") return;
      expect(JSON.parse(r.stdout)).toEqual({
        write: "ERR_ACCESS_DENIED",
        read: "ERR_ACCESS_DENIED",
        spawn: "ERR_ACCESS_DENIED",
        worker: "ERR_ACCESS_DENIED",
        env: [],
      });
      expect(existsSync(written)).toBe(false);
    } finally {
      delete process.env.DOCTOR_HOST_SECRET;
    }
  });

  test("its input arrives on stdin and its output is what it prints", async () => {
    const r = await runConfined(
      `const fs = require("node:fs"); fs.writeSync(1, fs.readFileSync(0, "utf8").toUpperCase());`,
      "hello",
      LIMITS,
    );
    expect(r).toMatchObject({ kind: "exited", code: 0, stdout: "HELLO" });
  });

  test("a program busy forever in promise callbacks is killed at the wall-clock limit", async () => {
    const r = await runConfined(`(async () => { for (;;) await null; })();`, "", {
      ...LIMITS,
      timeoutMs: 1000,
    });
    expect(r).toEqual({ kind: "timeout" });
  });

  test("a program that prints more than the cap is stopped", async () => {
    const r = await runConfined(
      `const fs = require("node:fs"); for (;;) fs.writeSync(1, "x".repeat(65536));`,
      "",
      LIMITS,
    );
    expect(r).toEqual({ kind: "output-too-large" });
  });

  test("permissionFlag prefers --permission and falls back to --experimental-permission", () => {
    expect(permissionFlag(new Set(["--permission", "--experimental-permission"]))).toBe(
      "--permission",
    );
    expect(permissionFlag(new Set(["--experimental-permission"]))).toBe(
      "--experimental-permission",
    );
    expect(permissionFlag(new Set())).toBeNull();
  });
});
