/**
 * Runs a JavaScript program in a separate Node process confined by Node's permission model: no
 * file system access at all (the program arrives with `-e`, its input on stdin), no child
 * processes, no worker threads, no native addons, no code generation from strings, an empty
 * environment, a JavaScript heap cap, a wall-clock limit and a bound on what it may print.
 *
 * On Node 20 the flag is `--experimental-permission`, from Node 22.13 `--permission`. Neither
 * restricts the network before Node 25 (which added `--allow-net`), and no Node version
 * restricts signals; see docs/cli.md for what this does and does not hold.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";

/** Limits of one confined run. */
export interface ConfinedLimits {
  /** Wall-clock limit for the whole process, startup included; it is killed after. */
  timeoutMs: number;
  /** `--max-old-space-size`, in MiB. */
  heapMb: number;
  /** Resident memory (JavaScript heap plus array buffers) above which it is killed, in MiB (Linux). */
  rssMb: number;
  /** Bytes of stdout read at most; beyond, it is killed. */
  maxOutputBytes: number;
}

/** How a confined run ended. */
export type ConfinedResult =
  | { kind: "exited"; code: number | null; signal: string | null; stdout: string; stderr: string }
  | { kind: "timeout" }
  | { kind: "out-of-memory"; limit: "heap" | "rss" }
  | { kind: "output-too-large" }
  | { kind: "unavailable"; reason: string };

/** The permission-model flag this Node accepts, or `null` when it has none. */
export function permissionFlag(
  flags: ReadonlySet<string> = process.allowedNodeEnvironmentFlags,
): "--permission" | "--experimental-permission" | null {
  if (flags.has("--permission")) return "--permission";
  if (flags.has("--experimental-permission")) return "--experimental-permission";
  return null;
}

const STDERR_KEEP = 16 * 1024;
const RSS_POLL_MS = 20;

function residentKiB(pid: number): number | null {
  try {
    const m = /^VmRSS:\s*(\d+)\s*kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/**
 * Runs `program` confined, writes `input` to its stdin and collects its stdout. Never throws.
 * @example await runConfined('process.stdout.write("hi")', "", { timeoutMs: 5000, heapMb: 64, rssMb: 256, maxOutputBytes: 1024 })
 */
export function runConfined(
  program: string,
  input: string,
  limits: ConfinedLimits,
): Promise<ConfinedResult> {
  const flag = permissionFlag();
  if (flag === null)
    return Promise.resolve({
      kind: "unavailable",
      reason: `Node.js ${process.version} has no permission model (\`--permission\`), which the doctor needs to run it confined`,
    });
  return new Promise((resolvePromise) => {
    const child = spawn(
      process.execPath,
      [
        flag,
        "--no-addons",
        "--disallow-code-generation-from-strings",
        `--max-old-space-size=${limits.heapMb}`,
        // The permission model's "experimental" notice would only add noise to stderr.
        "--no-warnings",
        "-e",
        program,
      ],
      {
        // Nothing of the doctor's environment (tokens, keys, NODE_OPTIONS) reaches the child.
        env: {},
        cwd: tmpdir(),
        stdio: ["pipe", "pipe", "pipe"],
        windowsHide: true,
      },
    );
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = "";
    let ended: ConfinedResult | null = null;
    const stop = (result: ConfinedResult) => {
      if (ended) return;
      ended = result;
      child.kill("SIGKILL");
    };
    child.stdout.on("data", (d: Buffer) => {
      stdoutBytes += d.length;
      if (stdoutBytes > limits.maxOutputBytes) stop({ kind: "output-too-large" });
      else stdout.push(d);
    });
    child.stderr.on("data", (d: Buffer) => {
      if (stderr.length < STDERR_KEEP) stderr += d.toString("utf8");
    });
    // The child may exit before reading its input; that is reported by its exit, not here.
    child.stdin.on("error", () => undefined);
    child.stdin.end(input);
    const timer = setTimeout(() => stop({ kind: "timeout" }), limits.timeoutMs);
    // The heap cap does not cover array buffers; on Linux their growth shows in the resident size.
    const poll =
      process.platform === "linux" && child.pid !== undefined
        ? setInterval(() => {
            const kib = residentKiB(child.pid!);
            if (kib !== null && kib > limits.rssMb * 1024)
              stop({ kind: "out-of-memory", limit: "rss" });
          }, RSS_POLL_MS)
        : null;
    const finish = (result: ConfinedResult) => {
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      resolvePromise(ended ?? result);
    };
    child.on("error", (e) =>
      finish({ kind: "unavailable", reason: `Node.js could not be started (${e.message})` }),
    );
    child.on("close", (code, signal) => {
      // V8 aborts the process when the heap cap is reached, after saying so on stderr.
      if (/heap out of memory|Reached heap limit/i.test(stderr))
        return finish({ kind: "out-of-memory", limit: "heap" });
      finish({
        kind: "exited",
        code,
        signal,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr,
      });
    });
  });
}
