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

// The component entry points: the client wrapper (`.`) and `./convex.config.js`, as an app's
// convex.config.ts and convex/authDiagnostics.ts import them.
const componentCode = `
  import { AuthDiagnostics, VERSION } from "convex-authkit-diagnostics";
  import authDiagnostics from "convex-authkit-diagnostics/convex.config.js";
  import again from "convex-authkit-diagnostics/convex.config";
  if (authDiagnostics !== again) throw new Error("convex.config entry points differ");
  if (authDiagnostics._name !== "authDiagnostics" || authDiagnostics._isRoot) throw new Error("not the authDiagnostics component definition");
  const api = new AuthDiagnostics({}, { authConfig: { providers: [] } }).api();
  const names = Object.keys(api).sort().join(",");
  console.log(names + " " + VERSION);
`;
const componentOut = execFileSync(process.execPath, ["--input-type=module", "-e", componentCode], { encoding: "utf8" });
const { version } = JSON.parse(execFileSync(process.execPath, ["-p", "JSON.stringify(require('./package.json'))"], { encoding: "utf8" }));
assert.equal(componentOut.trim(), `diagnoseAuth,recentReports,reportDiagnosis,verifyToken ${version}`);
console.log("package check: the client wrapper and ./convex.config.js import from plain Node");
