import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fixVariants, withCodesTable } from "../../scripts/codes-table.mjs";
import { FINDING_CODES } from "../../src/core/index.js";

describe("README.md", () => {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

  it("lists every finding code with the catalogue's current wording (run `npm run codes-table`)", () => {
    expect(withCodesTable(readme)).toBe(readme);
    for (const code of FINDING_CODES) expect(readme).toContain(`\`${code}\``);
  });

  it("says which codes have variants with another fix, so ACCESS_TOKEN_UNAVAILABLE's transient fix is not a surprise", () => {
    const row = readme.split("\n").find((l) => l.startsWith("| `ACCESS_TOKEN_UNAVAILABLE`"))!;
    expect(row).toMatch(/^\| `ACCESS_TOKEN_UNAVAILABLE` ² \|/);
    expect(row).toContain("Other fixes: `transient`.");
    expect(readme).toMatch(/^² The code has variants/m);
    for (const code of FINDING_CODES) {
      const line = readme.split("\n").find((l) => l.startsWith(`| \`${code}\``))!;
      expect(line.includes(" ² |"), code).toBe(fixVariants(code).length > 0);
    }
  });

  it("shows an optional segment once, not both of its forms joined by ||", () => {
    expect(readme).not.toContain("\\|\\|");
  });

  it("gives the test command CI runs", () => {
    const ci = readFileSync(new URL("../../.ci/run", import.meta.url), "utf8");
    expect(readme).toContain("npm ci && npm test");
    expect(ci).toContain("npm test");
  });
});
