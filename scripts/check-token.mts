/**
 * `npm run check-token -- [token] [--client-id client_…] [--older-config]`
 *
 * Checks an AuthKit access token against the `auth.config.ts` the Convex docs recommend (or the
 * older docs' config) exactly as Convex would, fetching the real WorkOS JWKS. Without a token it
 * runs offline on a freshly signed WorkOS-shaped token, to show what the engine reports.
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

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const value = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const token = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--client-id");

async function report(
  title: string,
  tok: string,
  providers: unknown,
  fetchFn: FetchLike | undefined,
) {
  const check = await checkToken(tok, providers, { fetch: fetchFn, cache: createDocumentCache() });
  const diagnosis = await diagnose({ token: tok, tokenCheck: check });
  console.log(`\n${color ? "\u001b[1m" : ""}${title}${color ? "\u001b[0m" : ""}`);
  console.log(`verdict: ${check.verdict} (${check.code})`);
  if (check.convexMessage) console.log(`Convex would say: "${check.convexMessage}"`);
  console.log(renderText(diagnosis, { color }));
}

if (token) {
  const iss = (() => {
    try {
      return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"))
        .iss as string;
    } catch {
      return undefined;
    }
  })();
  const clientId = value("--client-id") ?? /\/user_management\/([^/]+)/.exec(iss ?? "")?.[1];
  if (!clientId) {
    console.error("Could not tell the WorkOS client ID from the token; pass --client-id client_…");
    process.exit(2);
  }
  const providers = flag("--older-config") ? olderDocsConfig(clientId) : docsConfig(clientId);
  await report(
    `Token against the ${flag("--older-config") ? "older" : "current"} Convex docs config for ${clientId}`,
    token,
    providers,
    undefined,
  );
} else {
  console.log("No token given: checking a freshly signed WorkOS-shaped token offline.");
  const key = await makeKey("key_demo");
  const fetchFn = fakeFetch({ [WORKOS_JWKS()]: { body: jwksOf(key) } });
  const tok = await workosToken(key, {
    iat: Math.floor(Date.now() / 1000) - 10,
    exp: Math.floor(Date.now() / 1000) + 300,
  });
  await report("1. The Convex docs' auth.config.ts", tok, docsConfig(), fetchFn);
  await report(
    "2. The older docs' auth.config.ts (applicationID on both providers)",
    tok,
    olderDocsConfig(),
    fetchFn,
  );
}
