// Proves the built package works from plain Node through its public export map.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const code = `
  import { checkToken, FINDINGS, normalizeProviders } from "convex-authkit-diagnostics/core";
  const r = await checkToken("not-a-jwt", [], { fetch: null });
  if (r.code !== "TOKEN_MALFORMED") throw new Error("unexpected code " + r.code);
  if (!FINDINGS.TOKEN_MALFORMED.fix) throw new Error("catalogue missing");
  console.log("ok " + normalizeProviders([]).convexOrder.length);
`;
const out = execFileSync(process.execPath, ["--input-type=module", "-e", code], {
  encoding: "utf8",
});
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
const componentOut = execFileSync(process.execPath, ["--input-type=module", "-e", componentCode], {
  encoding: "utf8",
});
const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
assert.equal(
  componentOut.trim(),
  `diagnoseAuth,recentReports,reportDiagnosis,verifyToken ${pkg.version}`,
);
console.log("package check: the client wrapper and ./convex.config.js import from plain Node");
// The doctor bin: the path package.json names exists, has a shebang and runs from plain Node.
// It has a second name, the package's own, so `npx convex-authkit-diagnostics` finds it.
assert.equal(
  pkg.bin[pkg.name],
  pkg.bin["convex-authkit-doctor"],
  "the bin named after the package must be the doctor",
);
const bin = new URL(`../${pkg.bin["convex-authkit-doctor"]}`, import.meta.url);
assert.ok(
  readFileSync(bin, "utf8").startsWith("#!/usr/bin/env node\n"),
  "doctor bin lacks its shebang",
);
const doctorVersion = execFileSync(process.execPath, [bin.pathname, "--version"], {
  encoding: "utf8",
});
assert.equal(doctorVersion.trim(), pkg.version);
// An explained error is an error finding: exit code 1 by design.
const explained = spawnSync(
  process.execPath,
  [bin.pathname, "--explain", "Missing refresh token", "--json"],
  { encoding: "utf8" },
);
assert.equal(explained.status, 1);
assert.equal(JSON.parse(explained.stdout).explain.code, "REFRESH_TOKEN_MISSING");
console.log("package check: convex-authkit-doctor bin runs from plain Node");

// The React entries load from plain Node (React is a peer dependency) and keep their public names.
const reactCode = `
  const dev = await import("convex-authkit-diagnostics/react");
  const prod = await import("convex-authkit-diagnostics/react/production");
  const names = ["AuthDiagnosticsOverlay", "useAuthDiagnostics", "createAuthDiagnosticsLogger"];
  for (const m of [dev, prod]) for (const n of names) if (typeof m[n] !== "function") throw new Error(n + " missing");
  console.log("ok");
`;
const reactOut = execFileSync(process.execPath, ["--input-type=module", "-e", reactCode], {
  encoding: "utf8",
  env: { ...process.env, NODE_ENV: "production" },
});
assert.equal(reactOut.trim(), "ok");
console.log("package check: ./react and ./react/production import from plain Node");

// The Next.js entries. `./nextjs/server` loads from plain Node under the `react-server`
// condition (as Next.js bundles it for server code; without it `server-only` throws, by design).
// `./nextjs`, `./nextjs/production` and `./tanstack` import their AuthKit SDK's client hooks,
// which load only inside the framework's bundle: check that they resolve to client modules.
const serverCode = `
  const m = await import("convex-authkit-diagnostics/nextjs/server");
  for (const n of ["withAuthDiagnostics", "withProxyDiagnostics", "nextServerFindings"]) if (typeof m[n] !== "function") throw new Error(n + " missing");
  console.log("ok");
`;
const serverOut = execFileSync(
  process.execPath,
  ["--conditions=react-server", "--input-type=module", "-e", serverCode],
  { encoding: "utf8" },
);
assert.equal(serverOut.trim(), "ok");
const plainServer = spawnSync(
  process.execPath,
  ["--input-type=module", "-e", 'await import("convex-authkit-diagnostics/nextjs/server")'],
  { encoding: "utf8" },
);
assert.notEqual(plainServer.status, 0, "./nextjs/server loaded outside a server bundle");
for (const entry of ["nextjs", "nextjs/production", "tanstack"]) {
  const resolved = execFileSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `console.log(import.meta.resolve("convex-authkit-diagnostics/${entry}"))`,
    ],
    { encoding: "utf8" },
  ).trim();
  const text = readFileSync(new URL(resolved), "utf8");
  assert.ok(text.startsWith('"use client";'), `./${entry} is not a client module`);
  assert.ok(text.includes("AuthDiagnosticsOverlay"), `./${entry} lacks AuthDiagnosticsOverlay`);
}
console.log(
  "package check: ./nextjs/server loads for server code only; ./nextjs and ./tanstack entries are client modules",
);

// What npm would publish: the built entry points and sources, never tests, fixtures or the demo.
const packed = JSON.parse(
  execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { encoding: "utf8" }),
)[0].files.map((f) => f.path);
for (const required of [
  "dist/core/index.js",
  "dist/client/index.js",
  "dist/react/index.js",
  "dist/nextjs/index.js",
  "dist/nextjs/server.js",
  "dist/cli/doctor.js",
  "dist/component/convex.config.js",
  "src/test.ts",
  "README.md",
]) {
  assert.ok(packed.includes(required), `npm pack lacks ${required}`);
}
assert.deepEqual(
  packed.filter((p) =>
    /^(test|demo|example|example-nextjs|example-tanstack|scripts|bench)\//.test(p),
  ),
  [],
  "npm pack would publish test or demo files",
);
console.log(`package check: npm pack holds ${packed.length} files, no tests or demo`);

// Type resolution as consumers see it, for every entry point: TypeScript's node10 (`"moduleResolution":
// "node"`, through `typesVersions`), node16/nodenext from ESM, and bundler. The package is
// ESM-only, so `require()` from CommonJS is the one combination not claimed (cjs-resolves-to-esm).
const attw = spawnSync(
  "npx",
  [
    "--no-install",
    "attw",
    "--pack",
    ".",
    "--ignore-rules",
    "cjs-resolves-to-esm",
    "--format",
    "ascii",
  ],
  { encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } },
);
assert.equal(attw.status, 0, `arethetypeswrong found problems:\n${attw.stdout}${attw.stderr}`);
console.log(
  "package check: arethetypeswrong passes for node10, node16 (ESM) and bundler resolution",
);

const publint = spawnSync("npx", ["--no-install", "publint", "--strict"], { encoding: "utf8" });
assert.equal(
  publint.status,
  0,
  `publint --strict found problems:\n${publint.stdout}${publint.stderr}`,
);
console.log("package check: publint --strict passes");
