import { beforeAll, describe, expect, it } from "vitest";
import { checkToken, createDocumentCache, type CheckTokenOptions } from "../../src/core/index.js";
import { MAX_TIMESTAMP, MIN_TIMESTAMP, readTimestamp } from "../../src/core/jwt.js";
import { parseJson } from "../../src/core/serdeJson.js";
import {
  docsConfig,
  fakeFetch,
  jwksOf,
  makeKey,
  NOW,
  NOW_S,
  USER_MANAGEMENT_ISS,
  WORKOS_JWKS,
  type TestKey,
} from "../support/tokens.js";
import { signRaw } from "./support.js";

const PARSE_FAILED =
  "Could not parse JWT payload. Check that the token is a valid JWT format with three base64-encoded parts separated by dots.";

let key: TestKey;
beforeAll(async () => {
  key = await makeKey("key_main");
});

function options(extra: CheckTokenOptions = {}): CheckTokenOptions {
  return {
    now: NOW,
    fetch: fakeFetch({ [WORKOS_JWKS()]: { body: jwksOf(key) } }),
    cache: createDocumentCache(),
    transport: "http",
    ...extra,
  };
}

/** A WorkOS-shaped payload whose time claims are given as literal JSON text. */
function payload(times: string): string {
  return `{"iss":"${USER_MANAGEMENT_ISS()}","sub":"user_1",${times}}`;
}

function literal(text: string) {
  const parsed = parseJson(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return readTimestamp(parsed.node);
}

describe("time claims are read like Convex's JWT library reads them", () => {
  it("rounds a fractional exp to the nearest second, halves up", async () => {
    const justOut = await signRaw(key, payload(`"exp":${NOW_S - 6}.4`));
    const rOut = await checkToken(justOut, docsConfig(), options());
    expect(rOut.convexMessage).toBe("Could not validate token: Token expired 6 seconds ago");
    const justIn = await signRaw(key, payload(`"exp":${NOW_S - 6}.5`));
    expect((await checkToken(justIn, docsConfig(), options())).verdict).toBe("accepted");
  });

  it("accepts exponent-form times and rounds them", async () => {
    expect(literal("1.7e9")).toEqual({ ok: true, seconds: 1_700_000_000 });
    expect(literal("17E8")).toEqual({ ok: true, seconds: 1_700_000_000 });
    expect(literal("1e3")).toEqual({ ok: true, seconds: 1000 });
    const token = await signRaw(key, payload(`"exp":${NOW_S + 240}e0,"iat":1e3`));
    expect((await checkToken(token, docsConfig(), options())).verdict).toBe("accepted");
  });

  it.each([
    ["nbf", "-100"],
    ["exp", "-1"],
    ["iat", "-0.4"],
  ])("refuses a negative %s (%s) as an unparsable payload", async (claim, value) => {
    const token = await signRaw(key, payload(`"exp":${NOW_S + 240},"${claim}":${value}`));
    const r = await checkToken(token, docsConfig(), options());
    expect(r.code).toBe("TOKEN_MALFORMED");
    expect(r.convexMessage).toBe(PARSE_FAILED);
  });

  it("reads -0 as 0, since the JSON parser turns it into the float -0.0", async () => {
    expect(literal("-0")).toEqual({ ok: true, seconds: 0 });
    const token = await signRaw(key, payload(`"exp":${NOW_S + 240},"nbf":-0`));
    expect((await checkToken(token, docsConfig(), options())).verdict).toBe("accepted");
  });

  it("refuses integers of 2^64 and more, which the parser reads as too-large floats", () => {
    expect(literal("18446744073709551616")).toEqual({ ok: false, reason: "invalid" });
    expect(literal("1.8446744073709552e19")).toEqual({ ok: false, reason: "invalid" });
  });

  it("wraps integers just below 2^64 to times before 1970, as the u64-to-i64 cast does", async () => {
    expect(literal("18446744073709551615")).toEqual({ ok: true, seconds: -1 });
    const token = await signRaw(key, payload(`"exp":18446744073709551615`));
    const r = await checkToken(token, docsConfig(), options());
    expect(r.convexMessage).toBe(
      `Could not validate token: Token expired ${NOW_S + 1} seconds ago`,
    );
  });

  it("bounds representable times by chrono's years -262143 ..= 262142", () => {
    expect(MAX_TIMESTAMP).toBe(Date.UTC(262142, 11, 31, 23, 59, 59) / 1000);
    const first = new Date(0);
    first.setUTCFullYear(-262143, 0, 1);
    expect(MIN_TIMESTAMP).toBe(first.getTime() / 1000);
    expect(literal(String(MAX_TIMESTAMP))).toEqual({ ok: true, seconds: MAX_TIMESTAMP });
    expect(literal(String(MAX_TIMESTAMP + 1))).toMatchObject({ reason: "out-of-range" });
    const lowest = 2n ** 64n + BigInt(MIN_TIMESTAMP);
    expect(literal(String(lowest))).toEqual({ ok: true, seconds: MIN_TIMESTAMP });
    expect(literal(String(lowest - 1n))).toMatchObject({ reason: "out-of-range" });
  });

  it("predicts no error text for a time Convex cannot represent, even with no providers", async () => {
    const token = await signRaw(key, payload(`"exp":1e13`));
    for (const providers of [docsConfig(), []]) {
      const r = await checkToken(token, providers, options());
      expect(r.verdict).toBe("rejected");
      expect(r.code).toBe("TOKEN_MALFORMED");
      expect(r.convexMessage).toBeNull();
      expect(r.findings[0]?.evidence).toMatchObject({ claim: "exp", value: "1e13" });
      expect(r.findings[0]?.message).toContain("262142");
    }
  });

  it("ignores time-like members nested below the top level", async () => {
    const token = await signRaw(key, payload(`"exp":${NOW_S + 240},"meta":{"exp":1.5,"nbf":-1}`));
    expect((await checkToken(token, docsConfig(), options())).verdict).toBe("accepted");
  });

  it("refuses a registered claim that appears twice, whatever the values", async () => {
    const token = await signRaw(key, payload(`"exp":null,"exp":${NOW_S + 240}`));
    const r = await checkToken(token, docsConfig(), options());
    expect(r.convexMessage).toBe(PARSE_FAILED);
  });

  it("the first failing registered claim in document order decides", async () => {
    const token = await signRaw(key, payload(`"sub":5,"exp":1e13`));
    const r = await checkToken(token, docsConfig(), options());
    expect(r.convexMessage).toBe(PARSE_FAILED);
    const later = await signRaw(key, `{"iss":"x","exp":1e13,"sub":5}`);
    expect((await checkToken(later, docsConfig(), options())).convexMessage).toBeNull();
  });

  it("the WebSocket's own expiry check uses the rounded exp", async () => {
    const ws = { transport: "websocket" as const };
    const roundedDown = await signRaw(key, payload(`"exp":${NOW_S}.4`));
    const r = await checkToken(roundedDown, docsConfig(), options(ws));
    expect(r.convexMessage).toBe("Convex token identity expired");
    const roundedUp = await signRaw(key, payload(`"exp":${NOW_S}.5`));
    expect((await checkToken(roundedUp, docsConfig(), options(ws))).verdict).toBe("accepted");
  });
});

describe("the payload's JSON is parsed like the backend's parser does", () => {
  it.each([
    ["a byte-order mark before the object", `\uFEFF${payload(`"exp":${NOW_S + 240}`)}`],
    [
      "an unpaired surrogate escape in a custom claim",
      payload(`"exp":${NOW_S + 240},"n":"\\ud800"`),
    ],
    ["a number beyond the f64 range", payload(`"exp":${NOW_S + 240},"n":1e400`)],
    ["nesting 128 deep", payload(`"exp":${NOW_S + 240},"n":${"[".repeat(127)}${"]".repeat(127)}`)],
  ])("refuses %s as an unparsable payload", async (_name, text) => {
    const token = await signRaw(key, text);
    const r = await checkToken(token, docsConfig(), options());
    expect(r.code).toBe("TOKEN_MALFORMED");
    expect(r.convexMessage).toBe(PARSE_FAILED);
  });

  it("accepts nesting 127 deep and a paired surrogate escape", async () => {
    const text = payload(
      `"exp":${NOW_S + 240},"e":"\\ud83d\\ude00","n":${"[".repeat(126)}${"]".repeat(126)}`,
    );
    const r = await checkToken(await signRaw(key, text), docsConfig(), options());
    expect(r.verdict).toBe("accepted");
    expect(r.identity?.e).toBe("😀");
  });
});
