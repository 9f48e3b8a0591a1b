/**
 * The browser's own check of AuthKit's code exchange endpoint, for a sign-in code that stayed
 * unexchanged: can this page call the endpoint at all? No React here; `useCodeExchangeCheck`
 * decides when to run it.
 */
import type { AuthKitSettings, CodeExchangeCheck } from "../core/types.js";

/** AuthKit's code exchange endpoint for these `<AuthKitProvider>` settings (as authkit-js builds it). */
export function codeExchangeEndpoint(
  settings: Pick<AuthKitSettings, "apiHostname" | "https" | "port">,
): string {
  const scheme = settings.https === false ? "http" : "https";
  const port = settings.port ? `:${settings.port}` : "";
  return `${scheme}://${settings.apiHostname || "api.workos.com"}${port}/user_management/authenticate`;
}

/**
 * Calls `endpoint` the way AuthKit does (a CORS `POST` of JSON, with cookies when AuthKit uses
 * them) but with an empty body, which WorkOS refuses without touching any session: any answer
 * means the exchange could be made. If the call fails, a `no-cors` request to the API origin
 * (which CORS cannot block) tells a refused origin from a network that does not get there.
 */
export async function checkCodeExchange(
  endpoint: string,
  options: { withCookies: boolean; fetch?: typeof fetch | undefined },
): Promise<CodeExchangeCheck["outcome"]> {
  const f = options.fetch ?? globalThis.fetch;
  try {
    await f(endpoint, {
      method: "POST",
      mode: "cors",
      credentials: options.withCookies ? "include" : "same-origin",
      headers: { Accept: "application/json", "Content-Type": "application/json" },
      body: "{}",
    });
    return "answered";
  } catch {
    try {
      await f(`${new URL(endpoint).origin}/`, { mode: "no-cors", credentials: "omit" });
      return "blocked";
    } catch {
      return "unreachable";
    }
  }
}
