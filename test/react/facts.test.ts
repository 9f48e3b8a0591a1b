import { describe, expect, it } from "vitest";
import type { DiagnoseInput, ServerReport, TokenCheck } from "../../src/core/types.js";
import {
  accessTokenFact,
  buildFacts,
  probeFact,
  type FactsSources,
} from "../../src/react/facts.js";
import type { ProbeResult } from "../../src/react/types.js";

const TOKEN = "header.payload.signature";
const report = {
  providers: [],
  env: [],
  configFindings: [],
  clientFindings: [],
  serverTime: 1,
} as unknown as ServerReport;
const input: DiagnoseInput = {
  authKit: { isLoading: true, userId: "user_1" },
  token: TOKEN,
  pageUrl: "https://app.example/?code=1",
  convex: { isLoading: false, isAuthenticated: false, tokenSent: true, connected: true },
  serverErrors: ["No auth provider found"],
};

const sources = (over: Partial<FactsSources> = {}): FactsSources => ({
  authKit: { status: "ready", user: { id: "user_1" }, organizationId: null },
  input,
  accessToken: { state: "ok", key: "k", token: TOKEN, exp: 123 },
  convexPresent: true,
  server: { state: "pending" },
  probe: null,
  rejected: true,
  clientTime: 1000,
  ...over,
});

describe("accessTokenFact", () => {
  it("keeps the error of a failed read", () => {
    expect(
      accessTokenFact({ state: "error", key: "k", errorName: "RefreshError", errorMessage: "m" }),
    ).toEqual({ state: "error", errorName: "RefreshError", errorMessage: "m" });
  });

  it("drops the token and its expiry from a successful read", () => {
    expect(accessTokenFact({ state: "ok", key: "k", token: TOKEN, exp: 5 })).toEqual({
      state: "ok",
    });
  });
});

describe("probeFact", () => {
  it("is pending while Convex said no and a token waits for its probe", () => {
    expect(probeFact(null, true, true)).toEqual({ state: "pending" });
    expect(probeFact(null, true, false)).toEqual({ state: "none" });
    expect(probeFact(null, false, true)).toEqual({ state: "none" });
  });

  it("shows how the probe answered, without its check or token", () => {
    const done: ProbeResult = {
      via: "action",
      check: { verdict: "accepted" } as TokenCheck,
      verdict: "accepted",
      message: null,
      token: TOKEN,
    };
    expect(probeFact(done, true, true)).toEqual({
      state: "done",
      via: "action",
      verdict: "accepted",
      message: null,
    });
  });

  it("turns a missing message (an older server's check) into null", () => {
    const older = {
      via: "action",
      check: {} as TokenCheck,
      verdict: "rejected",
      token: TOKEN,
    } as unknown as ProbeResult;
    expect(probeFact(older, true, true).message).toBeNull();
  });
});

describe("buildFacts", () => {
  it("takes the judged values from the diagnose() input", () => {
    const facts = buildFacts(sources());
    expect(facts.authKit).toEqual({
      status: "ready",
      reason: null,
      isLoading: true,
      userId: "user_1",
      organizationId: null,
    });
    expect(facts.convex).toEqual({ ...input.convex, present: true });
    expect(facts.serverErrors).toEqual(["No auth provider found"]);
    expect(facts.pageUrl).toBe("https://app.example/?code=1");
    expect(facts.probe).toEqual({ state: "pending" });
    expect(facts.clientTime).toBe(1000);
  });

  it("never holds the raw token", () => {
    const facts = buildFacts(sources());
    expect(JSON.stringify(facts)).not.toContain(TOKEN);
  });

  it("reports Convex as unauthenticated and absent when the input has no Convex state", () => {
    const facts = buildFacts(sources({ input: { ...input, convex: null }, convexPresent: false }));
    expect(facts.convex).toEqual({ isLoading: false, isAuthenticated: false, present: false });
  });

  it("shows an unavailable AuthKit with its reason", () => {
    const facts = buildFacts(
      sources({
        authKit: { status: "unavailable", reason: "no provider", user: null },
        input: { ...input, authKit: null },
      }),
    );
    expect(facts.authKit).toMatchObject({ status: "unavailable", reason: "no provider" });
    expect(facts.authKit.isLoading).toBe(false);
  });

  it("keeps the server report with the time it arrived", () => {
    const facts = buildFacts(sources({ server: { state: "ok", report, receivedAt: 77 } }));
    expect(facts.server).toEqual({ state: "ok", report, receivedAt: 77 });
  });

  it("passes a server error on as is", () => {
    const facts = buildFacts(sources({ server: { state: "error", error: "missing" } }));
    expect(facts.server).toEqual({ state: "error", error: "missing" });
  });
});
