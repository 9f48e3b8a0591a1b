import { describe, expect, test } from "vitest";
import { parseDotenv } from "../../src/cli/dotenv.js";

describe("parseDotenv", () => {
  test("reads plain, quoted and exported values, skipping comments", () => {
    const { vars, warnings } = parseDotenv(
      [
        "# a comment",
        "PLAIN=value",
        "SPACED = padded  ",
        'DOUBLE="a b # not a comment"',
        "SINGLE='x\\ny'",
        "export EXPORTED=1",
        "TRAILING=abc # comment",
        "HASH=abc#def",
        "EMPTY=",
        "",
      ].join("\n"),
    );
    expect(warnings).toEqual([]);
    expect(vars).toEqual({
      PLAIN: "value",
      SPACED: "padded",
      DOUBLE: "a b # not a comment",
      SINGLE: "x\\ny",
      EXPORTED: "1",
      TRAILING: "abc",
      HASH: "abc#def",
      EMPTY: "",
    });
  });

  test("double quotes expand escapes; single quotes are literal", () => {
    expect(parseDotenv('A="line1\\nline2\\t\\"q\\""').vars.A).toBe('line1\nline2\t"q"');
    expect(parseDotenv("A='line1\\nline2'").vars.A).toBe("line1\\nline2");
  });

  test("quoted values may span lines (as `npx convex env list` prints multi-line values)", () => {
    const { vars } = parseDotenv("KEY='-----BEGIN-----\nabc\n-----END-----'\nNEXT=2");
    expect(vars).toEqual({ KEY: "-----BEGIN-----\nabc\n-----END-----", NEXT: "2" });
  });

  test("later lines win, CRLF and a BOM are tolerated", () => {
    expect(parseDotenv("\uFEFFA=1\r\nA=2\r\n").vars).toEqual({ A: "2" });
  });

  test("bad lines become warnings with line numbers, never values", () => {
    const { vars, warnings } = parseDotenv(
      'GOOD=1\nnot a line\n1BAD=secretvalue\nOPEN="unterminated',
    );
    expect(vars.GOOD).toBe("1");
    expect(warnings.map((w) => w.line)).toEqual([2, 3, 4]);
    expect(JSON.stringify(warnings)).not.toContain("secretvalue");
  });
});
