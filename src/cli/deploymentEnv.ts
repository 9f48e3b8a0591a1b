/**
 * Reads the Convex deployment's environment variables: offline from a dotenv file, or by running
 * the project's own `convex` CLI (`convex env list --include-values`) with a time limit.
 * We run the installed package's bin with the current Node instead of `npx`, so nothing is ever
 * downloaded and no shell is involved.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { UsageError } from "./args.js";
import { stripAnsi } from "./ansi.js";
import { parseDotenv } from "./dotenv.js";
import {
  ENV_FILE_MAX_BYTES,
  formatBytes,
  readRegularFile,
  SOURCE_FILE_MAX_BYTES,
} from "./files.js";

/** The deployment's env, or why it is not known. */
export type DeploymentEnv =
  | { known: true; source: "file" | "convex-cli"; label: string; vars: Record<string, string> }
  | { known: false; reason: string; skipped: boolean };

/** The outcome of running `convex env list`. */
export type EnvListResult = { ok: true; stdout: string } | { ok: false; reason: string };

/** What `convex env list` needs to run for a project. */
export interface ConvexEnvListOptions {
  projectDir: string;
  prod: boolean;
  timeoutMs: number;
  env: Record<string, string | undefined>;
}

/** Runs `convex env list` for a project; injectable for tests. */
export type ConvexEnvLister = (opts: ConvexEnvListOptions) => Promise<EnvListResult>;

/**
 * Reads `--deployment-env <file>`: a regular file of at most {@link ENV_FILE_MAX_BYTES}.
 * @throws {UsageError} naming the file and why when it cannot be read.
 */
export function readDeploymentEnvFile(file: string, cwd: string): DeploymentEnv {
  const r = readRegularFile(resolve(cwd, file), ENV_FILE_MAX_BYTES);
  if (!r.ok) throw new UsageError(`cannot read --deployment-env file "${file}": it ${r.reason}`);
  return { known: true, source: "file", label: file, vars: parseDotenv(r.text).vars };
}

/** Reads the deployment env with `lister`, turning every failure into an explanation. */
export async function readDeploymentEnvFromConvex(
  lister: ConvexEnvLister,
  opts: ConvexEnvListOptions & { deployment: string },
): Promise<DeploymentEnv> {
  let r: EnvListResult;
  try {
    r = await lister(opts);
  } catch (e) {
    r = {
      ok: false,
      reason: `\`npx convex env list\` could not be run: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
  if (!r.ok) return { known: false, reason: r.reason, skipped: false };
  return {
    known: true,
    source: "convex-cli",
    label: `\`npx convex env list${opts.prod ? " --prod" : ""}\` (${opts.prod ? "production" : opts.deployment})`,
    vars: parseDotenv(r.stdout).vars,
  };
}

function lastLine(text: string): string {
  const lines = stripAnsi(text)
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !/^[✖✔⠀-⣿]\s*$/.test(l));
  const line =
    lines.find((l) => /error|not |unauthori|denied|failed|could not|cannot|invalid/i.test(l)) ??
    lines[lines.length - 1] ??
    "";
  return line.replace(/^[✖✔]\s*/, "").slice(0, 300);
}

/** Locates the project's `convex` bin script, or explains why it cannot. */
export function findConvexBin(
  projectDir: string,
): { ok: true; path: string } | { ok: false; reason: string } {
  try {
    const pkgPath = createRequire(join(projectDir, "package.json")).resolve("convex/package.json");
    const read = readRegularFile(pkgPath, SOURCE_FILE_MAX_BYTES);
    if (!read.ok)
      return {
        ok: false,
        reason: `the installed \`convex\` package's package.json ${read.reason}`,
      };
    const pkg = JSON.parse(read.text) as {
      bin?: string | Record<string, string>;
    };
    const bin = typeof pkg.bin === "string" ? pkg.bin : pkg.bin?.convex;
    if (!bin) return { ok: false, reason: "the installed `convex` package has no `convex` bin" };
    return { ok: true, path: join(dirname(pkgPath), bin) };
  } catch {
    return {
      ok: false,
      reason: "the `convex` package is not installed in this project (run `npm install`)",
    };
  }
}

function runNode(
  args: string[],
  cwd: string,
  env: Record<string, string | undefined>,
  timeoutMs: number,
): Promise<{
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  tooLarge: boolean;
}> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...env, FORCE_COLOR: "0", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = "";
    let timedOut = false;
    let tooLarge = false;
    child.stdout.on("data", (d: Buffer) => {
      stdoutBytes += d.length;
      // More output than an env file may hold would be cut, and a cut list misreports variables.
      if (stdoutBytes > ENV_FILE_MAX_BYTES) {
        if (!tooLarge) child.kill("SIGKILL");
        tooLarge = true;
        return;
      }
      stdout.push(d);
    });
    child.stderr.on("data", (d: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += d.toString("utf8");
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    const out = () => Buffer.concat(stdout).toString("utf8");
    child.on("error", (e) => {
      clearTimeout(timer);
      resolvePromise({ code: -1, stdout: out(), stderr: stderr + e.message, timedOut, tooLarge });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout: out(), stderr, timedOut, tooLarge });
    });
  });
}

/** The real lister: runs the project's `convex env list --include-values` (retrying without the flag on older CLIs). */
export const convexEnvList: ConvexEnvLister = async ({ projectDir, prod, timeoutMs, env }) => {
  const bin = findConvexBin(projectDir);
  if (!bin.ok) return { ok: false, reason: bin.reason };
  const base = [bin.path, "env", "list", ...(prod ? ["--prod"] : [])];
  const started = Date.now();
  let r = await runNode([...base, "--include-values"], projectDir, env, timeoutMs);
  if (!r.timedOut && r.code !== 0 && /unknown option.*include-values/i.test(r.stderr)) {
    r = await runNode(base, projectDir, env, Math.max(1000, timeoutMs - (Date.now() - started)));
  }
  if (r.tooLarge)
    return {
      ok: false,
      reason: `\`npx convex env list\` printed more than the ${formatBytes(ENV_FILE_MAX_BYTES)} the doctor reads`,
    };
  if (r.timedOut)
    return {
      ok: false,
      reason: `\`npx convex env list\` did not answer within ${Math.round(timeoutMs / 1000)} s`,
    };
  if (r.code !== 0)
    return {
      ok: false,
      reason: `\`npx convex env list\` failed: ${lastLine(r.stderr) || `exit code ${r.code}`}`,
    };
  return { ok: true, stdout: r.stdout };
};
