import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { run, type DoctorIo } from "../../src/cli/run.js";
import type { ConvexEnvLister } from "../../src/cli/deploymentEnv.js";

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = join(here, "fixtures");
export const REPO = resolve(here, "../..");
export const DOCTOR = join(REPO, "src/cli/doctor.ts");

export function fixture(name: string): string {
  return join(FIXTURES, name);
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A lister that fails the test if called: fixtures must not reach for a real deployment. */
export const noConvexCli: ConvexEnvLister = async () => {
  throw new Error("convex env list must not be called in this test");
};

/** Runs the doctor in-process with captured output. */
export async function runDoctor(
  argv: string[],
  opts: Partial<Pick<DoctorIo, "fetch" | "convexEnvList" | "stdinIsTTY">> & {
    env?: Record<string, string>;
    stdin?: string;
    tty?: boolean;
    cwd?: string;
  } = {},
): Promise<RunResult> {
  let stdout = "";
  let stderr = "";
  const code = await run(argv, {
    cwd: opts.cwd ?? REPO,
    env: opts.env ?? {},
    stdout: { write: (s: string) => (stdout += s), isTTY: opts.tty ?? false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    readStdin: async () => opts.stdin ?? "",
    stdinIsTTY: opts.stdinIsTTY ?? opts.stdin === undefined,
    convexEnvList: opts.convexEnvList ?? noConvexCli,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  return { code, stdout, stderr };
}

/** Runs the real bin (`node --import tsx src/cli/doctor.ts`) as a subprocess. */
export function runCli(
  args: string[],
  opts: { env?: Record<string, string>; input?: string; cwd?: string } = {},
): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      ...opts.env,
    };
    const child = spawn(process.execPath, ["--import", "tsx", DOCTOR, ...args], {
      cwd: opts.cwd ?? REPO,
      env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(opts.input ?? "");
  });
}

/** A temporary project made from `files` (path → content), optionally starting from a fixture. */
export function tmpProject(
  files: Record<string, string>,
  from?: string,
): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), "doctor-"));
  if (from) cpSync(fixture(from), dir, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A local HTTP server on 127.0.0.1 serving JSON by path; counts requests. */
export async function startServer(
  routes: Record<string, { status?: number; body: unknown; contentType?: string }>,
): Promise<{
  url: string;
  hits: string[];
  close(): Promise<void>;
}> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? "");
    const route = routes[req.url ?? ""];
    if (!route) {
      res.writeHead(404, { "content-type": "application/json" }).end("{}");
      return;
    }
    res
      .writeHead(route.status ?? 200, {
        "content-type": route.contentType ?? "application/jwk-set+json",
      })
      .end(JSON.stringify(route.body));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Parses `--json` output, failing the test with the raw text when it is not JSON. */
export function parseJson(stdout: string): {
  findings: Array<{
    code: string;
    severity: string;
    title: string;
    message: string;
    fix: string;
    evidence: Record<string, unknown>;
  }>;
  [k: string]: unknown;
} {
  try {
    return JSON.parse(stdout);
  } catch {
    throw new Error(`not JSON:\n${stdout}`);
  }
}

export function codes(stdout: string): string[] {
  return parseJson(stdout).findings.map((f) => f.code);
}
