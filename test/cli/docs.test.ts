import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { LEGACY_ISS, makeKey, NOW_S, workosToken } from "../support/tokens.js";
import { fixture, REPO, runDoctor } from "./helpers.js";

// docs/cli.md pastes real output; this keeps it from drifting away from what the doctor prints.
test("the checklist example in docs/cli.md is the doctor's current output for the vite-broken fixture", async () => {
  const doc = readFileSync(`${REPO}/docs/cli.md`, "utf8");
  const section = doc.slice(doc.indexOf("## Example: a broken Vite project"));
  const pasted = /```\n([\s\S]*?)\n```/.exec(section)![1]!;
  const r = await runDoctor(["--deployment-env", "deployment.env"], {
    cwd: fixture("vite-broken"),
  });
  expect(r.stdout.trimEnd()).toBe(pasted);
});

test("README.md pastes the same doctor run as docs/cli.md", async () => {
  const readme = readFileSync(`${REPO}/README.md`, "utf8");
  const block =
    /<!-- doctor-example:start -->\n```\n([\s\S]*?)\n```\n<!-- doctor-example:end -->/.exec(
      readme,
    )?.[1];
  const r = await runDoctor(["--deployment-env", "deployment.env"], {
    cwd: fixture("vite-broken"),
  });
  expect(block).toBe(r.stdout.trimEnd());
});

test("the token example in docs/cli.md is the doctor's current output for a legacy-issuer token without aud", async () => {
  const doc = readFileSync(`${REPO}/docs/cli.md`, "utf8");
  const section = doc.slice(doc.indexOf("## Example: checking a token"));
  const pasted = /```\n([\s\S]*?)\n```/.exec(section)![1]!;
  const tokenPart = pasted.slice(pasted.indexOf("\n…\n") + 3);
  const key = await makeKey("sso_oidc_key_pair_01JTEST");
  const token = await workosToken(key, { iss: LEGACY_ISS, aud: undefined, exp: NOW_S + 1e9 });
  const r = await runDoctor(["--deployment-env", "deployment.env", "--offline", "--token", token], {
    cwd: fixture("vite-good"),
  });
  expect(r.stdout.slice(r.stdout.indexOf("✗ Token:")).trimEnd()).toBe(tokenPart);
});
