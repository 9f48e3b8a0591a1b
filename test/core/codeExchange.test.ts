/**
 * A sign-in code that stayed unexchanged: when the browser's own check found that the page
 * cannot call the exchange endpoint at all, the verdict says so (CORS, or no network) instead of
 * blaming a missing PKCE verifier or a refused code.
 */
import { describe, expect, it } from "vitest";
import { diagnose } from "../../src/core/index.js";
import type { CodeExchangeCheck, DiagnoseInput } from "../../src/core/types.js";

const NOW = 1_800_000_000_000;
const ENDPOINT = "https://api.workos.com/user_management/authenticate";
const landing = (over: Partial<DiagnoseInput> = {}): DiagnoseInput => ({
  authKit: { isLoading: false, userId: null },
  pageUrl: "http://localhost:5173/?code=01JCODE",
  convex: { isLoading: false, isAuthenticated: false },
  clientTime: NOW,
  ...over,
});
const check = (outcome: CodeExchangeCheck["outcome"]): CodeExchangeCheck => ({
  origin: "http://localhost:5173",
  endpoint: ENDPOINT,
  outcome,
});

describe("an unexchanged sign-in code", () => {
  it("is a blocked exchange, naming the origin to allow, when CORS refused this origin", async () => {
    const d = await diagnose(landing({ codeExchange: check("blocked") }));
    expect(d.headline.code).toBe("CODE_EXCHANGE_BLOCKED");
    expect(d.headline.message).toContain("`http://localhost:5173`");
    expect(d.headline.message).toContain("(CORS)");
    expect(d.headline.fix).toContain("Add `http://localhost:5173` to the allowed origins");
    expect(d.findings.map((f) => f.code)).not.toContain("CODE_EXCHANGE_FAILED");
    expect(d.ok).toBe(false);
  });

  it("is an unreachable API, naming its origin, when not even a no-cors request got through", async () => {
    const d = await diagnose(landing({ codeExchange: check("unreachable") }));
    expect(d.headline.code).toBe("CODE_EXCHANGE_BLOCKED");
    expect(d.headline.message).toContain("cannot reach `https://api.workos.com`");
    expect(d.headline.message).not.toContain("CORS");
    expect(d.headline.fix).toContain("`apiHostname`");
  });

  it("stays a failed exchange when WorkOS answered the check, or before the check is made", async () => {
    for (const codeExchange of [check("answered"), null]) {
      const d = await diagnose(landing({ codeExchange }));
      expect(d.headline.code).toBe("CODE_EXCHANGE_FAILED");
    }
  });

  it("stays a lost PKCE verifier across origins, whatever the endpoint says", async () => {
    const d = await diagnose(
      landing({
        authKit: { isLoading: false, userId: null, redirectUri: "http://127.0.0.1:5173/" },
        codeExchange: check("blocked"),
      }),
    );
    expect(d.findings.map((f) => f.code)).toContain("CODE_EXCHANGE_FAILED");
    expect(d.findings.map((f) => f.code)).not.toContain("CODE_EXCHANGE_BLOCKED");
  });

  it("is not looked at once someone is signed in", async () => {
    const d = await diagnose(
      landing({ authKit: { isLoading: false, userId: "user_1" }, codeExchange: check("blocked") }),
    );
    expect(d.findings.map((f) => f.code)).not.toContain("CODE_EXCHANGE_BLOCKED");
  });
});
