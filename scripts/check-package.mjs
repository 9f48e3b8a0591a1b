// Proves the built package works from plain Node through its public export map.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";

const code = `
  import { checkToken, FINDINGS, normalizeProviders } from "convex-authkit-diagnostics/core";
  const r = await checkToken("not-a-jwt", [], { fetch: null });
  if (r.code !== "TOKEN_MALFORMED") throw new Error("unexpected code " + r.code);
  if (!FINDINGS.TOKEN_MALFORMED.fix) throw new Error("catalogue missing");
  console.log("ok " + normalizeProviders([]).convexOrder.length);
`;
const out = execFileSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8" });
assert.equal(out.trim(), "ok 0");
console.log("package check: ./core imports and runs from plain Node");
