// @vitest-environment jsdom
import { cleanup, render } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { Breakable, Text } from "../../src/react/overlayParts.js";

afterEach(cleanup);

/** The text with each `<wbr>` shown as `|`. */
function breaks(node: React.ReactElement): string {
  const copy = render(node).container.cloneNode(true) as HTMLElement;
  for (const wbr of copy.querySelectorAll("wbr")) wbr.replaceWith("|");
  return copy.textContent ?? "";
}

describe("Breakable", () => {
  it("lets a long provider label wrap after its separators, never inside `//`", () => {
    expect(
      breaks(
        <Breakable text="[CustomJWT(issuer=https://api.workos.com/user_management/client_01J, app_id=none)]" />,
      ),
    ).toBe(
      "[|CustomJWT(|issuer=|https://|api.workos.com/|user_|management/|client_|01J, app_id=none)]",
    );
  });

  it("leaves words and short values alone", () => {
    expect(breaks(<Breakable text="The token has no aud: issuer differs (not tried)." />)).toBe(
      "The token has no aud: issuer differs (not tried).",
    );
    expect(breaks(<Breakable text="a/b=c, d_e" />)).toBe("a/b=c, d_e");
  });

  it("changes nothing of the text itself, in prose and in code spans", () => {
    const value =
      "Add `https://api.workos.com/user_management/client_01JTEST` to `convex/auth.config.ts`.";
    const { container } = render(<Text value={value} />);
    expect(container.textContent).toBe(value.replace(/`/g, ""));
    expect(container.querySelectorAll("code")).toHaveLength(2);
    expect(container.querySelectorAll("code wbr").length).toBeGreaterThan(0);
  });
});
