// What a terminal must not receive from input, for the tests of the escaping renderers.

/**
 * The control and bidi characters in `text` a terminal must not receive from input, as
 * `U+XXXX` (line feeds are the output's own and are not listed). An empty list when there are
 * none. A function rather than a regex: the characters are what the lint rule forbids in one.
 */
export function rawControls(text: string): string[] {
  const found: string[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (
      (cp <= 0x1f && cp !== 0x0a) ||
      (cp >= 0x7f && cp <= 0x9f) ||
      (cp >= 0x202a && cp <= 0x202e) ||
      (cp >= 0x2066 && cp <= 0x2069)
    )
      found.push(`U+${cp.toString(16).padStart(4, "0")}`);
  }
  return found;
}

/** Matches (globally) the SGR color codes the CLIs write themselves (bold, dim, colors and resets). */
export const OWN_SGR = new RegExp(`${String.fromCharCode(27)}\\[(?:0|1|2|22|31|32|33|36|39)m`, "g");
