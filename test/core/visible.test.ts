import { beforeAll, describe, expect, it } from "vitest";
import {
  checkToken,
  diagnose,
  jsonForDisplay,
  renderMarkdown,
  renderText,
  visibleDeep,
  visibleText,
} from "../../src/core/index.js";
import {
  docsConfig,
  fakeFetch,
  makeKey,
  USER_MANAGEMENT_ISS,
  workosToken,
  type TestKey,
} from "../support/tokens.js";
import { OWN_SGR, rawControls } from "../support/controls.js";

describe("visibleText", () => {
  it("makes every C0 control, DEL, C1 control and bidi control visible as escape text", () => {
    const all: string[] = [];
    for (let cp = 0; cp <= 0x1f; cp++) all.push(String.fromCharCode(cp));
    for (let cp = 0x7f; cp <= 0x9f; cp++) all.push(String.fromCharCode(cp));
    for (const cp of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069])
      all.push(String.fromCharCode(cp));
    for (const ch of all) {
      expect(rawControls(visibleText(`a${ch}b`))).toEqual([]);
      expect(visibleText(`a${ch}b`)).toMatch(/^a\\(?:[ntr]|x[0-9a-f]{2}|u\{[0-9a-f]+\})b$/);
    }
    expect(visibleText("a\u001b[2Jb")).toBe("a\\x1b[2Jb");
    expect(visibleText("\r\n\t\b\u007f\u0085\u009b")).toBe("\\r\\n\\t\\x08\\x7f\\x85\\x9b");
    expect(visibleText("x\u202ey\u2066z")).toBe("x\\u{202e}y\\u{2066}z");
  });

  it("leaves printable text alone, non-ASCII included", () => {
    for (const s of ["plain", "✓ ✗ ! i", "héllo wörld — “quotes” …", "日本語", "emoji 🎉", ""])
      expect(visibleText(s)).toBe(s);
  });

  it("visibleDeep escapes strings and keys at any depth and keeps shared objects shared", () => {
    const shared = { title: "t\u001b" };
    const input = { a: [shared, { "k\u009b": 1, n: null }], b: shared, when: new Date(0) };
    const out = visibleDeep(input);
    expect(out.a[0]).toEqual({ title: "t\\x1b" });
    expect(out.a[1]).toEqual({ "k\\x9b": 1, n: null });
    expect(out.b).toBe(out.a[0]);
    expect(out.when).toBe(input.when);
    expect(input.b.title).toBe("t\u001b");
  });
});

describe("jsonForDisplay", () => {
  it("writes DEL, C1 and bidi controls as \\u escapes and parses back to the same value", () => {
    const value = { s: "a\u001b\u007f\u0085\u202e\u2069b", ok: "✓ é" };
    const text = jsonForDisplay(JSON.stringify(value, null, 2));
    expect(rawControls(text)).toEqual([]);
    expect(text).toContain("\\u007f");
    expect(text).toContain("\\u202e");
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe("the core renderers show claims' control characters escaped", () => {
  let key: TestKey;
  beforeAll(async () => {
    key = await makeKey("key_visible");
  });

  it("renderText and renderMarkdown print no raw control or bidi character, colors aside", async () => {
    const iss = `${USER_MANAGEMENT_ISS()}\u001b[2J\u202ePWNED`;
    const token = await workosToken(key, { iss });
    const tokenCheck = await checkToken(token, docsConfig(), { fetch: fakeFetch({}) });
    const d = await diagnose({ token, tokenCheck });
    for (const out of [renderText(d), renderText(d, { color: true }), renderMarkdown(d)]) {
      expect(out).toContain("\\x1b[2J\\u{202e}PWNED");
      expect(rawControls(out.replace(OWN_SGR, ""))).toEqual([]);
    }
    // The decoded claims in the Markdown report stay exact JSON.
    const md = renderMarkdown(d);
    const json = /```json\n([\s\S]*?)\n```/.exec(md)![1]!;
    expect((JSON.parse(json) as { claims: { iss: string } }).claims.iss).toBe(iss);
  });

  it('renderText and renderMarkdown label the fix "Fix:"', async () => {
    const d = await diagnose({ token: "not a token" });
    expect(renderText(d)).toMatch(/^ {4}Fix: /m);
    expect(renderText(d)).not.toContain("fix:");
    expect(renderMarkdown(d)).toMatch(/^ {2}- Fix: /m);
    expect(renderMarkdown(d)).not.toContain("fix:");
  });

  it("visibleDeep keeps a claim named __proto__ as a key, not as the copy's prototype", () => {
    const claims = JSON.parse(
      '{"__proto__": {"role": "admin\\u001b[2J"}, "sub": "user_1"}',
    ) as object;
    const copy = visibleDeep(claims) as Record<string, unknown>;
    expect(Object.keys(copy)).toEqual(["__proto__", "sub"]);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(JSON.stringify(copy)).toBe('{"__proto__":{"role":"admin\\\\x1b[2J"},"sub":"user_1"}');
  });
});
