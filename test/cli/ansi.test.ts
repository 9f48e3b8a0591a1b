import { describe, expect, test } from "vitest";
import { palette, shouldColor, startSpinner, stripAnsi } from "../../src/cli/ansi.js";

describe("shouldColor", () => {
  test("follows the TTY by default", () => {
    expect(shouldColor(null, {}, true)).toBe(true);
    expect(shouldColor(null, {}, false)).toBe(false);
  });
  test("NO_COLOR turns color off even on a TTY; FORCE_COLOR turns it on when piped", () => {
    expect(shouldColor(null, { NO_COLOR: "1" }, true)).toBe(false);
    expect(shouldColor(null, { FORCE_COLOR: "1" }, false)).toBe(true);
    expect(shouldColor(null, { FORCE_COLOR: "0" }, true)).toBe(false);
    expect(shouldColor(null, { NO_COLOR: "" }, true)).toBe(true);
  });
  test("the --color/--no-color flag beats the environment", () => {
    expect(shouldColor(true, { NO_COLOR: "1" }, false)).toBe(true);
    expect(shouldColor(false, { FORCE_COLOR: "1" }, true)).toBe(false);
  });
});

test("palette(false) leaves text unchanged; palette(true) wraps it in ANSI codes", () => {
  expect(palette(false).red("x")).toBe("x");
  const red = palette(true).red("x");
  expect(red).not.toBe("x");
  expect(stripAnsi(red)).toBe("x");
});

test("the spinner draws nothing on a non-TTY stream and draws and erases on a TTY", () => {
  let piped = "";
  const s1 = startSpinner({ write: (c: string) => (piped += c), isTTY: false }, "working", true);
  s1.stop();
  expect(piped).toBe("");
  let tty = "";
  const s2 = startSpinner({ write: (c: string) => (tty += c), isTTY: true }, "working", true);
  s2.stop();
  expect(tty).toContain("working");
  expect(tty.endsWith("\r\u001b[2K")).toBe(true);
});
