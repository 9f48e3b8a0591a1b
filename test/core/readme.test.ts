import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { withCodesTable } from "../../scripts/codes-table.mjs";
import { FINDING_CODES } from "../../src/core/index.js";

describe("README.md", () => {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

  it("lists every finding code with the catalogue's current wording (run `npm run codes-table`)", () => {
    expect(withCodesTable(readme)).toBe(readme);
    for (const code of FINDING_CODES) expect(readme).toContain(`\`${code}\``);
  });

  it("gives the test command CI runs", () => {
    const ci = readFileSync(new URL("../../.ci/run", import.meta.url), "utf8");
    expect(readme).toContain("npm ci && npm test");
    expect(ci).toContain("npm test");
  });
});
