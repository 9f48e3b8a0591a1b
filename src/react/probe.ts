/**
 * The probe's transport: asks the deployment why it rejected a token, either with the
 * `verifyToken` action or, without it, with a plain HTTP query whose 401 body carries Convex's
 * reason. No React here; `useTokenProbe` decides when to call it.
 */
import { getFunctionName, type FunctionReference } from "convex/server";
import type { TokenCheck } from "../core/types.js";
import { describeError } from "./errors.js";
import type { AuthDiagnosticsApi, ProbeMode, ProbeOutcome } from "./types.js";

/** The part of `ConvexReactClient` the probe uses. */
export interface ProbeClient {
  /** The deployment URL (`https://…convex.cloud`). */
  readonly url: string;
  /** Runs an action over the client's WebSocket. */
  action(ref: FunctionReference<"action">, args: { token: string }): Promise<unknown>;
}

/** What one probe needs. The token is sent to the deployment only, never logged or stored. */
export interface ProbeRequest {
  /** The Convex client in context. */
  client: ProbeClient;
  /** The app's `api.authDiagnostics`. */
  api: AuthDiagnosticsApi | null | undefined;
  /** The token to probe. */
  token: string;
  /** The WorkOS client ID, passed to `diagnoseAuth` by the HTTP probe. */
  clientId: string | null;
  /** `false` is handled by the caller: there is no probe to run then. */
  mode: Exclude<ProbeMode, false>;
  /** Default: global `fetch`. */
  fetch?: typeof fetch | undefined;
}

/** The Convex client's error for an action whose connection closed before it answered. */
const ACTION_LOST = /Connection lost while action was in flight/;

/** How many times the `verifyToken` action is sent at most. */
export const VERIFY_ATTEMPTS = 3;

/**
 * Runs `verify` until it answers. Convex closes the socket right after an auth error, and the
 * client drops (does not retry) an action in flight then: send it again on the next connection,
 * {@link VERIFY_ATTEMPTS} times in all. Any other error is thrown at once.
 */
export async function verifyWithRetry<T>(verify: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await verify();
    } catch (e) {
      if (attempt >= VERIFY_ATTEMPTS || !ACTION_LOST.test(describeError(e))) throw e;
    }
  }
}

/** Probes with the `verifyToken` action: the server's own `checkToken` verdict. */
export async function probeWithAction(
  client: ProbeClient,
  verifyToken: NonNullable<AuthDiagnosticsApi["verifyToken"]>,
  token: string,
): Promise<ProbeOutcome> {
  const check = (await verifyWithRetry(() =>
    client.action(verifyToken as FunctionReference<"action">, { token }),
  )) as TokenCheck;
  return { via: "action", check, message: check.convexMessage, verdict: check.verdict };
}

/**
 * Probes by running `diagnoseAuth` over HTTP with the token as a bearer: Convex answers 401 with
 * its reason when it rejects the token. `null` when there is no fetch or no `diagnoseAuth`.
 */
export async function probeOverHttp(
  request: Pick<ProbeRequest, "client" | "api" | "token" | "clientId" | "fetch">,
): Promise<ProbeOutcome | null> {
  const { client, api, token, clientId } = request;
  const f = request.fetch ?? globalThis.fetch;
  if (typeof f !== "function" || !api?.diagnoseAuth) return null;
  const res = await f(`${client.url.replace(/\/$/, "")}/api/query`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify({
      path: getFunctionName(api.diagnoseAuth as FunctionReference<"query">),
      args: clientId ? { clientId } : {},
      format: "json",
    }),
  });
  let message: string | null = null;
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { message?: unknown } | null;
    message = typeof body?.message === "string" ? body.message : `HTTP ${res.status}`;
  }
  return { via: "http", message, verdict: res.ok ? "accepted" : "rejected" };
}

/**
 * One probe of a token: the action when `mode` asks for it (or, in `"auto"`, when the api has
 * `verifyToken`), falling back to HTTP unless `mode` is `"action"` and the action failed.
 * Resolves `null` instead of rejecting: the probe is a bonus, and its failure leaves the other
 * evidence standing.
 */
export async function runProbe(request: ProbeRequest): Promise<ProbeOutcome | null> {
  const { client, api, token, mode } = request;
  try {
    const useAction = mode === "action" || (mode === "auto" && api?.verifyToken);
    if (useAction && api?.verifyToken) {
      try {
        return await probeWithAction(client, api.verifyToken, token);
      } catch {
        if (mode === "action") return null;
      }
    }
    return await probeOverHttp(request);
  } catch {
    return null;
  }
}
