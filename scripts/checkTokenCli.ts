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
  decodeToken,
  describeSecretKind,
  diagnose,
  renderText,
  secretKindOf,
  visibleText,
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

/** A WorkOS client ID: `client_` and letters and digits (a ULID), nothing else. */
const CLIENT_ID = /^client_[A-Za-z0-9]{1,64}$/;

/** What an option name looks like; anything else is not echoed. */
const OPTION_NAME = /^--?[A-Za-z][A-Za-z0-9-]{0,39}$/;

/** Options that take no value. */
const SWITCHES = new Set(["-h", "--help", "--older-config", "--demo"]);

/**
 * Why `value` is not a client ID, without echoing it: it may be an API key or a token pasted
 * into the wrong option.
 */
function clientIdRefusal(value: string): string {
  const kind = secretKindOf(value);
  const what = kind ? `looks like ${describeSecretKind(kind)}` : "is not one";
  return `--client-id takes a WorkOS client ID (\`client_\` then letters and digits); the value given ${what} and is not shown`;
}

/**
 * Parses the arguments after `npm run check-token --`. Error messages never echo a value given
 * on the command line: it may be a token or a key pasted into the wrong place.
 * @throws {CheckTokenUsageError} on an unknown option, a missing or invalid value, a value for
 * an option that takes none, or a positional argument.
 */
export function parseCheckTokenArgs(argv: readonly string[]): CheckTokenArgs {
  const args: CheckTokenArgs = { clientId: null, olderConfig: false, demo: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (SWITCHES.has(name) && eq > 0) throw new CheckTokenUsageError(`${name} takes no value`);
    if (name === "-h" || name === "--help") args.help = true;
    else if (name === "--older-config") args.olderConfig = true;
    else if (name === "--demo") args.demo = true;
    else if (name === "--client-id") {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === "" || value.startsWith("-"))
        throw new CheckTokenUsageError("--client-id needs a value (client_…)");
      if (!CLIENT_ID.test(value)) throw new CheckTokenUsageError(clientIdRefusal(value));
      args.clientId = value;
    } else if (arg.startsWith("-"))
      throw new CheckTokenUsageError(
        OPTION_NAME.test(name) && secretKindOf(name) === null
          ? `unknown option "${name}"`
          : "unknown option (not shown: it does not look like an option name)",
      );
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

/** For a check that must not reach the network. */
const notFetched: FetchLike = () => Promise.reject(new Error("not fetched"));

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
      `check-token: ${visibleText(e instanceof Error ? e.message : String(e))}\nRun \`npm run check-token -- --help\` for usage.\n`,
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
    if (check.convexMessage)
      io.stdout.write(`Convex would say: "${visibleText(check.convexMessage)}"\n`);
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
  if (args.clientId === null && !decodeToken(token).ok) {
    // Not a JWT at all: say that (Convex's TOKEN_MALFORMED) rather than ask for a client ID,
    // which would not help. Convex fails before it looks at a provider, so any config will do.
    await report("The input is not a JWT", token, docsConfig(), notFetched);
    return 1;
  }
  const fromIssuer = /\/user_management\/([^/]+)$/.exec(issuerOf(token) ?? "")?.[1];
  const clientId =
    args.clientId ?? (fromIssuer !== undefined && CLIENT_ID.test(fromIssuer) ? fromIssuer : null);
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
