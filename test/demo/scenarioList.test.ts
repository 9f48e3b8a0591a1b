/** `npm run demo -- --list` prints aligned columns whatever the longest id or code. */
import { describe, expect, it } from "vitest";
import { SCENARIOS, scenarioListLines, type Scenario } from "../../demo/scenarios.js";

describe("npm run demo -- --list", () => {
  it("keeps the title column aligned when a headline code is as long as the old fixed column (CONFIG_AUDIENCE_NEVER_SENT)", () => {
    const lines = scenarioListLines();
    const titleStarts = lines.map((line, i) => line.lastIndexOf(SCENARIOS[i]!.title));
    expect(new Set(titleStarts).size).toBe(1);
    const older = lines.find((l) => l.startsWith("token-without-aud-older-docs"))!;
    expect(older).toMatch(/CONFIG_AUDIENCE_NEVER_SENT {2}Token without aud/);
  });

  it("separates the columns by at least two spaces for any id length", () => {
    const long: Scenario = { ...SCENARIOS[0]!, id: "x".repeat(60), title: "Long" };
    const lines = scenarioListLines([SCENARIOS[0]!, long]);
    expect(lines[1]).toMatch(/^x{60} {2}\S/);
    expect(lines[0]!.indexOf("AUTHENTICATED")).toBe(lines[1]!.indexOf("AUTHENTICATED"));
  });
});
