/**
 * Secret material must never reach the `reports` table, through the app's `reportDiagnosis` or by
 * calling the component directly, and ordinary report values must still be stored.
 */
import { componentsGeneric } from "convex/server";
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import type { ComponentApi } from "../../src/component/_generated/component.js";
import { decodeToken } from "../../src/core/index.js";
import { findSecretLike } from "../../src/core/secrets.js";
import {
  DEPLOYMENT_SECRETS,
  ORDINARY_CLAIMS,
  ORDINARY_VALUES,
  randomString,
  seededRandom,
  smugglingAttempts,
  type SmugglingAttempt,
} from "../support/smugglingCorpus.js";
import { CLIENT_ID, docsConfig, makeKey, workosToken } from "../support/tokens.js";
import { authConfig } from "./app/diagnostics.js";
import { app, testApp } from "./setup.js";

const components = componentsGeneric() as unknown as {
  authDiagnostics: ComponentApi<"authDiagnostics">;
};
const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);
const CHROME =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/147.0.0.0 Safari/537.36";

let token: string;
let claims: Record<string, unknown>;
let attempts: SmugglingAttempt[];

beforeAll(async () => {
  token = await workosToken(await makeKey("key_live_1"));
  const decoded = decodeToken(token);
  if (!decoded.ok) throw new Error("test token does not decode");
  claims = decoded.token.payload;
  attempts = smugglingAttempts(token, claims);
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(T0);
  authConfig.providers = docsConfig();
  for (const [name, value] of Object.entries(DEPLOYMENT_SECRETS)) vi.stubEnv(name, value);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

const allRows = (t: Pick<ReturnType<typeof testApp>, "query">) =>
  t.query(components.authDiagnostics.reports.list, { limit: 100 });

function input(attempt: SmugglingAttempt) {
  return {
    headline: "AUDIENCE_MISSING",
    codes: ["AUDIENCE_MISSING"],
    ok: false,
    claims,
    tokenHeader: { alg: "RS256", kid: "key_live_1", typ: "JWT" },
    clientId: CLIENT_ID,
    userAgent: CHROME,
    clientTime: T0,
    sessionId: "session-aaaa",
    ...attempt.input,
  };
}

/** The attempt as the component's `store` takes it (what the wrapper would have passed on). */
function stored(attempt: SmugglingAttempt) {
  const { sessionId: _session, ...report } = input(attempt);
  return { ...report, userAgent: attempt.userAgentHeader ?? report.userAgent };
}

const limits = {
  maxRows: 100,
  maxBytes: 16_384,
  perClientPerMinute: 60,
  globalPerMinute: 600,
  ttlMs: 600_000,
};

/** Every part of the token and of the deployment's secrets that must not come back or be stored. */
function leaks(text: string): string[] {
  const [header, payload, signature] = token.split(".") as [string, string, string];
  return [header, payload, signature, ...Object.values(DEPLOYMENT_SECRETS)].filter((part) =>
    text.includes(part),
  );
}

describe("the smuggling corpus", () => {
  test("has at least 20 attempts", () => {
    expect(attempts.length).toBeGreaterThanOrEqual(20);
  });

  test("every attempt through reportDiagnosis is refused, nothing is stored or echoed", async () => {
    const outcomes: string[] = [];
    for (const attempt of attempts) {
      const t = attempt.userAgentHeader
        ? testApp().withRequestMetadata({ ip: "203.0.113.7", userAgent: attempt.userAgentHeader })
        : testApp();
      const result = await t.mutation(app.diagnostics.reportingReportDiagnosis, input(attempt));
      const rows = await allRows(t);
      outcomes.push(
        `${attempt.name}: ${result.ok ? "STORED" : result.reason}${rows.length ? " (rows stored)" : ""}${leaks(JSON.stringify(result)).length ? " (echoed)" : ""}`,
      );
    }
    expect(outcomes).toEqual(attempts.map((a) => `${a.name}: secret_detected`));
  });

  test("every attempt that has a shape is refused by the component itself, called directly", async () => {
    const outcomes: string[] = [];
    for (const attempt of attempts.filter((a) => !a.needsKnownSecrets)) {
      const t = testApp();
      const result = await t.mutation(components.authDiagnostics.reports.store, {
        report: stored(attempt),
        clientKey: "session:0123456789abcdef0123456789abcdef",
        version: "test",
        limits,
      });
      const rows = await allRows(t);
      outcomes.push(
        `${attempt.name}: ${result.ok ? "STORED" : result.reason}${rows.length ? " (rows stored)" : ""}${leaks(JSON.stringify(result)).length ? " (echoed)" : ""}`,
      );
    }
    expect(outcomes).toEqual(
      attempts.filter((a) => !a.needsKnownSecrets).map((a) => `${a.name}: secret_detected`),
    );
  });
});

describe("ordinary report values are stored", () => {
  test("a WorkOS token's claims, custom claims, header, client ID and user agent", async () => {
    const t = testApp();
    const result = await t.mutation(components.authDiagnostics.reports.store, {
      report: {
        headline: "AUDIENCE_MISSING",
        codes: ["AUDIENCE_MISSING", "PROVIDER_NOT_MATCHED"],
        ok: false,
        claims: { ...ORDINARY_CLAIMS, values: ORDINARY_VALUES },
        tokenHeader: {
          alg: "RS256",
          kid: "sso_oidc_key_pair_01JTESTKEY000000000000000",
          typ: "JWT",
        },
        clientId: CLIENT_ID,
        userAgent: CHROME,
        clientTime: T0,
      },
      clientKey:
        "user:https://api.workos.com/user_management/client_01JTESTCLIENT000000000000|user_01JTESTUSER0000000000000",
      version: "test",
      limits,
    });
    expect(result.ok).toBe(true);
    const [row] = await allRows(t);
    expect(row!.claims).toEqual({ ...ORDINARY_CLAIMS, values: ORDINARY_VALUES });
  });

  test.each(ORDINARY_VALUES)("as the user agent: %s", async (value) => {
    const t = testApp().withRequestMetadata({ ip: "203.0.113.7", userAgent: value });
    const result = await t.mutation(app.diagnostics.reportingReportDiagnosis, {
      ...input({ name: "ordinary", input: {} }),
      claims: { sub: "user_01JTESTUSER0000000000000" },
    });
    expect(result).toMatchObject({ ok: true });
  });
});

describe("the session id", () => {
  test("is stored only as a hash, so a random-looking id is neither refused nor kept", async () => {
    const sessionId = randomString(seededRandom(5), 43);
    const t = testApp();
    const result = await t.mutation(app.diagnostics.reportingReportDiagnosis, {
      ...input({ name: "random session id", input: {} }),
      sessionId,
    });
    expect(result.ok).toBe(true);
    const rows = await allRows(t);
    expect(JSON.stringify(rows)).not.toContain(sessionId);
    expect(rows[0]!.clientKey).toMatch(/^session:[0-9a-f]{32}$/);
    expect(findSecretLike(rows)).toBeNull();
    const mine = await t.query(app.diagnostics.reportingRecentReports, { sessionId });
    expect(mine.map((r) => r._id)).toEqual([rows[0]!._id]);
  });
});
