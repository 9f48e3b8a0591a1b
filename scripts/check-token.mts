/**
 * `<token source> | npm run check-token [-- --client-id client_… --older-config]`, or
 * `npm run check-token -- --demo`. See `npm run check-token -- --help` and scripts/checkTokenCli.ts.
 */
import { exitQuietlyOnClosedPipe } from "../demo/lifecycle.js";
import { checkTokenMain } from "./checkTokenCli.js";

exitQuietlyOnClosedPipe();

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

process.exitCode = await checkTokenMain(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin,
  stdinIsTTY: process.stdin.isTTY === true,
  color: process.stdout.isTTY === true && !process.env.NO_COLOR,
});
