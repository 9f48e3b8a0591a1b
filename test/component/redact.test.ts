import { describe, expect, test } from "vitest";
import { getConvexSize, getDocumentSize } from "convex/values";
import {
  convexBytes,
  documentBytes,
  jsonBytes,
  safeKey,
  toConvexSafe,
} from "../../src/convexValues.js";
import { findSecretLike, secretKindOf } from "../../src/core/secrets.js";
import { isWorkOSClientId } from "../../src/core/workos.js";
import { makeKey, workosToken } from "../support/tokens.js";

describe("secret detection", () => {
  test("finds real tokens, unsigned ones, cut-off ones and API keys", async () => {
    const token = await workosToken(await makeKey("k1"));
    const [h, p] = token.split(".");
    expect(secretKindOf(token)).toBe("jwt");
    expect(secretKindOf(`Authorization: Bearer ${token}`)).toBe("jwt");
    expect(secretKindOf(`${h}.${p}.`)).toBe("jwt");
    expect(secretKindOf(`${h}.${p}`)).toBe("jwt");
    expect(secretKindOf("sk_test_a1B2c3D4e5F6g7")).toBe("api-key");
    expect(secretKindOf("key sk_live_a1B2c3D4e5F6g7 here")).toBe("api-key");
  });

  test("leaves ordinary report values alone", () => {
    for (const text of [
      "https://api.workos.com/user_management/client_01JTESTCLIENT000000000000",
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/147.0.0.0 Safari/537.36",
      "first.last@example.com",
      "client_01JTESTCLIENT000000000000",
      "heyJude.ab.cd",
      "session_01JTESTSESSION000000000",
      "1.2.3",
    ]) {
      expect(secretKindOf(text), text).toBeNull();
    }
  });

  test("reports where it found one, without the value", async () => {
    const token = await workosToken(await makeKey("k1"));
    const hit = findSecretLike({ a: [1, { b: token }] });
    expect(hit).toEqual({ kind: "jwt", path: "$.a[1].b" });
    expect(JSON.stringify(hit)).not.toContain(token.slice(0, 20));
    expect(findSecretLike({ [token]: 1 })).toEqual({ kind: "jwt", path: "$ (a key)" });
    expect(findSecretLike({ a: "fine", b: [1, 2, null] })).toBeNull();
  });

  test("takes linear time on a megabyte of token-like characters", () => {
    const inputs = ["A".repeat(1 << 20), "a.".repeat(1 << 19), `${"x".repeat(20)}.`.repeat(50_000)];
    for (const text of inputs) {
      const t0 = performance.now();
      secretKindOf(text);
      expect(performance.now() - t0).toBeLessThan(500);
    }
  });
});

describe("Convex-safe values", () => {
  test("keys that Convex refuses are escaped, distinct keys stay distinct", () => {
    expect(safeKey("org_id")).toBe("org_id");
    expect(safeKey("a.b")).toBe("a.b");
    expect(safeKey("$admin")).toBe("%24admin");
    expect(safeKey("_private")).toBe("%5Fprivate");
    expect(safeKey("naïve")).toBe("na%C3%AFve");
    expect(safeKey("")).toBe("%20");
    expect(safeKey("%24admin")).not.toBe(safeKey("$admin"));
  });

  test("nesting is cut, odd values become plain ones", () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 20; i++) deep = { d: deep };
    const safe = JSON.stringify(toConvexSafe(deep));
    expect(safe).toContain("[nested too deep]");
    expect(
      toConvexSafe({ n: 10n, f: () => 1, u: undefined, inf: Infinity, b: new Uint8Array(2) }),
    ).toEqual({ n: "10", inf: null, b: "[bytes]" });
  });

  test("convexBytes and documentBytes count as Convex does", () => {
    const values = [
      null,
      true,
      0,
      "é😀",
      { a: [1, 2, 3], b: { c: "x" }, d: undefined },
      Array(100).fill(0),
      { claims: { roles: ["admin"], exp: 1_780_000_000 }, userAgent: null },
    ];
    for (const value of values) expect(convexBytes(value)).toBe(getConvexSize(value as never));
    const doc = { clientKey: "user:x", codes: ["TOKEN_EXPIRED"], bytes: 0, tier: 1 };
    expect(documentBytes(doc)).toBe(getDocumentSize(doc));
    // An array of small numbers is far larger to Convex than its JSON.
    expect(convexBytes(Array(100).fill(0))).toBeGreaterThan(4 * jsonBytes(Array(100).fill(0)));
  });

  test("jsonBytes counts UTF-8 bytes", () => {
    expect(jsonBytes({ a: "é" })).toBe(new TextEncoder().encode('{"a":"é"}').length);
  });

  test("isWorkOSClientId", () => {
    expect(isWorkOSClientId("client_01JTESTCLIENT000000000000")).toBe(true);
    for (const bad of [
      "org_01ABC",
      "client_",
      "client_01 JT",
      "CLIENT_01JTESTCLIENT",
      "sk_test_123456789",
    ])
      expect(isWorkOSClientId(bad)).toBe(false);
  });
});
