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

// The doctor bin: the path package.json names exists, has a shebang and runs from plain Node.
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const bin = new URL(`../${pkg.bin["convex-authkit-doctor"]}`, import.meta.url);
assert.ok(readFileSync(bin, "utf8").startsWith("#!/usr/bin/env node\n"), "doctor bin lacks its shebang");
const doctorVersion = execFileSync(process.execPath, [bin.pathname, "--version"], { encoding: "utf8" });
assert.equal(doctorVersion.trim(), pkg.version);
// An explained error is an error finding: exit code 1 by design.
const explained = spawnSync(process.execPath, [bin.pathname, "--explain", "Missing refresh token", "--json"], { encoding: "utf8" });
assert.equal(explained.status, 1);
assert.equal(JSON.parse(explained.stdout).explain.code, "REFRESH_TOKEN_MISSING");
console.log("package check: convex-authkit-doctor bin runs from plain Node");
