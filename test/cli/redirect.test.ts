import { afterEach, describe, expect, test } from "vitest";
import { redirectProblem } from "../../src/cli/checks.js";
import { readProject, routeMatches } from "../../src/cli/project.js";
import { tmpProject } from "./helpers.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});
function projectInfo(files: Record<string, string>) {
  const p = tmpProject(files);
  cleanups.push(p.cleanup);
  return readProject(p.dir, "/");
}

const vite = { "package.json": JSON.stringify({ devDependencies: { vite: "^8" } }) };
const next = {
  "package.json": JSON.stringify({ dependencies: { next: "^15" } }),
  "app/callback/route.ts": "export const GET = 1;",
};

describe("redirect URI shape", () => {
  test.each([
    ["/callback", /not an absolute URL/],
    ["localhost:5173/callback", /scheme is `localhost:`/],
    ["ftp://localhost:5173/callback", /scheme is `ftp:`/],
    ["http://myapp.example.com/callback", /plain http is only allowed/],
    ["http://localhost:5173/callback#done", /#fragment/],
    ["http://localhost:3000/callback", /listens on port 5173 \(Vite's default\)/],
  ])("Vite: %s is refused", (uri, why) => {
    expect(redirectProblem(projectInfo(vite), uri)?.message).toMatch(why);
  });

  test.each([
    "http://localhost:5173/callback",
    "http://127.0.0.1:5173/",
    "https://app.example.com/callback",
  ])("Vite: %s is fine", (uri) => {
    expect(redirectProblem(projectInfo(vite), uri)).toBeNull();
  });

  test("the Vite port comes from vite.config or the dev script", () => {
    const fromConfig = projectInfo({
      ...vite,
      "vite.config.ts": "export default { server: { port: 4000 } };",
    });
    expect(fromConfig.devPort).toEqual({ port: 4000, source: "`vite.config.ts`" });
    expect(redirectProblem(fromConfig, "http://localhost:4000/callback")).toBeNull();
    const fromScript = projectInfo({
      "package.json": JSON.stringify({
        scripts: { dev: "vite --port 4321" },
        devDependencies: { vite: "^8" },
      }),
    });
    expect(redirectProblem(fromScript, "http://localhost:5173/callback")?.message).toMatch(
      /port 4321 \(package.json `dev` script\)/,
    );
  });

  test("Next.js: the path needs a route handler; `/` is a page", () => {
    const p = projectInfo(next);
    expect(p.nextRoutes).toEqual(["/callback"]);
    expect(redirectProblem(p, "http://localhost:3000/callback")).toBeNull();
    expect(redirectProblem(p, "http://localhost:3000/")?.message).toMatch(
      /route handler that calls `handleAuth\(\)`/,
    );
    expect(redirectProblem(p, "http://localhost:3000/api/auth/callback")?.message).toMatch(
      /no route handler serves `\/api\/auth\/callback`/,
    );
    expect(redirectProblem(p, "http://localhost:5173/callback")?.message).toMatch(
      /port 3000 \(Next.js's default\)/,
    );
  });

  test("Next.js: route groups, src/app and dynamic segments are understood", () => {
    const p = projectInfo({
      "package.json": next["package.json"],
      "src/app/(auth)/auth/[provider]/route.ts": "export const GET = 1;",
      "src/app/_private/callback/route.ts": "export const GET = 1;",
    });
    expect(p.nextRoutes).toEqual(["/auth/[provider]"]);
    expect(redirectProblem(p, "https://app.example.com/auth/workos")).toBeNull();
    expect(redirectProblem(p, "https://app.example.com/callback")?.message).toMatch(
      /no route handler/,
    );
  });
});

test("routeMatches handles static, dynamic and catch-all segments", () => {
  expect(routeMatches("/callback", "/callback")).toBe(true);
  expect(routeMatches("/callback", "/callback/x")).toBe(false);
  expect(routeMatches("/a/[id]", "/a/1")).toBe(true);
  expect(routeMatches("/a/[...rest]", "/a/1/2")).toBe(true);
  expect(routeMatches("/a/[...rest]", "/a")).toBe(false);
  expect(routeMatches("/a/[[...rest]]", "/a")).toBe(true);
});
