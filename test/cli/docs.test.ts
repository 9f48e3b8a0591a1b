import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
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
