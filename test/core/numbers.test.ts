import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generatedDocs, readNumbers } from "../../scripts/numbers.js";

const repo = new URL("../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, repo), "utf8");

describe("the numbers the docs quote", () => {
  it("docs/numbers.md and the generated tables of README.md and docs/demo.md match docs/numbers.json", () => {
    for (const doc of generatedDocs(readNumbers())) {
      expect(doc.actual, `${doc.file} lacks its generated block`).not.toBeNull();
      expect(doc.actual, `${doc.file} is stale: run \`npm run numbers\``).toBe(doc.expected);
    }
  });

  it("no measured number is typed into the prose by hand", () => {
    const outside = (text: string) =>
      text.replace(/<!-- numbers:(\w+):start -->[\s\S]*?<!-- numbers:\1:end -->/g, "");
    const readme = outside(read("README.md"));
    const demo = outside(read("docs/demo.md"));
    const react = read("docs/react.md");
    for (const [name, text] of [
      ["README.md", readme],
      ["docs/demo.md", demo],
      ["docs/react.md", react],
    ] as const) {
      expect(text, name).not.toMatch(/median(?: of)? \**\d+ ms/i);
      expect(text, name).not.toMatch(/\d+ (?:B|bytes) of (?:call-site|production) residue/);
      expect(text, name).not.toMatch(/remain, \d+ bytes/);
      expect(text, name).not.toMatch(/takes about \d+ s/);
      expect(text, name).not.toMatch(/over the scenarios: \**\d+ ms/);
    }
  });
});
