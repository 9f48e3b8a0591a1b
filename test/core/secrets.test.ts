import { describe, expect, test } from "vitest";
import {
  findSecretLike,
  isInvisible,
  isRandomLooking,
  redactClaims,
  redactSecrets,
  secretKindOf,
} from "../../src/core/secrets.js";
import {
  DEPLOYMENT_SECRETS,
  interleave,
  INVISIBLES,
  ORDINARY_CLAIMS,
  ORDINARY_VALUES,
  randomAlphanumeric,
  randomString,
  REFRESH_TOKEN,
  seededRandom,
} from "../support/smugglingCorpus.js";
import { makeKey, workosToken } from "../support/tokens.js";

const known = Object.values(DEPLOYMENT_SECRETS);

describe("ordinary values pass every surface untouched", () => {
  test.each(ORDINARY_VALUES)("%s", (value) => {
    expect(secretKindOf(value, known)).toBeNull();
    expect(redactSecrets(value, known)).toBe(value);
  });

  test("a WorkOS access token's decoded claims, custom ones included", () => {
    expect(findSecretLike(ORDINARY_CLAIMS, known)).toBeNull();
    expect(redactClaims(ORDINARY_CLAIMS)).toEqual(ORDINARY_CLAIMS);
  });
});

describe("opaque tokens: random-looking runs without a JWT or key shape", () => {
  test("a JWT's signature on its own is found and redacted", async () => {
    const token = await workosToken(await makeKey("k1"));
    const signature = token.split(".")[2]!;
    expect(secretKindOf(signature)).toBe("opaque-token");
    expect(redactSecrets(`sig=${signature};`)).toBe("sig=[redacted token];");
  });

  test("an opaque refresh token, a 64-character hex secret and a base64 cookie password are found", () => {
    expect(secretKindOf(REFRESH_TOKEN)).toBe("opaque-token");
    const hex = randomString(seededRandom(3), 64, "0123456789abcdef");
    expect(secretKindOf(`client_secret=${hex}`)).toBe("opaque-token");
    // What `openssl rand -base64 33` prints: standard base64, with `+` and `/`.
    const base64 = "q8Zt+3vJm/Lw0PxR7aKd2uYc9Nf+hS4eWb1Tg6oVjQpE";
    expect(secretKindOf(`WORKOS_COOKIE_PASSWORD=${base64}`)).toBe("opaque-token");
    expect(redactSecrets(`pw ${base64} end`)).toBe("pw [redacted token] end");
  });

  test("an ID's lowercase prefix does not hide a random body after it", () => {
    expect(secretKindOf(`x_${REFRESH_TOKEN}`)).toBe("opaque-token");
    expect(secretKindOf("sso_oidc_key_pair_01JTESTKEY000000000000000")).toBeNull();
  });

  test("catches random base64url strings: at least 99% of 43 characters and all of 86", () => {
    const random = seededRandom(42);
    const caught = (length: number) =>
      Array.from({ length: 1000 }, () => randomString(random, length)).filter(isRandomLooking)
        .length;
    expect(caught(43)).toBeGreaterThanOrEqual(990);
    expect(caught(86)).toBe(1000);
  });

  test("catches at least 95% of random 24-character alphanumeric strings", () => {
    const random = seededRandom(43);
    const samples = Array.from({ length: 1000 }, () => randomAlphanumeric(random, 24));
    expect(samples.filter(isRandomLooking).length).toBeGreaterThanOrEqual(950);
  });
});

describe("invisible characters do not hide a secret", () => {
  test("a JWT split by zero-width spaces is found and redacted whole", async () => {
    const token = await workosToken(await makeKey("k1"));
    const split = interleave(token, "\u200b");
    expect(secretKindOf(split)).toBe("jwt");
    expect(redactSecrets(`a ${split} b`)).toBe("a [redacted JWT] b");
  });

  test("other invisible characters (joiners, BOM, soft hyphen, bidi marks, controls) too", async () => {
    const token = await workosToken(await makeKey("k1"));
    const split = interleave(token, INVISIBLES, 3);
    expect(secretKindOf(split)).toBe("jwt");
    expect(redactSecrets(split)).toBe("[redacted JWT]");
  });

  test("an API key in any letter case, split or not", () => {
    for (const key of ["SK_LIVE_0123456789ABCDEF", "Sk_TeSt_0123456789abcdef"]) {
      expect(secretKindOf(key)).toBe("api-key");
      expect(secretKindOf(interleave(key, "\u200b", 2))).toBe("api-key");
      expect(redactSecrets(`key ${interleave(key, "\u2060", 3)} here`)).toBe(
        "key [redacted API key] here",
      );
    }
  });

  test("a known secret value split by invisible characters is found and cut out whole", () => {
    const password = DEPLOYMENT_SECRETS.WORKOS_COOKIE_PASSWORD;
    const split = interleave(password, "\u200b", 3);
    expect(secretKindOf(split)).toBeNull();
    expect(secretKindOf(split, known)).toBe("known-secret");
    expect(redactSecrets(`pw: ${split} end`, known)).toBe("pw: [redacted] end");
  });

  test("emoji joined by zero-width joiners are left alone", () => {
    const family = "👩\u200d👩\u200d👧 ❤\ufe0f";
    expect(secretKindOf(family)).toBeNull();
    expect(redactSecrets(family)).toBe(family);
  });
});

test("the invisible-character table is Unicode's default-ignorable code points plus controls", () => {
  const controls = (cp: number) =>
    cp < 0x20 ? ![9, 10, 13].includes(cp) : cp >= 0x7f && cp <= 0x9f;
  const mismatches: number[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    const expected =
      controls(cp) || /\p{Default_Ignorable_Code_Point}/u.test(String.fromCodePoint(cp));
    if (isInvisible(cp) !== expected) mismatches.push(cp);
  }
  expect(mismatches).toEqual([]);
});

describe("findSecretLike walks everything", () => {
  test("a token nested far deeper than 16 levels is found, with its path", async () => {
    const token = await workosToken(await makeKey("k1"));
    let deep: unknown = { note: token };
    for (let i = 0; i < 100; i++) deep = [deep];
    const hit = findSecretLike({ claims: deep });
    expect(hit?.kind).toBe("jwt");
    expect(hit?.path).toBe(`$.claims${"[0]".repeat(100)}.note`);
  });

  test("a cyclic value ends", () => {
    const cyclic: Record<string, unknown> = { a: "fine" };
    cyclic.self = cyclic;
    expect(findSecretLike(cyclic)).toBeNull();
  });

  test("a secret key is reported as a key, without its text", () => {
    const hit = findSecretLike({ outer: { [REFRESH_TOKEN]: 1 } });
    expect(hit).toEqual({ kind: "opaque-token", path: "$.outer (a key)" });
  });
});

describe("redactClaims", () => {
  test("redacts nested values and keys, and masks secret-named strings at any depth", async () => {
    const token = await workosToken(await makeKey("k1"));
    const out = redactClaims({
      act: { sub: "admin@example.com", refresh_token: "anything", list: [token] },
      [REFRESH_TOKEN]: 1,
    });
    expect(out).toEqual({
      act: { sub: "admin@example.com", refresh_token: "[redacted]", list: ["[redacted JWT]"] },
      "[redacted token]": 1,
    });
  });
});

// Correctness on huge inputs only; how fast they go is measured by `npm run bench`.
describe("huge inputs", { timeout: 120_000 }, () => {
  const M = 8 * 1024 * 1024;
  test.each([
    ["a JWT-shaped run", () => `eyJ${"A".repeat(M / 2)}.${"B".repeat(M / 2)}.sig`],
    ["an API-key-shaped run", () => `sk_test_${"a".repeat(M)}`],
    ["an ID-prefix-shaped run", () => "a_".repeat(M / 2)],
    ["dots", () => "eyJhbGc.".repeat(M / 8)],
    ["padding", () => "=".repeat(M)],
    ["invisible characters", () => "ab\u200b".repeat(M / 3)],
  ])("%s of ~8 MB neither throws nor leaks", (_name, make) => {
    const text = make();
    expect(() => secretKindOf(text, known)).not.toThrow();
    const out = redactSecrets(text, known);
    expect(out.length).toBeLessThanOrEqual(text.length);
    expect(() => findSecretLike({ value: text }, known)).not.toThrow();
  });

  test("an ~8 MB JWT-shaped string is redacted to its marker", () => {
    const text = `sk_test_${"a".repeat(M)}`;
    expect(redactSecrets(text)).toBe("[redacted API key]");
    expect(redactSecrets(`eyJ${"A".repeat(M)}`)).toBe("[redacted JWT]");
  });
});
