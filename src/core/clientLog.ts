/**
 * The lines the Convex client (`ConvexReactClient`'s auth manager) logs about authentication.
 * The React logger records them and the error parser unwraps pasted ones, so both read them here.
 * Source: convex-js `src/browser/sync/authentication_manager.ts`.
 */

/** What an auth line of the Convex client says. */
export type ClientLogKind =
  /** The server answered `Authenticate` with an AuthError: `attempting to reauthenticate: <text>`. */
  | "rejected"
  /** The client gave up: `Failed to authenticate: "<text>", check your server auth config`. */
  | "failed"
  /** After a rejection, `fetchAccessToken({ forceRefreshToken: true })` gave no new token. */
  | "refetch-failed"
  /** The client sent a token. */
  | "token-sent"
  /** The server confirmed the token. */
  | "confirmed"
  /**
   * The app's `fetchAccessToken` gave no token on a forced fetch (`refetching token failed`):
   * the client treats that as a sign-out and stays unauthenticated.
   */
  | "no-token"
  /** The client could not use the token it got (not a JWT, no `iat`/`exp`, too short-lived). */
  | "token-unusable";

const REAUTH_PREFIX = "attempting to reauthenticate: ";
const FAILED_PREFIX = 'Failed to authenticate: "';
const FAILED_SUFFIX = '", check your server auth config';
const TOKEN_SENT =
  /^setting auth state to \{[^}]*"state":"waitingForServerConfirmationOf(?:Fresh|Cached)Token"/;
const CONFIRMED = /^server confirmed (?:new )?auth token is valid/;
const REFETCH_FAILED = /^reauthentication failed, could not fetch a new token/;
const NO_TOKEN = /^refetching token failed/;
const TOKEN_UNUSABLE =
  /^Auth token (?:is not a valid JWT|does not have required fields|does not live long enough), cannot refetch the token/;
/** The client appends ` [v<configVersion>]` to the reauthenticate line. */
const VERSION_SUFFIX = / \[v\d{1,12}\]$/;

/**
 * The server's own text inside a client auth line (`attempting to reauthenticate: …` or
 * `Failed to authenticate: "…", check your server auth config`), wherever the line starts in
 * `text` (a pasted console line may carry a timestamp first); `null` when it is neither.
 */
export function serverTextOfClientLog(
  text: string,
): { kind: "rejected" | "failed"; text: string } | null {
  const reauthAt = text.indexOf(REAUTH_PREFIX);
  if (reauthAt >= 0) {
    const rest = text.slice(reauthAt + REAUTH_PREFIX.length).trimEnd();
    // Only the last few characters can be the suffix: match there, so long input stays cheap.
    const tail = rest.slice(-16);
    const suffix = VERSION_SUFFIX.exec(tail);
    return {
      kind: "rejected",
      text: suffix ? rest.slice(0, rest.length - suffix[0].length) : rest,
    };
  }
  const failedAt = text.indexOf(FAILED_PREFIX);
  const end = text.lastIndexOf(FAILED_SUFFIX);
  if (failedAt >= 0 && end >= failedAt + FAILED_PREFIX.length) {
    return { kind: "failed", text: text.slice(failedAt + FAILED_PREFIX.length, end) };
  }
  return null;
}

/**
 * Classifies one line the Convex client logged; `null` for lines that are not about auth.
 * @example classifyClientLogLine("server confirmed auth token is valid [v2]") // { kind: "confirmed", text: null }
 */
export function classifyClientLogLine(
  line: string,
): { kind: ClientLogKind; text: string | null } | null {
  const server = serverTextOfClientLog(line);
  if (server) return server;
  if (TOKEN_SENT.test(line)) return { kind: "token-sent", text: null };
  if (CONFIRMED.test(line)) return { kind: "confirmed", text: null };
  if (REFETCH_FAILED.test(line)) return { kind: "refetch-failed", text: null };
  if (NO_TOKEN.test(line)) return { kind: "no-token", text: null };
  const unusable = TOKEN_UNUSABLE.exec(line);
  if (unusable) return { kind: "token-unusable", text: unusable[0] };
  return null;
}
