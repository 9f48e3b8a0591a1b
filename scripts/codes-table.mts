/**
 * `npm run codes-table` rewrites the finding table in README.md from the catalogue;
 * test/core/readme.test.ts fails when README.md is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { FINDINGS, FINDING_CODES, TOKEN_CHECK_CODES } from "../src/core/index.js";
import type { FindingCode } from "../src/core/index.js";

export const START = "<!-- codes:start -->";
export const END = "<!-- codes:end -->";

/** The variants of a code whose fix differs from the entry's own (the table shows the entry's). */
export function fixVariants(code: FindingCode): string[] {
  const e = FINDINGS[code];
  return Object.entries(e.variants ?? {})
    .filter(([, v]) => v.fix !== undefined && v.fix !== e.fix)
    .map(([name]) => name);
}

export function codesTable(): string {
  const esc = (s: string) =>
    s
      // An optional segment shows its form with the value (`[[with {v}||without]]` → `with <v>`).
      .replace(/\[\[([^\]]*)\]\]/g, (_m, inner: string) => inner.split("||")[0]!)
      .replace(/\|/g, "\\|")
      .replace(/\{(\w+)(?::code)?\}/g, "<$1>");
  const rows = FINDING_CODES.map((code) => {
    const e = FINDINGS[code];
    const token = (TOKEN_CHECK_CODES as readonly string[]).includes(code) ? " ¹" : "";
    const variants = fixVariants(code);
    const mark = variants.length ? `${token} ²` : token;
    const also = variants.length
      ? ` Other fixes: ${variants.map((v) => `\`${v}\``).join(", ")}.`
      : "";
    return `| \`${code}\`${mark} | ${e.severity} | ${esc(e.title)} | ${esc(e.fix)}${also} |`;
  });
  const footnote =
    "² The code has variants: in some situations the finding carries another fix than the one " +
    "shown here (e.g. `ACCESS_TOKEN_UNAVAILABLE`'s `transient` variant, which the overlay shows " +
    "when a refresh fails in a way that may pass). The row names them; their wording is in " +
    "`FINDINGS[code].variants` (`src/core/catalogue.ts`).";
  return [
    "| Code | Severity | Meaning | Fix |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
    footnote,
  ].join("\n");
}

export function withCodesTable(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${START} … ${END} markers`);
  return `${readme.slice(0, start + START.length)}\n${codesTable()}\n${readme.slice(end)}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const path = new URL("../README.md", import.meta.url);
  writeFileSync(path, withCodesTable(readFileSync(path, "utf8")));
  console.log("README.md finding table updated");
}
