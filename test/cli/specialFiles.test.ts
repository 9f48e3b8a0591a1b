import { execFileSync } from "node:child_process";
import { existsSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import {
  ENV_FILE_MAX_BYTES,
  formatBytes,
  readRegularFile,
  SOURCE_FILE_MAX_BYTES,
} from "../../src/cli/files.js";
import { parseJson, runDoctor, tmpProject } from "./helpers.js";

// A FIFO nobody writes to, or /dev/zero, would hang the doctor or eat memory; these tests finish
// within the limit below only because such files are refused before they are read.
const SPECIAL_FILE_LIMIT_MS = 15_000;

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

const viteProject = {
  "package.json": JSON.stringify({ devDependencies: { vite: "^8.0.0" } }),
  "convex/auth.config.ts": `export default { providers: [{ type: "customJwt", issuer: "https://api.workos.com/", jwks: "https://api.workos.com/sso/jwks/client_X", algorithm: "RS256" }] };`,
  "deploy.env": "WORKOS_CLIENT_ID=client_X\n",
};

function project(files: Record<string, string>) {
  const p = tmpProject(files);
  cleanups.push(p.cleanup);
  return p.dir;
}

function mkfifo(path: string) {
  execFileSync("mkfifo", [path]);
}

const hasMkfifo = (() => {
  try {
    execFileSync("mkfifo", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
const posix = process.platform !== "win32";

async function doctorJson(dir: string, extra: string[] = []) {
  const r = await runDoctor([dir, "--deployment-env", join(dir, "deploy.env"), "--json", ...extra]);
  return { ...r, doc: parseJson(r.stdout) };
}

describe("readRegularFile", () => {
  test("reads a regular file and a symlink to one", () => {
    const dir = project({ "a.env": "A=1\n" });
    symlinkSync(join(dir, "a.env"), join(dir, "link.env"));
    expect(readRegularFile(join(dir, "a.env"), ENV_FILE_MAX_BYTES)).toEqual({
      ok: true,
      text: "A=1\n",
    });
    expect(readRegularFile(join(dir, "link.env"), ENV_FILE_MAX_BYTES)).toEqual({
      ok: true,
      text: "A=1\n",
    });
  });

  test("a missing file is reported as missing, not as a refusal", () => {
    const r = readRegularFile("/definitely/not/here.env", ENV_FILE_MAX_BYTES);
    expect(r).toMatchObject({ ok: false, missing: true });
  });

  test("a directory, a device and a file over the cap are refused with the reason", () => {
    const dir = project({ "big.txt": "x".repeat(2049) });
    expect(readRegularFile(dir, 1024)).toMatchObject({ ok: false, reason: /directory/ });
    if (posix)
      expect(readRegularFile("/dev/zero", 1024)).toMatchObject({
        ok: false,
        reason: /character device, not a regular file/,
      });
    expect(readRegularFile(join(dir, "big.txt"), 1024)).toMatchObject({
      ok: false,
      reason: `is ${formatBytes(2049)}, more than the 1 KiB the doctor reads`,
    });
  });

  test.skipIf(!hasMkfifo)(
    "a FIFO is refused without waiting for a writer",
    () => {
      const dir = project({});
      mkfifo(join(dir, "pipe"));
      expect(readRegularFile(join(dir, "pipe"), 1024)).toMatchObject({
        ok: false,
        missing: false,
        reason: /FIFO/,
      });
    },
    SPECIAL_FILE_LIMIT_MS,
  );
});

describe("special and oversized project files", () => {
  test.skipIf(!hasMkfifo)(
    "a FIFO `.env.local` is reported as a project file that was not read, and the run finishes",
    async () => {
      const dir = project(viteProject);
      mkfifo(join(dir, ".env.local"));
      const { doc, code } = await doctorJson(dir);
      const f = doc.findings.find((x) => x.code === "PROJECT_FILE_UNREADABLE")!;
      expect(f.evidence).toMatchObject({ file: ".env.local", limit: "1 MiB" });
      expect(String(f.evidence.reason)).toContain("FIFO");
      expect(code).toBe(1); // the variables it would hold are missing, and said why
    },
    SPECIAL_FILE_LIMIT_MS,
  );

  test.skipIf(!posix)(
    "a source file linked to /dev/zero is refused, not read until memory runs out",
    async () => {
      const dir = project({
        ...viteProject,
        ".env.local": "VITE_WORKOS_CLIENT_ID=client_X\nVITE_CONVEX_URL=https://x.convex.cloud\n",
      });
      symlinkSync("/dev/zero", join(dir, "convex/users.ts"));
      const { doc } = await doctorJson(dir);
      const f = doc.findings.find((x) => x.code === "PROJECT_FILE_UNREADABLE")!;
      expect(f.evidence).toMatchObject({ file: "convex/users.ts" });
      expect(String(f.evidence.reason)).toContain("character device");
    },
    SPECIAL_FILE_LIMIT_MS,
  );

  test.skipIf(!posix)(
    "an auth.config linked to /dev/zero is AUTH_CONFIG_UNREADABLE naming the file and why",
    async () => {
      const { "convex/auth.config.ts": _config, ...rest } = viteProject;
      const dir = project({ ...rest, "convex/schema.ts": "export default {};" });
      symlinkSync("/dev/zero", join(dir, "convex/auth.config.ts"));
      const { doc } = await doctorJson(dir);
      const f = doc.findings.find((x) => x.code === "AUTH_CONFIG_UNREADABLE")!;
      expect(f.evidence.file).toBe("convex/auth.config.ts");
      expect(String(f.evidence.detail)).toContain(
        "convex/auth.config.ts is a character device, not a regular file",
      );
    },
    SPECIAL_FILE_LIMIT_MS,
  );

  test.skipIf(!hasMkfifo)(
    "a FIFO imported by auth.config is refused while bundling",
    async () => {
      const dir = project({
        ...viteProject,
        "convex/auth.config.ts": `import { ISSUER } from "./issuer";\nexport default { providers: [{ domain: ISSUER, applicationID: "x" }] };`,
      });
      mkfifo(join(dir, "convex/issuer.ts"));
      const { doc } = await doctorJson(dir);
      const f = doc.findings.find((x) => x.code === "AUTH_CONFIG_UNREADABLE")!;
      expect(f.evidence).toMatchObject({ file: "convex/auth.config.ts", stage: "compiled" });
      expect(String(f.evidence.detail)).toContain("convex/issuer.ts is a FIFO");
    },
    SPECIAL_FILE_LIMIT_MS,
  );

  test("a `.env.local` over 1 MiB gives a finding instead of silently missing variables", async () => {
    const dir = project({
      ...viteProject,
      ".env.local": "VITE_WORKOS_CLIENT_ID=client_X\nVITE_CONVEX_URL=https://x.convex.cloud\n",
    });
    // Sparse: 600 MB on paper, nothing on disk.
    truncateSync(join(dir, ".env.local"), 600 * 1000 * 1000);
    const { doc } = await doctorJson(dir);
    const f = doc.findings.find((x) => x.code === "PROJECT_FILE_UNREADABLE")!;
    expect(f.evidence).toMatchObject({
      file: ".env.local",
      reason: `is ${formatBytes(600 * 1000 * 1000)}, more than the 1 MiB the doctor reads`,
    });
    const missing = doc.findings.filter((x) => x.code === "ENV_MISSING").map((x) => x.evidence);
    expect(missing).toContainEqual(expect.objectContaining({ name: "VITE_WORKOS_CLIENT_ID" }));
  });

  test("a source file over the source cap is named in a finding", async () => {
    const dir = project({ ...viteProject, ".env.local": "VITE_WORKOS_CLIENT_ID=client_X\n" });
    writeFileSync(join(dir, "convex/huge.ts"), "// generated\n");
    truncateSync(join(dir, "convex/huge.ts"), SOURCE_FILE_MAX_BYTES + 1);
    const { doc } = await doctorJson(dir);
    expect(doc.findings.find((x) => x.code === "PROJECT_FILE_UNREADABLE")!.evidence).toMatchObject({
      file: "convex/huge.ts",
      limit: formatBytes(SOURCE_FILE_MAX_BYTES),
    });
  });

  test.skipIf(!posix)(
    "a --deployment-env linked to /dev/zero is a usage error naming the file and why",
    async () => {
      const dir = project(viteProject);
      symlinkSync("/dev/zero", join(dir, "zero.env"));
      const r = await runDoctor([dir, "--deployment-env", join(dir, "zero.env")]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        `cannot read --deployment-env file "${join(dir, "zero.env")}": it is a character device, not a regular file`,
      );
    },
    SPECIAL_FILE_LIMIT_MS,
  );

  test.skipIf(!hasMkfifo)(
    "a FIFO convex.json is AUTH_CONFIG_UNREADABLE for convex.json, and the default functions dir is used",
    async () => {
      const dir = project(viteProject);
      mkfifo(join(dir, "convex.json"));
      const { doc } = await doctorJson(dir);
      const f = doc.findings.find((x) => x.code === "AUTH_CONFIG_UNREADABLE")!;
      expect(f.evidence).toMatchObject({ file: "convex.json", stage: "read" });
      expect(String(f.evidence.detail)).toContain("FIFO");
      expect(existsSync(join(dir, "convex/auth.config.ts"))).toBe(true);
      expect(doc.findings.map((x) => x.code)).not.toContain("NO_PROVIDERS");
    },
    SPECIAL_FILE_LIMIT_MS,
  );
});
