import { readFileSync } from "node:fs";
import { afterEach, describe, expect, test } from "vitest";
import { matcherCovers, parseMatcher } from "../../src/cli/nextProxy.js";
import { codes, fixture, parseJson, REPO, runDoctor, tmpProject } from "./helpers.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});
function project(files: Record<string, string>) {
  const p = tmpProject(files);
  cleanups.push(p.cleanup);
  return p.dir;
}
const withEnv = (name: string) => [
  fixture(name),
  "--deployment-env",
  fixture(`${name}/deployment.env`),
];
const starterProxy = readFileSync(fixture("next-good/proxy.ts"), "utf8");
const nextApp = (files: Record<string, string>) =>
  project({
    "package.json": JSON.stringify({
      dependencies: { next: "^16.0.0", "@workos-inc/authkit-nextjs": "^4.0.0" },
    }),
    "app/page.tsx": "export default function Page() { return null; }",
    ...files,
  });

describe("reading a proxy's matcher", () => {
  test("reads the starter's matcher, escapes and all", () => {
    const { matcher } = parseMatcher(starterProxy);
    expect(matcher).toHaveLength(2);
    expect(matcher![0]).toContain("(?!_next|[^?]*\\.(?:html?|");
    expect(matcher![1]).toBe("/(api|trpc)(.*)");
  });

  test("reads a single string, single quotes, objects with `source`, and skips comments", () => {
    expect(parseMatcher("export const config = { matcher: '/dashboard/:path*' }").matcher).toEqual([
      "/dashboard/:path*",
    ]);
    expect(
      parseMatcher(`export const config = {
        matcher: [
          // "/commented-out",
          { source: "/a", has: [{ type: "header", key: "x-skip" }] },
          '/b/:id', /* "/c" */
        ],
      };`).matcher,
    ).toEqual(["/a", "/b/:id"]);
  });

  test("has no matcher when there is none (the proxy runs everywhere), and says when it cannot read one", () => {
    expect(parseMatcher("export default authkitMiddleware();")).toEqual({
      matcher: null,
      unreadable: false,
    });
    expect(parseMatcher("export const config = { matcher: paths };").unreadable).toBe(true);
    expect(parseMatcher("export const config = { matcher: [`/${base}`] };").unreadable).toBe(true);
  });

  test("matches paths the way Next.js compiles a matcher", () => {
    const starter = parseMatcher(starterProxy).matcher;
    for (const path of ["/", "/server", "/dashboard/settings", "/api/x", "/data.json"])
      expect(matcherCovers(starter, path), path).toBe(true);
    for (const path of ["/_next/static/chunk.js", "/favicon.ico", "/logo.svg"])
      expect(matcherCovers(starter, path), path).toBe(false);
    const example = parseMatcher(readFileSync(`${REPO}/example-nextjs/proxy.ts`, "utf8")).matcher;
    expect(matcherCovers(example, "/uncovered")).toBe(false);
    expect(matcherCovers(example, "/server")).toBe(true);
    expect(matcherCovers(["/dashboard/:path*"], "/dashboard")).toBe(true);
    expect(matcherCovers(["/dashboard/:path*"], "/dashboard/a/b")).toBe(true);
    expect(matcherCovers(["/dashboard/:path*"], "/settings")).toBe(false);
    expect(matcherCovers(null, "/anything")).toBe(true);
    expect(matcherCovers(["/(unclosed"], "/")).toBe(false);
  });
});

describe("the doctor's proxy check (Next.js with authkit-nextjs)", () => {
  test("names each page the matcher leaves out, with the file serving it", async () => {
    const r = await runDoctor([...withEnv("next-proxy"), "--json"]);
    expect(r.code).toBe(1);
    const found = parseJson(r.stdout).findings.filter((f) => f.code === "PROXY_NOT_COVERING");
    expect(found.map((f) => [f.evidence.path, f.evidence.page])).toEqual([
      ["/dashboard", "app/dashboard/page.tsx"],
      ["/dashboard/settings", "app/dashboard/settings/page.tsx"],
    ]);
    expect(found[0]!.message).toContain("`proxy.ts`");
    expect(found[0]!.fix).toContain("Add `/dashboard` to the `matcher` in `proxy.ts`");
    // Route groups add no segment, dynamic segments match `:id`.
    expect(codes(r.stdout).filter((c) => c === "PROXY_NOT_COVERING")).toHaveLength(2);
  });

  test("is quiet for the starter's matcher and for a middleware.ts without one", async () => {
    for (const name of ["next-good", "next-broken"]) {
      const r = await runDoctor([...withEnv(name), "--json"]);
      expect(codes(r.stdout), name).not.toContain("PROXY_NOT_COVERING");
    }
    const text = await runDoctor([...withEnv("next-good")]);
    expect(text.stdout).toContain("`proxy.ts` runs AuthKit's proxy");
    expect(text.stdout).toContain("its matcher covers 2 of 2 pages");
  });

  test("names a missing proxy, and a proxy that does not run AuthKit", async () => {
    const variants: Record<string, string>[] = [
      {},
      { "src/middleware.ts": "export default function m() {}" },
    ];
    for (const files of variants) {
      const r = await runDoctor([nextApp(files), "--offline", "--json"]);
      const found = parseJson(r.stdout).findings.find((f) => f.code === "PROXY_NOT_COVERING");
      expect(found?.message).toContain("No `proxy.ts` or `middleware.ts`");
    }
  });

  test("finds the proxy in src/, and says so when its matcher is not a literal", async () => {
    const r = await runDoctor([
      nextApp({
        "src/proxy.ts":
          "import { authkitProxy } from '@workos-inc/authkit-nextjs';\nexport default authkitProxy();\nexport const config = { matcher: PATHS };",
      }),
      "--offline",
    ]);
    expect(r.stdout).toContain("`src/proxy.ts` runs AuthKit's proxy");
    expect(r.stdout).toContain("not a literal");
  });

  test("is skipped for a Next.js app without authkit-nextjs", async () => {
    const dir = project({
      "package.json": JSON.stringify({ dependencies: { next: "^16.0.0" } }),
      "app/page.tsx": "export default function Page() { return null; }",
    });
    const r = await runDoctor([dir, "--offline", "--json"]);
    expect(codes(r.stdout)).not.toContain("PROXY_NOT_COVERING");
  });
});
