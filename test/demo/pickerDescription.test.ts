/** The demo picker shows a scenario's description as text, its code spans as code. */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Described } from "../../example/src/demo.js";
import { SCENARIOS } from "../../demo/scenarios.js";

const html = (text: string) => renderToStaticMarkup(createElement(Described, { text }));

describe("the demo picker's scenario description", () => {
  it("shows `npx convex dev` in provider-not-pushed as code, without literal backticks", () => {
    const s = SCENARIOS.find((x) => x.id === "provider-not-pushed")!;
    expect(html(s.description)).toContain("(no <code>npx convex dev</code> since)");
  });

  it("no scenario description shows a backtick once rendered", () => {
    for (const s of SCENARIOS) expect(html(s.description), s.id).not.toContain("`");
  });
});
