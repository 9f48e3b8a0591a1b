/**
 * The doctor as a function: `run(argv, io)` does everything the `convex-authkit-doctor` bin
 * does and returns its exit code. All I/O goes through `io`, so tests drive it in-process.
 */
import { readFileSync } from "node:fs";
import { isAbsolute, relative } from "node:path";
import { createRequire } from "node:module";
import { checkToken, finding, parseConvexAuthError, visibleText } from "../core/index.js";
import type { FetchLike } from "../core/index.js";
import { palette, shouldColor, startSpinner, type SpinnerStream } from "./ansi.js";
import { helpText, parseArgs, UsageError, type DoctorArgs } from "./args.js";
import { evaluateAuthConfig, hasEnvMarker, type AuthConfigResult } from "./authConfig.js";
import { authConfigTypesSection, readAuthConfigTypes } from "./authConfigTypes.js";
import { authKitConfigSection, readAuthKitJson } from "./authKitConfig.js";
import { runChecks, type CheckSection } from "./checks.js";
import {
  convexEnvList,
  readDeploymentEnvFile,
  readDeploymentEnvFromConvex,
  type ConvexEnvLister,
  type DeploymentEnv,
} from "./deploymentEnv.js";
import {
  convexPackageSection,
  nodeFitsConvex,
  nodeTooOldReason,
  readConvexPackage,
  type ConvexPackageInfo,
} from "./convexPackage.js";
import { liveSection, WORKOS_API_BASE, type LiveFetch } from "./live.js";
import { readProject } from "./project.js";
import { collectSecrets, scrub } from "./redact.js";
import {
  exitCodeOf,
  renderJson,
  renderChecklist,
  type DoctorReport,
  type TokenOutcome,
} from "./report.js";

/** A stream the doctor writes to. */
export interface OutStream extends SpinnerStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/** Everything `run` touches outside itself. */
export interface DoctorIo {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: OutStream;
  stderr: OutStream;
  /** Reads all of stdin (for `--token -` / `--explain -`). */
  readStdin(): Promise<string>;
  stdinIsTTY?: boolean;
  /** Used for JWKS / OIDC discovery by `--token`. Default: global fetch with the timeout. */
  fetch?: FetchLike;
  /** Runs `convex env list`. Default: the project's own `convex` bin. */
  convexEnvList?: ConvexEnvLister;
  /** The Node.js version the project's convex CLI would run under. Default: this process's. */
  nodeVersion?: string;
  /** The WorkOS API `--live` asks. Default `https://api.workos.com`. */
  workosApiBase?: string;
}

/** Exit codes. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** The package version (from package.json next to `src/` or `dist/`). */
export function packageVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    return (
      (
        JSON.parse(readFileSync(require.resolve("../../package.json"), "utf8")) as {
          version?: string;
        }
      ).version ?? "0.0.0"
    );
  } catch {
    return "0.0.0";
  }
}

const MAX_STDIN = 1_000_000;

async function stdinValue(io: DoctorIo, flag: string): Promise<string> {
  if (io.stdinIsTTY)
    throw new UsageError(
      `${flag} - reads stdin, but stdin is a terminal: pipe the value in or pass it after ${flag}`,
    );
  const text = (await io.readStdin()).slice(0, MAX_STDIN);
  if (text.trim() === "") throw new UsageError(`${flag}: stdin was empty`);
  return text;
}

function timedLiveFetch(timeoutMs: number): LiveFetch {
  return (url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
}

function timedFetch(timeoutMs: number): FetchLike {
  return (url, init) =>
    fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: "follow" });
}

/**
 * Runs the doctor.
 * @example const code = await run(["./my-app", "--json"], nodeIo());
 * @returns 0 when nothing is an error, 1 when a finding is an error, 2 on bad usage.
 */
/** `parseConvexAuthError` for `--explain`: unknown text points at what a CLI user can attach. */
function explainForCli(text: string): ReturnType<typeof parseConvexAuthError> {
  const parsed = parseConvexAuthError(text);
  if (parsed.code !== "UNKNOWN_ERROR_TEXT") return parsed;
  return { ...parsed, finding: finding("UNKNOWN_ERROR_TEXT", parsed.finding.evidence, "cli") };
}

export async function run(argv: readonly string[], io: DoctorIo): Promise<number> {
  const version = packageVersion();
  let args: DoctorArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    return usageError(io, e);
  }
  if (args.help) {
    io.stdout.write(helpText(version));
    return EXIT.ok;
  }
  if (args.version) {
    io.stdout.write(`${version}\n`);
    return EXIT.ok;
  }
  const color = !args.json && shouldColor(args.color, io.env, io.stdout.isTTY === true);
  const c = palette(color);
  const secrets: string[] = [];
  const write = (text: string) => io.stdout.write(scrub(text, collectSecrets([], secrets)));

  try {
    if (args.explain !== null) {
      const text = args.explain === "-" ? await stdinValue(io, "--explain") : args.explain;
      const report: DoctorReport = {
        version,
        mode: "explain",
        project: null,
        projectLabel: null,
        deploymentSource: null,
        sections: [],
        token: null,
        explain: explainForCli(text),
      };
      write(args.json ? renderJson(report) : renderChecklist(report, c, color));
      return exitCodeOf(report);
    }

    const token =
      args.token === null
        ? null
        : args.token === "-"
          ? (await stdinValue(io, "--token")).trim()
          : args.token.trim();
    if (token !== null) secrets.push(token);
    const project = readProject(args.projectDir ?? ".", io.cwd);
    const convexPackage = readConvexPackage(project.dir);
    const nodeVersion = io.nodeVersion ?? process.versions.node;
    const deploymentFile =
      args.deploymentEnvFile !== null
        ? readDeploymentEnvFile(args.deploymentEnvFile, io.cwd)
        : null;

    const spinner = startSpinner(io.stderr, "Reading the deployment's environment…", !args.json);
    let deployment: DeploymentEnv;
    let authConfig: AuthConfigResult | null;
    let tokenOutcome: TokenOutcome | null = null;
    try {
      const configured =
        project.localEnv.CONVEX_DEPLOYMENT?.value ||
        io.env.CONVEX_DEPLOYMENT ||
        project.localEnv.CONVEX_SELF_HOSTED_URL?.value ||
        io.env.CONVEX_SELF_HOSTED_URL ||
        null;
      deployment =
        deploymentFile ??
        (await deploymentFromConvex(args, io, configured, project.dir, {
          convexPackage,
          nodeVersion,
        }));
      spinner.update("Evaluating the auth config…");
      authConfig = project.authConfigFile
        ? await evaluateAuthConfig(project.authConfigFile, {
            projectDir: project.dir,
            deploymentEnv: deployment.known ? deployment.vars : null,
          })
        : null;
      const checks = runChecks({
        project,
        deployment,
        authConfig,
        extraSkipped: token !== null && !deployment.known ? ["--token"] : [],
      });
      const typesSection = authConfigTypesSection(readAuthConfigTypes(project));
      if (typesSection) insertAfter(checks.sections, "auth-config", typesSection);
      const nodeSection = convexPackageSection(convexPackage, nodeVersion);
      if (nodeSection) checks.sections.unshift(nodeSection);
      const authKitJson = readAuthKitJson(project.dir);
      if (authKitJson)
        insertAfter(
          checks.sections,
          "redirect-uri",
          authKitConfigSection({ project, deployment, env: io.env, json: authKitJson }),
        );
      if (token !== null) {
        const offlineUnknown = offlineTokenBlocker(args, authConfig, checks.providers);
        if (offlineUnknown) throw new UsageError(offlineUnknown);
        spinner.update(
          args.offline ? "Checking the token…" : "Checking the token (fetching JWKS)…",
        );
        tokenOutcome = checks.providers
          ? {
              checked: true,
              // Offline means no network: without keys the verdict is "unverified", saying which
              // provider Convex would pick and what the claims show, not "accepted".
              check: await checkToken(token, checks.providers, {
                fetch: args.offline ? null : (io.fetch ?? timedFetch(args.timeoutMs)),
              }),
            }
          : { checked: false, reason: tokenSkipReason(authConfig, deployment) };
      }
      if (args.live) {
        spinner.update("Asking WorkOS about the environment (--live)…");
        if (io.env.WORKOS_API_KEY) secrets.push(io.env.WORKOS_API_KEY);
        const markerNames =
          authConfig?.status === "ok"
            ? authConfig.unknownReads
            : authConfig?.status === "env-unset"
              ? authConfig.unsetNames
              : [];
        checks.sections.push(
          await liveSection({
            project,
            deployment,
            env: io.env,
            providerSet: checks.providerSet,
            isMarker: (value) => hasEnvMarker(value, markerNames),
            authKit: authKitJson,
            prod: args.prod,
            token,
            tokenCheckCode: tokenOutcome?.checked ? tokenOutcome.check.code : null,
            fetch: timedLiveFetch(args.timeoutMs),
            apiBase: io.workosApiBase ?? WORKOS_API_BASE,
          }),
        );
      }
      const localSecrets = Object.fromEntries(
        Object.entries(project.localEnv).map(([k, v]) => [k, v.value]),
      );
      secrets.push(
        ...collectSecrets([localSecrets, deployment.known ? deployment.vars : null], []),
      );
      const report: DoctorReport = {
        version,
        mode: "checks",
        project,
        projectLabel: displayPath(io.cwd, project.dir),
        deploymentSource: deployment.known ? deployment.label : null,
        sections: checks.sections,
        token: tokenOutcome,
        explain: null,
      };
      spinner.stop();
      write(args.json ? renderJson(report) : renderChecklist(report, c, color));
      return exitCodeOf(report);
    } finally {
      spinner.stop();
    }
  } catch (e) {
    if (e instanceof UsageError) return usageError(io, e);
    const message = e instanceof Error ? e.message : String(e);
    io.stderr.write(
      scrub(
        `convex-authkit-doctor: unexpected error: ${visibleText(message)}\n`,
        collectSecrets([], secrets),
      ),
    );
    if (io.env.CONVEX_AUTHKIT_DOCTOR_DEBUG && e instanceof Error && e.stack)
      io.stderr.write(
        scrub(`${e.stack.split("\n").map(visibleText).join("\n")}\n`, collectSecrets([], secrets)),
      );
    return EXIT.findings;
  }
}

function usageError(io: DoctorIo, e: unknown): number {
  const message = e instanceof Error ? e.message : String(e);
  // Usage errors echo the offending argument, which may be a token pasted in the wrong place, or
  // hold control characters.
  io.stderr.write(
    scrub(
      `convex-authkit-doctor: ${visibleText(message)}\nRun \`convex-authkit-doctor --help\` for usage.\n`,
      [],
    ),
  );
  return EXIT.usage;
}

async function deploymentFromConvex(
  args: DoctorArgs,
  io: DoctorIo,
  configured: string | null,
  projectDir: string,
  tooling: { convexPackage: ConvexPackageInfo | null; nodeVersion: string },
): Promise<DeploymentEnv> {
  if (args.offline)
    return {
      known: false,
      reason: "`--offline` was given and no `--deployment-env` file",
      skipped: true,
    };
  if (!configured && !args.prod) {
    return {
      known: false,
      reason:
        "no deployment is configured (neither `CONVEX_DEPLOYMENT` nor `CONVEX_SELF_HOSTED_URL` is in `.env.local`) and no `--deployment-env` file was given",
      skipped: true,
    };
  }
  // The project's convex CLI under a Node.js it does not support fails in ways that hide why.
  if (tooling.convexPackage && !nodeFitsConvex(tooling.convexPackage, tooling.nodeVersion))
    return {
      known: false,
      reason: nodeTooOldReason(tooling.convexPackage, tooling.nodeVersion),
      skipped: false,
    };
  return readDeploymentEnvFromConvex(io.convexEnvList ?? convexEnvList, {
    projectDir,
    prod: args.prod,
    timeoutMs: args.timeoutMs,
    env: io.env,
    deployment: configured ?? "production",
  });
}

/**
 * `--offline --token` without `--deployment-env` can check nothing when auth.config reads env
 * vars: offline, the deployment's values come only from that file. That is a usage error.
 */
function offlineTokenBlocker(
  args: DoctorArgs,
  authConfig: AuthConfigResult | null,
  providers: unknown[] | null,
): string | null {
  if (!args.offline || args.deploymentEnvFile !== null || providers !== null) return null;
  if (authConfig?.status !== "ok" || !authConfig.symbolic || authConfig.unknownReads.length === 0)
    return null;
  const names = authConfig.unknownReads.map((n) => `\`${n}\``).join(", ");
  return `--token with --offline needs --deployment-env <file>: auth.config reads ${names}, and offline the deployment's values come only from that file`;
}

function tokenSkipReason(authConfig: AuthConfigResult | null, deployment: DeploymentEnv): string {
  if (authConfig === null)
    return "Not checked: there is no auth config, so Convex rejects every token (see NO_PROVIDERS above).";
  if (authConfig.status === "error")
    return "Not checked: the auth config could not be evaluated (see above).";
  if (authConfig.status === "env-unset")
    return "Not checked: the auth config reads env vars the deployment does not have (see above).";
  if (!deployment.known)
    return "Not checked: the auth config reads env vars and the deployment's values are unknown; pass `--deployment-env <file>`.";
  return "Not checked: the auth config's `providers` is not an array (see above).";
}

function displayPath(cwd: string, dir: string): string {
  const rel = relative(cwd, dir);
  if (rel === "") return ".";
  return rel.startsWith("..") || isAbsolute(rel) ? dir : rel;
}

/** Puts `section` right after the section `id` (at the end when there is none). */
function insertAfter(
  sections: CheckSection[],
  id: CheckSection["id"],
  section: CheckSection,
): void {
  const at = sections.findIndex((x) => x.id === id);
  sections.splice(at < 0 ? sections.length : at + 1, 0, section);
}
