import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parseDotenv } from "../../src/cli/dotenv.js";
import { parseDotenvReference } from "./dotenvReference.js";

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

  test("an unterminated quote is one warning; the lines after it are still read as variables", () => {
    const after = Array.from({ length: 500 }, (_, i) => `KEY_${i}=value_${i}`);
    const { vars, warnings } = parseDotenv(["FIRST=1", 'OPEN="never closed', ...after].join("\n"));
    expect(warnings).toEqual([{ line: 2, message: 'unterminated " quote for OPEN' }]);
    expect(vars.OPEN).toBe('"never closed');
    expect(vars.FIRST).toBe("1");
    for (let i = 0; i < after.length; i++) expect(vars[`KEY_${i}`]).toBe(`value_${i}`);
  });

  test("inside double quotes a backslash escapes the next character, a line break too; inside single quotes nothing", () => {
    expect(parseDotenv('A="x\\"y"').vars.A).toBe('x"y');
    // The escaped break keeps the value open; the quote on the next line closes it.
    expect(parseDotenv('A="x\\\n"\nB=2').vars).toEqual({ A: "x\\\n", B: "2" });
    expect(parseDotenv("A='x\\'y").vars.A).toBe("x\\");
  });

  test("agrees with the previous (quadratic) parser on arbitrary dotenv-like text", () => {
    // Lines built from the characters that matter to the parser: quotes, escapes, `=`, `#`.
    const piece = fc.constantFrom(
      "A",
      "B_1",
      "=",
      " ",
      "\t",
      "#",
      '"',
      "'",
      "`",
      "\\",
      "n",
      "export ",
      "x",
    );
    const line = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(""));
    const text = fc
      .tuple(fc.array(line, { maxLength: 30 }), fc.constantFrom("\n", "\r\n", "\r"))
      .map(([lines, eol]) => lines.join(eol));
    fc.assert(
      fc.property(text, (t) => {
        expect(parseDotenv(t)).toEqual(parseDotenvReference(t));
      }),
      { numRuns: 2000 },
    );
  });
});
