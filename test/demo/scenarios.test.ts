import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  FINDINGS,
  normalizeProviders,
  TOKEN_CHECK_CODES,
  type ServerReport,
  type TokenCheckCode,
} from "../../src/core/index.js";
import { exampleBackend as backend } from "../../demo/exampleBackend.js";
import { startConvexStandin, type ConvexStandin } from "../../demo/convexStandin.js";
import { createScenarioControl, SCENARIOS, type ScenarioControl } from "../../demo/scenarios.js";
import { startWorkosIssuer, type LocalWorkosIssuer } from "../../demo/workosIssuer.js";

let issuer: LocalWorkosIssuer;
let convex: ConvexStandin;
let control: ScenarioControl;

beforeAll(async () => {
  issuer = await startWorkosIssuer();
  convex = await startConvexStandin({
    backend,
    env: {},
    workos: issuer,
    control: (m, p, b) => control.handle(m, p, b),
  });
  control = await createScenarioControl({ issuer, convex });
});
afterAll(async () => {
  await convex?.close();
  await issuer?.close();
});

const isTokenCode = (c: string): c is TokenCheckCode =>
  (TOKEN_CHECK_CODES as readonly string[]).includes(c);

describe("scenario list", () => {
  it("covers every failure mode of the issue with a catalogue code", () => {
    const ids = SCENARIOS.map((s) => s.id);
    for (const id of [
      "all-good",
      "wrong-client-id-on-deployment",
      "missing-client-id-on-deployment",
      "provider-not-pushed",
      "token-without-aud-older-docs",
      "callback-error",
      "redirect-uri-mismatch",
      "code-exchange-127-vs-localhost",
      "expired-token",
      "client-clock-skew",
      "unknown-kid",
      "authkit-user-stale",
      "convex-provider-not-wired",
      "refresh-transient-failure",
      "adapter-token-late",
      "key-rotation",
      "missing-client-id-on-client",
      "cors-origin-not-allowed",
    ]) {
      expect(ids).toContain(id);
    }
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of SCENARIOS) {
      for (const code of [
        s.expectedHeadline,
        s.signedOutHeadline,
        ...(s.signedInHeadline ? [s.signedInHeadline] : []),
        ...(s.alsoExpected ?? []),
      ])
        expect(FINDINGS[code], `${s.id}: ${code}`).toBeDefined();
    }
  });

  it("names a headline for signed out and signed in; one seen before sign-in is its signed-out one", () => {
    for (const s of SCENARIOS) {
      if (s.beforeSignIn) expect(s.signedOutHeadline, s.id).toBe(s.expectedHeadline);
      else
        expect(s.signedInHeadline, `${s.id}: signed in, it headlines its own code`).toBeUndefined();
      // Before anyone signs in no token exists, so no token verdict can be shown.
      expect(TOKEN_CHECK_CODES as readonly string[], s.id).not.toContain(s.signedOutHeadline);
    }
  });

  // The server side of each scenario must produce the token verdict the scenario promises:
  // token codes among its expectations, acceptance otherwise.
  it.each(SCENARIOS.map((s) => [s.id, s] as const))(
    "%s: the stand-in judges a fresh token as the scenario promises",
    async (_id, scenario) => {
      await control.select(scenario.id);
      const token = await issuer.mintAccessToken();
      const res = await fetch(`${convex.url}/api/query`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({
          path: "myFunctions:whoami",
          args: [{}],
          format: "convex_encoded_json",
        }),
      });
      const expectedToken = [scenario.expectedHeadline, ...(scenario.alsoExpected ?? [])].find(
        isTokenCode,
      );
      const decision = convex.decisions.at(-1)!;
      if (expectedToken) {
        expect(res.status).toBe(401);
        expect(decision.code).toBe(expectedToken);
      } else {
        expect(res.status).toBe(200);
        expect(decision.code).toBe("TOKEN_ACCEPTED");
      }
    },
  );

  // What the overlay shows as "the deployment" must be what the stand-in judges tokens by:
  // `diagnoseAuth` (the example's real function) sees the scenario's env and pushed providers.
  it.each(SCENARIOS.map((s) => [s.id, s] as const))(
    "%s: diagnoseAuth reports the deployment env and the providers tokens are judged by",
    async (_id, scenario) => {
      await control.select(scenario.id);
      const res = await fetch(`${convex.url}/api/query`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          path: "authDiagnostics:diagnoseAuth",
          args: [{}],
          format: "convex_encoded_json",
        }),
      });
      expect(res.status).toBe(200);
      const report = ((await res.json()) as { value: ServerReport }).value;
      expect(report.providers.map((p) => p.label)).toEqual(
        normalizeProviders(convex.providers).convexOrder.map((p) => p.label),
      );
      const clientIdVar = report.env.find((e) => e.name === "WORKOS_CLIENT_ID");
      const deployed = convex.settings.env.WORKOS_CLIENT_ID;
      expect(clientIdVar).toMatchObject(
        deployed === undefined ? { set: false } : { set: true, value: deployed },
      );
    },
  );
});

describe("scenario control routes", () => {
  it("switches scenarios over HTTP and reports the client settings", async () => {
    const post = await fetch(`${convex.url}/_demo/scenario`, {
      method: "POST",
      body: JSON.stringify({ id: "convex-provider-not-wired" }),
    });
    expect(post.status).toBe(200);
    const state = (await (await fetch(`${convex.url}/_demo/scenario`)).json()) as {
      id: string;
      client: { convexAuth: string };
      scenarios: unknown[];
    };
    expect(state.id).toBe("convex-provider-not-wired");
    expect(state.client.convexAuth).toBe("none");
    expect(state.scenarios).toHaveLength(SCENARIOS.length);
  });

  it("gives every switch a new generation and names the origin the app is served on", async () => {
    control.appOrigin = "http://127.0.0.1:5173/some/path";
    const get = async () =>
      (await (await fetch(`${convex.url}/_demo/scenario`)).json()) as {
        generation: string;
        appOrigin: string | null;
        scenarios: { id: string; signedOutHeadline: string; beforeSignIn: boolean }[];
      };
    const before = await get();
    expect(before.appOrigin).toBe("http://127.0.0.1:5173");
    // Switching to the scenario already on is a restart: a new generation too.
    await control.select(control.current.id);
    const after = await get();
    expect(after.generation).not.toBe(before.generation);
    expect(after.scenarios.find((x) => x.id === "redirect-uri-mismatch")).toMatchObject({
      signedOutHeadline: "REDIRECT_URI_MISMATCH",
      beforeSignIn: true,
    });
    control.appOrigin = null;
  });

  it("rejects an unknown scenario id with the list of known ones", async () => {
    const res = await fetch(`${convex.url}/_demo/scenario`, {
      method: "POST",
      body: JSON.stringify({ id: "nope" }),
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toMatch(/Known: all-good/);
  });

  it("refuses scenario switches from pages that are not served from this machine", async () => {
    const res = await fetch(`${convex.url}/_demo/scenario`, {
      method: "POST",
      headers: { origin: "https://evil.example.com" },
      body: JSON.stringify({ id: "unknown-kid" }),
    });
    expect(res.status).toBe(403);
    const ok = await fetch(`${convex.url}/_demo/scenario`, {
      headers: { origin: "http://localhost:5173" },
    });
    expect(ok.status).toBe(200);
  });
});
