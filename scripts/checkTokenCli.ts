/**
 * The `npm run check-token` command as a function, so tests drive it in-process.
 *
 * It checks an AuthKit access token against the `auth.config.ts` the Convex docs recommend (or
 * the older docs' config) exactly as Convex would, fetching the real WorkOS JWKS. The token is
 * read from stdin only: an argument would land in the shell history and in npm's echo of the
 * script line. Without a token (`--demo`, or stdin a terminal) it signs a WorkOS-shaped token
 * offline and shows what the engine reports.
 */
import {
  checkToken,
  createDocumentCache,
  diagnose,
  renderText,
  type FetchLike,
} from "../src/core/index.js";
import {
  docsConfig,
  fakeFetch,
  jwksOf,
  makeKey,
  olderDocsConfig,
  WORKOS_JWKS,
  workosToken,
} from "../test/support/tokens.js";

/** What the command touches outside itself. */
export interface CheckTokenIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  /** Reads all of stdin. */
  readStdin(): Promise<string>;
  stdinIsTTY: boolean;
  color: boolean;
  /** Used for the WorkOS JWKS. Default: global fetch. */
  fetch?: FetchLike;
}

/** The parsed command line. */
export interface CheckTokenArgs {
  clientId: string | null;
  olderConfig: boolean;
  /** Sign a token offline instead of reading one. */
  demo: boolean;
  help: boolean;
}

/** Bad usage: printed with a pointer to `--help`, exit code 2. */
export class CheckTokenUsageError extends Error {
  override name = "CheckTokenUsageError";
}

export const CHECK_TOKEN_HELP = `Usage: <token source> | npm run check-token [-- options]
       npm run check-token -- --demo

Checks an AuthKit access token the way Convex would, against the auth.config.ts the
Convex docs recommend for the token's WorkOS client ID, fetching the real WorkOS JWKS.

The token is read from stdin, never from an argument, so it stays out of the shell
history and out of npm's echo of the script line, e.g.:
  pbpaste | npm run check-token
  npm run check-token < token.txt

Options:
  --client-id <client_…>  the WorkOS client ID (default: read from the token's issuer)
  --older-config          check against the older docs' config (applicationID on both
                          providers) instead of the current one
  --demo                  no token: sign a WorkOS-shaped token offline and show what the
                          engine reports (also what happens when stdin is a terminal)
  -h, --help              show this help

Exit codes: 0 accepted (or the demo ran), 1 rejected or unverified, 2 bad usage.
The token is never printed.
`;

/**
 * Parses the arguments after `npm run check-token --`.
 * @throws {CheckTokenUsageError} on an unknown option, a missing value or a positional argument.
 */
export function parseCheckTokenArgs(argv: readonly string[]): CheckTokenArgs {
  const args: CheckTokenArgs = { clientId: null, olderConfig: false, demo: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (name === "-h" || name === "--help") args.help = true;
    else if (name === "--older-config") args.olderConfig = true;
    else if (name === "--demo") args.demo = true;
    else if (name === "--client-id") {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === "" || value.startsWith("-"))
        throw new CheckTokenUsageError("--client-id needs a value (client_…)");
      args.clientId = value;
    } else if (arg.startsWith("-"))
      throw new CheckTokenUsageError(`unknown option "${name.slice(0, 40)}"`);
    // Never echo a positional argument: it is most likely a token.
    else
      throw new CheckTokenUsageError(
        "the token is read from stdin, not from an argument (it would land in the shell history and in npm's output): `pbpaste | npm run check-token`",
      );
  }
  if (args.demo && args.clientId !== null)
    throw new CheckTokenUsageError("--demo signs its own token; --client-id cannot be combined");
  return args;
}

function issuerOf(token: string): string | undefined {
  try {
    const payload = JSON.parse(
      Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"),
    ) as { iss?: unknown };
    return typeof payload.iss === "string" ? payload.iss : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs the command.
 * @returns 0 accepted (or the demo ran), 1 rejected or unverified, 2 bad usage.
 */
export async function checkTokenMain(argv: readonly string[], io: CheckTokenIo): Promise<number> {
  let args: CheckTokenArgs;
  try {
    args = parseCheckTokenArgs(argv);
  } catch (e) {
    io.stderr.write(
      `check-token: ${e instanceof Error ? e.message : String(e)}\nRun \`npm run check-token -- --help\` for usage.\n`,
    );
    return 2;
  }
  if (args.help) {
    io.stdout.write(CHECK_TOKEN_HELP);
    return 0;
  }
  const bold = (s: string) => (io.color ? `\u001b[1m${s}\u001b[0m` : s);
  const report = async (
    title: string,
    token: string,
    providers: unknown,
    fetchFn: FetchLike | undefined,
  ) => {
    const check = await checkToken(token, providers, {
      fetch: fetchFn,
      cache: createDocumentCache(),
    });
    const diagnosis = await diagnose({ token, tokenCheck: check });
    io.stdout.write(`\n${bold(title)}\n`);
    io.stdout.write(`verdict: ${check.verdict} (${check.code})\n`);
    if (check.convexMessage) io.stdout.write(`Convex would say: "${check.convexMessage}"\n`);
    io.stdout.write(`${renderText(diagnosis, { color: io.color })}\n`);
    return check.verdict;
  };

  if (args.demo || io.stdinIsTTY) {
    io.stdout.write(
      args.demo
        ? "Demo: checking a freshly signed WorkOS-shaped token offline.\n"
        : "No token on stdin (pipe one in: `pbpaste | npm run check-token`): checking a freshly signed WorkOS-shaped token offline.\n",
    );
    const key = await makeKey("key_demo");
    const fetchFn = fakeFetch({ [WORKOS_JWKS()]: { body: jwksOf(key) } });
    const token = await workosToken(key, {
      iat: Math.floor(Date.now() / 1000) - 10,
      exp: Math.floor(Date.now() / 1000) + 300,
    });
    await report("1. The Convex docs' auth.config.ts", token, docsConfig(), fetchFn);
    await report(
      "2. The older docs' auth.config.ts (applicationID on both providers)",
      token,
      olderDocsConfig(),
      fetchFn,
    );
    return 0;
  }

  const token = (await io.readStdin()).trim();
  if (token === "") {
    io.stderr.write(
      "check-token: stdin was empty: pipe the token in (`pbpaste | npm run check-token`), or run with `-- --demo`\n",
    );
    return 2;
  }
  const clientId = args.clientId ?? /\/user_management\/([^/]+)/.exec(issuerOf(token) ?? "")?.[1];
  if (!clientId) {
    io.stderr.write(
      "check-token: could not tell the WorkOS client ID from the token's issuer; pass --client-id client_…\n",
    );
    return 2;
  }
  const verdict = await report(
    `Token against the ${args.olderConfig ? "older" : "current"} Convex docs config for ${clientId}`,
    token,
    args.olderConfig ? olderDocsConfig(clientId) : docsConfig(clientId),
    io.fetch,
  );
  return verdict === "accepted" ? 0 : 1;
}
