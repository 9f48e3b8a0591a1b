/**
 * A tiny, dependency-free argument parser for `convex-authkit-doctor`. Bad usage becomes a
 * {@link UsageError} (exit code 2), never an exception with a stack trace.
 */

/** Thrown for bad usage; `run()` prints the message and exits with code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The parsed command line. */
export interface DoctorArgs {
  /** The project to examine (default: the current directory). */
  projectDir: string | null;
  /** `--token <jwt>`; `"-"` means read it from stdin. */
  token: string | null;
  /** `--explain <text>`; `"-"` means read it from stdin. */
  explain: string | null;
  /** `--deployment-env <file>`: the deployment's env as a dotenv file (offline). */
  deploymentEnvFile: string | null;
  /** `--prod`: read the production deployment's env (`npx convex env list --prod`). */
  prod: boolean;
  /** `--offline`: never run `npx convex env list`. */
  offline: boolean;
  /** `--live`: check the WorkOS environment with `WORKOS_API_KEY` (opt-in; network). */
  live: boolean;
  /** `--timeout <seconds>` for `convex env list` and JWKS fetches. */
  timeoutMs: number;
  json: boolean;
  /** `true`/`false` from `--color`/`--no-color`; `null` = decide from NO_COLOR, FORCE_COLOR and the TTY. */
  color: boolean | null;
  help: boolean;
  version: boolean;
}

interface FlagSpec {
  key: keyof DoctorArgs;
  /** Takes a value (`--flag value` or `--flag=value`). */
  value: boolean;
  /** May be given without a value, meaning "read stdin" (`-`). */
  optionalValue?: boolean;
}

const FLAGS: Record<string, FlagSpec> = {
  "--token": { key: "token", value: true, optionalValue: true },
  "--explain": { key: "explain", value: true, optionalValue: true },
  "--deployment-env": { key: "deploymentEnvFile", value: true },
  "--timeout": { key: "timeoutMs", value: true },
  "--prod": { key: "prod", value: false },
  "--offline": { key: "offline", value: false },
  "--live": { key: "live", value: false },
  "--json": { key: "json", value: false },
  "--color": { key: "color", value: false },
  "--no-color": { key: "color", value: false },
  "--help": { key: "help", value: false },
  "-h": { key: "help", value: false },
  "--version": { key: "version", value: false },
  "-v": { key: "version", value: false },
};

/** Default time budget for `convex env list` and each JWKS fetch. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Parses `argv` (without `node` and the script path).
 * @example parseArgs(["./app", "--json"]) // { projectDir: "./app", json: true, … }
 * @throws {UsageError} on an unknown flag, a missing value or a second project directory.
 */
export function parseArgs(argv: readonly string[]): DoctorArgs {
  const args: DoctorArgs = {
    projectDir: null,
    token: null,
    explain: null,
    deploymentEnvFile: null,
    prod: false,
    offline: false,
    live: false,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    json: false,
    color: null,
    help: false,
    version: false,
  };
  const seen = new Set<string>();
  let positionalOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (positionalOnly || !arg.startsWith("-") || arg === "-") {
      if (args.projectDir !== null)
        throw new UsageError(
          `unexpected argument "${arg}": only one project directory can be given`,
        );
      args.projectDir = arg;
      continue;
    }
    if (arg === "--") {
      positionalOnly = true;
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    const spec = FLAGS[name];
    if (!spec) throw new UsageError(`unknown option "${name}"`);
    if (seen.has(spec.key) && spec.key !== "color")
      throw new UsageError(`option "${name}" was given twice`);
    seen.add(spec.key);
    if (!spec.value) {
      if (eq > 0 && arg.startsWith("--")) throw new UsageError(`option "${name}" takes no value`);
      if (spec.key === "color") args.color = name === "--color";
      else (args as unknown as Record<string, boolean>)[spec.key] = true;
      continue;
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      // `--token` followed by another flag (or nothing) means "read stdin" for stdin-capable flags.
      if (next !== undefined && (next === "-" || !next.startsWith("-"))) {
        value = next;
        i++;
      } else if (spec.optionalValue) value = "-";
    }
    if (value === undefined || value === "") throw new UsageError(`option "${name}" needs a value`);
    if (spec.key === "timeoutMs") {
      const seconds = Number(value);
      if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) {
        throw new UsageError(
          `--timeout must be a number of seconds between 0 and 600, got "${value}"`,
        );
      }
      args.timeoutMs = Math.round(seconds * 1000);
    } else {
      (args as unknown as Record<string, string>)[spec.key] = value;
    }
  }
  if (args.token !== null && args.explain !== null) {
    throw new UsageError("--explain looks at an error text only; run --token separately");
  }
  if (args.explain !== null) {
    // Project options would be silently ignored: --explain never reads a project.
    const ignored = [
      args.projectDir !== null ? `a project directory ("${args.projectDir}")` : null,
      args.deploymentEnvFile !== null ? "--deployment-env" : null,
      args.prod ? "--prod" : null,
      args.offline ? "--offline" : null,
      args.live ? "--live" : null,
      seen.has("timeoutMs") ? "--timeout" : null,
    ].filter((x): x is string => x !== null);
    if (ignored.length > 0)
      throw new UsageError(
        `--explain looks at an error text only, not at a project; ${ignored.join(", ")} cannot be combined with it`,
      );
  }
  if (args.deploymentEnvFile !== null && args.prod) {
    throw new UsageError(
      "--prod reads the production deployment with `npx convex env list --prod`; it cannot be combined with --deployment-env",
    );
  }
  if (args.offline && args.prod) {
    throw new UsageError(
      "--prod reads the production deployment with `npx convex env list --prod`, which --offline does not run; save its output to a file and pass --deployment-env <file> instead",
    );
  }
  if (args.offline && args.live) {
    throw new UsageError(
      "--live asks WorkOS about the environment and --offline means no network; choose one",
    );
  }
  if (args.offline && seen.has("timeoutMs")) {
    throw new UsageError(
      "--timeout limits `npx convex env list` and JWKS fetches, and --offline makes neither",
    );
  }
  return args;
}

/** The `--help` text. */
export function helpText(version: string): string {
  return `convex-authkit-doctor ${version}
Finds Convex + WorkOS AuthKit misconfiguration before the app runs.

Usage:
  npx convex-authkit-doctor [projectDir] [options]
  npx convex-authkit-diagnostics [projectDir] [options]   (the same, without installing)

Checks the project's convex/auth.config.ts (evaluated with the deployment's env, as
Convex does), .env.local / .env, and the deployment's env vars: client IDs, missing env
vars, redirect URIs, provider lint, WorkOS issuer variants, WORKOS_COOKIE_PASSWORD.

Options:
  --deployment-env <file>  the deployment's env vars as a dotenv file (e.g. the saved
                           output of \`npx convex env list\`); a regular file, at most 1 MiB
  --prod                   read the production deployment's env (\`convex env list --prod\`)
  --offline                no network: do not run \`npx convex env list\` and do not fetch
                           JWKS; --token then needs --deployment-env when auth.config reads
                           env vars, and its verdict is "unverified" (signature not checked)
  --live                   also ask WorkOS (opt-in, needs WORKOS_API_KEY from the shell,
                           .env.local or the deployment): redirect URIs and CORS origins
                           vs the app and convex.json, the client ID vs the key's
                           environment, every configured JWKS vs the token's kid
  --token <jwt|->          check an access token against the evaluated providers, as
                           Convex would ("-" or no value: read it from stdin)
  --explain <text|->       explain a Convex / WorkOS / AuthKit error text ("-": stdin);
                           takes no project options
  --json                   print { version, ok, findings: [{ code, severity, title,
                           message, fix, docs, evidence }], project, checks, token }
                           (with --explain: { version, ok, findings, explain })
  --timeout <seconds>      time budget for \`convex env list\`, each JWKS fetch and each
                           WorkOS request (10)
  --color, --no-color      force colors on or off in the checklist (default: on for a
                           terminal, honors NO_COLOR and FORCE_COLOR; never in --json)
  -h, --help               show this help
  -v, --version            print the version

Exit codes: 0 nothing is an error, 1 at least one error finding, 2 bad usage.
The doctor never prints a token, an API key or the cookie password.
`;
}
