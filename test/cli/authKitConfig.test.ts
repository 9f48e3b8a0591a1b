/**
 * convex.json's `authKit` section (the Convex CLI provisions WorkOS from it) checked against the
 * app, on projects shaped like the official starters (get-convex/templates
 * template-react-vite-authkit and template-nextjs-authkit).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { authKitProblems } from "../../src/cli/authKitConfig.js";
import { fixture, parseJson, runDoctor, tmpProject } from "./helpers.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** A copy of a fixture with some files replaced; `edit` rewrites a file of the copy. */
function starter(name: "starter-vite" | "starter-next", files: Record<string, string> = {}) {
  const p = tmpProject(files, name);
  cleanups.push(p.cleanup);
  return p.dir;
}

function edit(dir: string, file: string, change: (text: string) => string): Record<string, string> {
  return { [file]: change(readFileSync(join(fixture(dir), file), "utf8")) };
}

async function doctorJson(dir: string, env: Record<string, string> = {}) {
  const r = await runDoctor(["--deployment-env", "deployment.env", "--json"], { cwd: dir, env });
  return { code: r.code, doc: parseJson(r.stdout), stdout: r.stdout };
}

const of = (doc: ReturnType<typeof parseJson>, code: string) =>
  doc.findings.filter((f) => f.code === code);

describe("starter-shaped projects that agree with their convex.json", () => {
  test("the Vite starter passes; its preview/prod build variables are a note, not an error", async () => {
    const { code, doc } = await doctorJson(fixture("starter-vite"));
    expect(code).toBe(0);
    expect(doc.findings.map((f) => f.code)).toEqual(["AUTHKIT_BUILD_ENV_UNSET"]);
    const f = doc.findings[0]!;
    expect(f.severity).toBe("info");
    expect(f.evidence.names).toEqual(["VERCEL_BRANCH_URL", "VERCEL_PROJECT_PRODUCTION_URL"]);
    expect((doc.checks as Array<{ id: string }>).map((c) => c.id)).toContain("authkit-config");
  });

  test("with the build variables set (as in the Vercel build) nothing is reported", async () => {
    const { doc } = await doctorJson(fixture("starter-vite"), {
      VERCEL_BRANCH_URL: "app-git-main-acme.vercel.app",
      VERCEL_PROJECT_PRODUCTION_URL: "app.example.com",
    });
    expect(doc.findings).toEqual([]);
  });

  test("the Next.js starter passes and its API key never appears in the output", async () => {
    const { code, doc, stdout } = await doctorJson(fixture("starter-next"));
    expect(code).toBe(0);
    expect(doc.findings.map((f) => f.code)).toEqual(["AUTHKIT_BUILD_ENV_UNSET"]);
    expect(stdout).not.toContain("sk_test_startnext_SECRET");
  });
});

describe("starter-shaped projects that disagree with their convex.json", () => {
  test("dev server on another port: each convex.json line naming 5173 is reported with its replacement", async () => {
    const dir = starter("starter-vite", {
      "vite.config.ts":
        'import { defineConfig } from "vite";\nexport default defineConfig({ server: { port: 5174 } });\n',
      ...edit("starter-vite", ".env.local", (t) => t.replace("5173", "5174")),
    });
    const { code, doc } = await doctorJson(dir);
    expect(code).toBe(1);
    const ports = of(doc, "AUTHKIT_PORT_MISMATCH");
    expect(ports.map((f) => [f.evidence.field, f.evidence.line, f.evidence.replacement])).toEqual([
      ["configure.redirectUris", 6, '"redirectUris": ["http://localhost:5174/callback"],'],
      ["configure.corsOrigins", 8, '"corsOrigins": ["http://localhost:5174"]'],
      ["configure.appHomepageUrl", 7, '"appHomepageUrl": "http://localhost:5174",'],
      [
        "localEnvVars.VITE_WORKOS_REDIRECT_URI",
        12,
        '"VITE_WORKOS_REDIRECT_URI": "http://localhost:5174/callback"',
      ],
    ]);
    expect(ports[0]!.evidence.portSource).toBe("`vite.config.ts`");
    expect(ports[0]!.fix).toContain(
      'Change `convex.json` line 6 to `"redirectUris": ["http://localhost:5174/callback"],`',
    );
    // One cause, one kind of finding: the redirect and CORS checks see the corrected values.
    expect(of(doc, "AUTHKIT_REDIRECT_NOT_CONFIGURED")).toEqual([]);
    expect(of(doc, "AUTHKIT_CORS_ORIGIN_MISSING")).toEqual([]);
  });

  test("a port given to vite in the dev script counts too", async () => {
    const dir = starter("starter-vite", {
      ...edit("starter-vite", "package.json", (t) => t.replace("vite --open", "vite --port 5180")),
    });
    const { doc } = await doctorJson(dir);
    const ports = of(doc, "AUTHKIT_PORT_MISMATCH");
    expect(ports.length).toBe(4);
    expect(ports[0]!.evidence.portSource).toBe("package.json `dev` script");
    // .env.local still says 5173: the redirect check already names that line.
    expect(of(doc, "REDIRECT_URI_INVALID")[0]?.evidence.expected).toBe(
      "http://localhost:5180/callback",
    );
  });

  test("a redirect env edited by hand: the .env.local line to change back", async () => {
    const dir = starter("starter-vite", {
      ...edit("starter-vite", ".env.local", (t) =>
        t.replace("5173/callback", "5173/auth/callback"),
      ),
    });
    const { code, doc } = await doctorJson(dir);
    expect(code).toBe(1);
    const [f, ...rest] = of(doc, "AUTHKIT_REDIRECT_NOT_CONFIGURED");
    expect(rest).toEqual([]);
    expect(f!.evidence).toMatchObject({
      name: "VITE_WORKOS_REDIRECT_URI",
      value: "http://localhost:5173/auth/callback",
      envFile: ".env.local",
      envLine: 8,
      replacement: "VITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback",
      registered: ["http://localhost:5173/callback"],
    });
    expect(f!.fix).toContain(
      "Change `.env.local` line 8 to `VITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback`",
    );
    // The same edit is not reported a second time as a localEnvVars difference.
    expect(of(doc, "AUTHKIT_LOCAL_ENV_DIFFERS")).toEqual([]);
  });

  test("a redirect URI on the dev port that convex.json does not register: add it to convex.json", async () => {
    const dir = starter("starter-vite", {
      ...edit("starter-vite", "convex.json", (t) =>
        t.replace('"redirectUris": ["http://localhost:5173/callback"]', '"redirectUris": []'),
      ),
    });
    const { doc } = await doctorJson(dir);
    const [f] = of(doc, "AUTHKIT_REDIRECT_NOT_CONFIGURED");
    expect(f!.evidence.line).toBe(6);
    expect(f!.evidence.replacement).toBe('"redirectUris": ["http://localhost:5173/callback"]');
    expect(f!.fix).toContain("Change `convex.json` line 6 to");
  });

  test("a missing CORS origin: the line that adds the app's origin", async () => {
    const dir = starter("starter-vite", {
      ...edit("starter-vite", "convex.json", (t) =>
        t.replace(
          '"corsOrigins": ["http://localhost:5173"]',
          '"corsOrigins": ["https://app.example.com"]',
        ),
      ),
    });
    const { code, doc } = await doctorJson(dir);
    expect(code).toBe(1);
    const [f, ...rest] = of(doc, "AUTHKIT_CORS_ORIGIN_MISSING");
    expect(rest).toEqual([]);
    expect(f!.evidence).toMatchObject({
      origin: "http://localhost:5173",
      listed: ["https://app.example.com"],
      line: 8,
      replacement: '"corsOrigins": ["https://app.example.com", "http://localhost:5173"]',
    });
  });

  test("no corsOrigins at all: the finding points at the configure block to add it to", async () => {
    const dir = starter("starter-vite", {
      ...edit("starter-vite", "convex.json", (t) =>
        t
          .replace(
            '"appHomepageUrl": "http://localhost:5173",',
            '"appHomepageUrl": "http://localhost:5173"',
          )
          .replace('\n        "corsOrigins": ["http://localhost:5173"]', ""),
      ),
    });
    const { doc } = await doctorJson(dir);
    const [f] = of(doc, "AUTHKIT_CORS_ORIGIN_MISSING");
    expect(f!.evidence.line).toBe(5);
    expect(f!.evidence.replacement).toBe('"corsOrigins": ["http://localhost:5173"]');
  });

  test("Next.js exchanges the code on the server, so its corsOrigins are not required", async () => {
    const dir = starter("starter-next", {
      ...edit("starter-next", "convex.json", (t) =>
        t.replace('"corsOrigins": ["http://localhost:3000"]', '"corsOrigins": []'),
      ),
    });
    const { doc } = await doctorJson(dir);
    expect(of(doc, "AUTHKIT_CORS_ORIGIN_MISSING")).toEqual([]);
  });

  test("Next.js on another port (`next dev -p 3001`): convex.json's 3000 lines are named", async () => {
    const dir = starter("starter-next", {
      ...edit("starter-next", "package.json", (t) => t.replace("next dev", "next dev -p 3001")),
      ...edit("starter-next", ".env.local", (t) => t.replace("3000", "3001")),
    });
    const { doc } = await doctorJson(dir);
    expect(of(doc, "AUTHKIT_PORT_MISMATCH").map((f) => f.evidence.line)).toEqual([6, 8, 7, 13]);
  });

  test("a hand-edited literal localEnvVars value is reported with both lines", async () => {
    const dir = starter("starter-vite", {
      ...edit("starter-vite", "convex.json", (t) =>
        t.replace(
          '"VITE_WORKOS_REDIRECT_URI": "http://localhost:5173/callback"',
          '"VITE_WORKOS_REDIRECT_URI": "http://localhost:5173/callback",\n        "VITE_APP_NAME": "notes"',
        ),
      ),
      ".env.local": `${readFileSync(join(fixture("starter-vite"), ".env.local"), "utf8")}VITE_APP_NAME=todo\n`,
    });
    const { doc } = await doctorJson(dir);
    const [f] = of(doc, "AUTHKIT_LOCAL_ENV_DIFFERS");
    expect(f!.evidence).toMatchObject({
      name: "VITE_APP_NAME",
      value: "todo",
      expected: "notes",
      envLine: 9,
      line: 13,
      replacement: "VITE_APP_NAME=notes",
    });
  });
});

describe("templates and shape", () => {
  test("a dev template whose build variable is unset stops `convex dev`: an error naming it", async () => {
    const dir = starter("starter-vite", {
      ...edit("starter-vite", "convex.json", (t) =>
        t.replace(
          '"appHomepageUrl": "http://localhost:5173"',
          '"appHomepageUrl": "http://${buildEnv.DEV_HOST}"',
        ),
      ),
    });
    const { code, doc } = await doctorJson(dir);
    expect(code).toBe(1);
    const [f] = of(doc, "AUTHKIT_TEMPLATE_INVALID");
    expect(f!.evidence).toMatchObject({ name: "DEV_HOST", line: 7, deployment: "dev" });
    // Set in .env.local (the CLI loads it), it resolves.
    const set = starter("starter-vite", {
      ...edit("starter-vite", "convex.json", (t) =>
        t.replace(
          '"appHomepageUrl": "http://localhost:5173"',
          '"appHomepageUrl": "http://${buildEnv.DEV_HOST}"',
        ),
      ),
      ".env.local": `${readFileSync(join(fixture("starter-vite"), ".env.local"), "utf8")}DEV_HOST=localhost:5173\n`,
    });
    expect(of((await doctorJson(set)).doc, "AUTHKIT_TEMPLATE_INVALID")).toEqual([]);
  });

  test("an expression the CLI does not know is an error in any deployment kind", async () => {
    const dir = starter("starter-vite", {
      ...edit("starter-vite", "convex.json", (t) =>
        t.replace("${buildEnv.VERCEL_BRANCH_URL}/callback", "${env.VERCEL_BRANCH_URL}/callback"),
      ),
    });
    const { doc } = await doctorJson(dir);
    const [f] = of(doc, "AUTHKIT_TEMPLATE_INVALID");
    expect(f!.evidence).toMatchObject({
      deployment: "preview",
      expression: "${env.VERCEL_BRANCH_URL}",
      line: 17,
    });
  });

  test("what the CLI's schema refuses is AUTHKIT_CONFIG_INVALID with its line", async () => {
    const dir = starter("starter-vite", {
      ...edit("starter-vite", "convex.json", (t) =>
        t.replace('"prod": {\n', '"prod": {\n      "localEnvVars": { "X": "1" },\n'),
      ),
    });
    const { code, doc } = await doctorJson(dir);
    expect(code).toBe(1);
    const [f] = of(doc, "AUTHKIT_CONFIG_INVALID");
    expect(f!.evidence.line).toBe(23);
    expect(String(f!.evidence.detail)).toContain("only supported for dev deployments");
  });

  test("the schema rules match the Convex CLI's", () => {
    expect(authKitProblems({ dev: { environmentType: "production" } })[0]?.detail).toContain(
      "only allowed in the prod section",
    );
    expect(authKitProblems({ prod: { environmentType: "production", configure: false } })).toEqual(
      [],
    );
    expect(
      authKitProblems({ dev: { configure: { redirectUris: "http://x" } } })[0]?.detail,
    ).toContain("must be a list of strings");
    expect(authKitProblems({ preview: { localEnvVars: false } })).toEqual([]);
    expect(authKitProblems([])[0]?.detail).toContain("must be an object");
  });

  test("a project without an authKit section gets no such section", async () => {
    const r = await runDoctor(["--deployment-env", "deployment.env", "--json"], {
      cwd: fixture("vite-good"),
    });
    expect((parseJson(r.stdout).checks as Array<{ id: string }>).map((c) => c.id)).not.toContain(
      "authkit-config",
    );
  });
});
