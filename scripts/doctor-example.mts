/**
 * `npm run doctor-example` pastes the doctor's real output for the `vite-broken` fixture into
 * docs/cli.md and README.md; test/cli/docs.test.ts fails when either is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { run } from "../src/cli/run.js";

const repo = fileURLToPath(new URL("..", import.meta.url));
let stdout = "";
await run(["--deployment-env", "deployment.env"], {
  cwd: `${repo}test/cli/fixtures/vite-broken`,
  env: {},
  stdout: { write: (s: string) => (stdout += s), isTTY: false },
  stderr: { write: () => {}, isTTY: false },
  readStdin: async () => "",
  stdinIsTTY: true,
  convexEnvList: async () => ({ ok: false, reason: "not used" }),
});
const output = stdout.trimEnd();

function replaceBlock(file: string, start: string, end: string): void {
  const path = `${repo}${file}`;
  const text = readFileSync(path, "utf8");
  const from = text.indexOf(start);
  const to = text.indexOf(end, from + start.length);
  if (from < 0 || to < 0) throw new Error(`${file} lacks the example block`);
  writeFileSync(path, `${text.slice(0, from + start.length)}${output}${text.slice(to)}`);
}

const docs = readFileSync(`${repo}docs/cli.md`, "utf8");
const heading = docs.indexOf("## Example: a broken Vite project");
const fence = docs.indexOf("```\n", heading) + 4;
const close = docs.indexOf("\n```", fence);
writeFileSync(`${repo}docs/cli.md`, `${docs.slice(0, fence)}${output}${docs.slice(close)}`);
replaceBlock(
  "README.md",
  "<!-- doctor-example:start -->\n```\n",
  "\n```\n<!-- doctor-example:end -->",
);
console.log("docs/cli.md and README.md doctor examples updated");
