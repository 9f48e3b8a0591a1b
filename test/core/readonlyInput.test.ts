/**
 * `diagnose()` takes what the logger and the hooks hand out as they are: their snapshots are
 * frozen, `readonly` arrays. `npm run typecheck` covers this file, so a `string[]` in
 * `DiagnoseInput` fails the type check here before any assertion runs.
 */
import { describe, expect, it } from "vitest";
import { diagnose, finding, type Finding } from "../../src/core/index.js";

describe("diagnose input accepts readonly arrays", () => {
  it("takes a logger snapshot's frozen serverErrors and a readonly extraFindings list", async () => {
    const snapshot: { readonly serverErrors: readonly string[] } = Object.freeze({
      serverErrors: Object.freeze([
        'Failed to authenticate: "No auth provider found matching the given token", check your server auth config',
      ]),
    });
    const extra: readonly Finding[] = Object.freeze([
      finding("AUTHKIT_UNAVAILABLE", { reason: "test" }),
    ]);
    const d = await diagnose({ serverErrors: snapshot.serverErrors, extraFindings: extra });
    const codes = d.findings.map((f) => f.code);
    expect(codes).toContain("CONVEX_REJECTED");
    expect(codes).toContain("AUTHKIT_UNAVAILABLE");
  });
});
