/**
 * `npm run codes-table` rewrites the finding table in README.md from the catalogue;
 * test/core/readme.test.ts fails when README.md is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { FINDINGS, FINDING_CODES, TOKEN_CHECK_CODES } from "../src/core/index.js";

export const START = "<!-- codes:start -->";
export const END = "<!-- codes:end -->";

export function codesTable(): string {
  const esc = (s: string) =>
    s
      .replace(/\|/g, "\\|")
      .replace(/\[\[|\]\]/g, "")
      .replace(/\{(\w+)(?::code)?\}/g, "<$1>");
  const rows = FINDING_CODES.map((code) => {
    const e = FINDINGS[code];
    const mark = (TOKEN_CHECK_CODES as readonly string[]).includes(code) ? " ¹" : "";
    return `| \`${code}\`${mark} | ${e.severity} | ${esc(e.title)} | ${esc(e.fix)} |`;
  });
  return ["| Code | Severity | Meaning | Fix |", "| --- | --- | --- | --- |", ...rows].join("\n");
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
