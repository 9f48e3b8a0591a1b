#!/usr/bin/env node
/**
 * `convex-authkit-doctor`: finds Convex + WorkOS AuthKit misconfiguration before the app runs.
 * See `docs/cli.md`. Exit codes: 0 nothing is an error, 1 an error finding, 2 bad usage.
 */
import { redactSecrets, visibleText } from "../core/index.js";
import { run } from "./run.js";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const b = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    chunks.push(b);
    size += b.length;
    if (size > 1_000_000) break;
  }
  return Buffer.concat(chunks).toString("utf8");
}

run(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin,
  stdinIsTTY: process.stdin.isTTY === true,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // run() handles its own errors; this is the last resort, still without a stack trace.
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(
      `convex-authkit-doctor: unexpected error: ${redactSecrets(visibleText(message))}\n`,
    );
    process.exitCode = 1;
  },
);
