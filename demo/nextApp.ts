/**
 * Builds and runs the Next.js example (`example-nextjs/`) against the local WorkOS issuer and the
 * Convex stand-in: `npm run demo:next` and the Next.js e2e tests use these.
 *
 * The example imports this package from `dist/` (see its next.config.ts), so {@link buildPackage}
 * comes first. `next build` bakes `NEXT_PUBLIC_*` values into the bundle: the deployment URL and
 * the app's own URL (its redirect URI) are fixed per build, so pick the ports before building.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer } from "node:net";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
/** The Next.js example's directory. */
export const NEXT_EXAMPLE_ROOT = fileURLToPath(new URL("../example-nextjs/", import.meta.url));
const require = createRequire(import.meta.url);

/** A free TCP port on 127.0.0.1 (closed again at once; good enough on one machine). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The URL the example is browsed at (and its redirect URI's origin). */
export function appUrlFor(port: number): string {
  return `http://localhost:${port}`;
}

/** Env for a child: the shell's, minus anything that would change what the example sees. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(WORKOS_|NEXT_PUBLIC_|DEMO_|EXAMPLE_|CONVEX_|__NEXT)/.test(k) || k === "NODE_ENV")
      continue;
    env[k] = v;
  }
  return { ...env, NEXT_TELEMETRY_DISABLED: "1", ...extra };
}

/** Runs a command to completion; rejects with its output when it fails. */
function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ ms: number; output: string }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c: Buffer) => {
      output += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      output += c.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve({ ms: Math.round(performance.now() - t0), output });
      else reject(new Error(`${command} ${args.join(" ")} exited with ${code}:\n${output}`));
    });
  });
}

/** `npm run build`: emits `dist/`, which the example imports. */
export async function buildPackage(): Promise<{ ms: number }> {
  rmSync(`${REPO_ROOT}dist`, { recursive: true, force: true });
  const tsc = require.resolve("typescript/bin/tsc");
  const { ms } = await run(process.execPath, [tsc, "--project", "tsconfig.build.json"], {
    cwd: REPO_ROOT,
    env: cleanEnv({}),
  });
  return { ms };
}

/** Options of {@link buildNextExample}. */
export interface NextBuildOptions {
  /** The deployment URL (`NEXT_PUBLIC_CONVEX_URL`). */
  convexUrl: string;
  /** The app's URL ({@link appUrlFor}); the redirect URI is `<appUrl>/callback`. */
  appUrl: string;
  /** Keep the overlay in the production build (`EXAMPLE_DIAGNOSTICS=on`). */
  diagnostics: boolean;
  /** `next build`'s output directory, relative to the example. Default `.next`. */
  distDir?: string;
}

/** `next build` of the example; returns how long it took. */
export async function buildNextExample(options: NextBuildOptions): Promise<{ ms: number }> {
  const { ms } = await run(process.execPath, [require.resolve("next/dist/bin/next"), "build"], {
    cwd: NEXT_EXAMPLE_ROOT,
    env: cleanEnv({
      NEXT_PUBLIC_CONVEX_URL: options.convexUrl,
      NEXT_PUBLIC_WORKOS_REDIRECT_URI: `${options.appUrl}/callback`,
      EXAMPLE_DIST_DIR: options.distDir ?? ".next",
      ...(options.diagnostics ? { EXAMPLE_DIAGNOSTICS: "on" } : {}),
    }),
  });
  return { ms };
}

/** A running Next.js server. */
export interface RunningNextApp {
  url: string;
  /** Everything the server printed (for failure messages). */
  readonly output: string;
  /** Ms from spawn to the first HTTP answer. */
  readyMs: number;
  stop(): Promise<void>;
}

/** Options of {@link startNextExample}. */
export interface NextStartOptions {
  /** `start` serves a build (`next start`), `dev` runs `next dev`. */
  mode: "start" | "dev";
  port: number;
  /** The server's run-time env (WORKOS_*, DEMO_*, …). */
  env: Record<string, string>;
  /** For `start`: the build's directory (as given to {@link buildNextExample}). */
  distDir?: string;
  /** For `dev`: the values `next build` would have baked in. */
  build?: Omit<NextBuildOptions, "distDir">;
  /** Diagnostics on the server side in a production server (`EXAMPLE_DIAGNOSTICS=on`). */
  diagnostics: boolean;
  /** Print the server's output as it comes. */
  inheritOutput?: boolean;
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      await fetch(`${url}/_next/static/ready-check`, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`no answer from ${url} within ${timeoutMs} ms`);
}

/**
 * Starts the example, listening on 127.0.0.1 and browsed as `http://localhost:<port>` (Next.js
 * names the request's host `localhost` in `request.nextUrl`, so AuthKit's callback redirects
 * there: the app's URL must be that one). Resolves once it answers HTTP.
 */
export async function startNextExample(options: NextStartOptions): Promise<RunningNextApp> {
  const url = appUrlFor(options.port);
  const next = require.resolve("next/dist/bin/next");
  const args =
    options.mode === "start"
      ? [next, "start", "--hostname", "127.0.0.1", "--port", String(options.port)]
      : [next, "dev", "--hostname", "127.0.0.1", "--port", String(options.port)];
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: NEXT_EXAMPLE_ROOT,
    env: cleanEnv({
      ...options.env,
      ...(options.distDir ? { EXAMPLE_DIST_DIR: options.distDir } : {}),
      ...(options.diagnostics ? { EXAMPLE_DIAGNOSTICS: "on" } : {}),
      ...(options.build
        ? {
            NEXT_PUBLIC_CONVEX_URL: options.build.convexUrl,
            NEXT_PUBLIC_WORKOS_REDIRECT_URI: `${options.build.appUrl}/callback`,
          }
        : {}),
    }),
    // Its own process group, so stopping it also stops any worker it started.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (c: Buffer) => {
    output += c.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
    if (options.inheritOutput) process.stdout.write(c);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      return;
    }
    const killed = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // Already gone.
      }
    }, 3000);
    await exited;
    clearTimeout(killed);
  };
  try {
    await waitForHttp(`http://127.0.0.1:${options.port}`, child, 60_000);
  } catch (e) {
    await stop();
    throw new Error(
      `The Next.js example did not start: ${e instanceof Error ? e.message : String(e)}\n${output}`,
      { cause: e },
    );
  }
  return {
    url,
    get output() {
      return output;
    },
    readyMs: Math.round(performance.now() - t0),
    stop,
  };
}
