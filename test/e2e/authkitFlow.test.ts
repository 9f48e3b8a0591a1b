/**
 * The servers against the real SDKs in a real browser, independent of the example app: the
 * unmodified `@workos-inc/authkit-js` signs in through the local issuer (PKCE, CORS preflight,
 * code exchange, devMode refresh token) and the unmodified `ConvexReactClient` authenticates
 * against the stand-in over a browser WebSocket.
 */
import { fileURLToPath } from "node:url";
import type { ViteDevServer } from "vite";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { checkToken } from "../../src/core/index.js";
import { startConvexStandin, type ConvexStandin } from "../../demo/convexStandin.js";
import { startWorkosIssuer, type LocalWorkosIssuer } from "../../demo/workosIssuer.js";
import { fixtureBackend as backend } from "../support/fixtureBackend.js";
import { launchBrowser, type LaunchedBrowser } from "./browser.js";

let issuer: LocalWorkosIssuer;
let convex: ConvexStandin;
let vite: ViteDevServer;
let launched: LaunchedBrowser;
let appUrl: string;

beforeAll(async () => {
  issuer = await startWorkosIssuer();
  convex = await startConvexStandin({
    backend,
    env: { WORKOS_CLIENT_ID: issuer.clientId },
    workos: issuer,
  });
  const { createServer } = await import("vite");
  vite = await createServer({
    root: fileURLToPath(new URL("./fixtures/authkit-page", import.meta.url)),
    configFile: false,
    clearScreen: false,
    logLevel: "error",
    server: { host: "127.0.0.1", port: 0 },
    build: { target: "es2022" },
    define: {
      "import.meta.env.VITE_WORKOS_CLIENT_ID": JSON.stringify(issuer.clientId),
      "import.meta.env.VITE_WORKOS_API_HOSTNAME": JSON.stringify(issuer.hostname),
      "import.meta.env.VITE_WORKOS_API_PORT": JSON.stringify(String(issuer.port)),
      "import.meta.env.VITE_CONVEX_URL": JSON.stringify(convex.url),
    },
  });
  await vite.listen();
  appUrl = vite.resolvedUrls!.local[0]!;
  launched = await launchBrowser();
}, 120_000);

afterEach(async () => {
  issuer.resetScenario();
  await convex.configure({ env: { WORKOS_CLIENT_ID: issuer.clientId } });
});

afterAll(async () => {
  await launched?.browser.close();
  await vite?.close();
  await convex?.close();
  await issuer?.close();
});

/** Opens the page in a fresh context, signs in and waits for Convex's verdict. */
async function signInAndWait() {
  const context = await launched.browser.newContext();
  const page = await context.newPage();
  const t0 = performance.now();
  await page.goto(appUrl);
  await page.locator("#out[data-ready=true]").waitFor({ timeout: 30_000 });
  const tReady = performance.now();
  await page.click("#sign-in");
  await page.locator("#out[data-convex-auth]").waitFor({ timeout: 15_000 });
  const data = await page.locator("#out").evaluate((el) => ({ ...(el as HTMLElement).dataset }));
  const url = page.url();
  const refreshTokenStored = await page.evaluate(() =>
    Object.keys(localStorage).some((k) => k.startsWith("workos:refresh-token")),
  );
  console.info(
    `[e2e] first page ready ${Math.round(tReady - t0)} ms; sign-in → Convex verdict ${Math.round(performance.now() - tReady)} ms`,
  );
  await context.close();
  return { data, url, refreshTokenStored };
}

describe("real AuthKit SDK and Convex client in Chromium", () => {
  it("signs in through the local issuer and Convex accepts the token with the user's identity", async () => {
    const { data, url, refreshTokenStored } = await signInAndWait();
    expect(data.user).toBe(issuer.scenario.user.email);
    expect(data.convexAuth).toBe("true");
    expect(new URL(url).searchParams.has("code")).toBe(false);
    expect(refreshTokenStored).toBe(true);
    expect(
      issuer.requests.some(
        (r) => r.method === "OPTIONS" && r.path === "/user_management/authenticate",
      ),
    ).toBe(true);
    expect(
      issuer.requests.some((r) => r.grantType === "authorization_code" && r.status === 200),
    ).toBe(true);
    expect(
      convex.decisions.some(
        (d) =>
          d.transport === "websocket" &&
          d.verdict === "accepted" &&
          d.subject === issuer.scenario.user.id,
      ),
    ).toBe(true);
  });

  it("is refused with the exact text checkToken predicts when the deployment has another client ID", async () => {
    await convex.configure({ env: { WORKOS_CLIENT_ID: "client_01JSOMEOTHERCLIENT000000000" } });
    const { data } = await signInAndWait();
    expect(data.user).toBe(issuer.scenario.user.email);
    expect(data.convexAuth).toBe("false");
    const predicted = await checkToken(await issuer.mintAccessToken(), convex.providers, {
      fetch: (u) => issuer.handleWorkosUrl(u),
    });
    expect(predicted.code).toBe("ISSUER_MISMATCH");
    expect(data.log).toContain(`attempting to reauthenticate: ${predicted.convexMessage}`);
  });
});
