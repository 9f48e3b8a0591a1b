"use client";
import type { ConvexReactClient } from "convex/react";
import { getFunctionName, type FunctionReference } from "convex/server";
import { useEffect, useRef, useState } from "react";
import type { ServerReport } from "../core/types.js";
import { describeError } from "./errors.js";
import type { AuthDiagnosticsApi, ServerReportState } from "./types.js";

/** The part of `ConvexReactClient` the subscription uses. */
export type ServerReportClient = Pick<ConvexReactClient, "watchQuery">;

/** A server answer is used only if it has the `ServerReport` shape (an older server may differ). */
export function isServerReport(value: unknown): value is ServerReport {
  const r = value as Partial<ServerReport> | null;
  return (
    typeof r === "object" &&
    r !== null &&
    Array.isArray(r.providers) &&
    Array.isArray(r.env) &&
    Array.isArray(r.configFindings) &&
    Array.isArray(r.clientFindings) &&
    typeof r.serverTime === "number"
  );
}

/** The function's `module:name`, or `null` when `ref` is not a function reference. */
export function functionNameOf(ref: unknown): string | null {
  try {
    return ref ? getFunctionName(ref as FunctionReference<"query">) : null;
  } catch {
    return null;
  }
}

const NO_CLIENT =
  "No Convex client: render the diagnostics inside `ConvexProvider` / `ConvexProviderWithAuth`.";
const NO_FUNCTION =
  "`api.diagnoseAuth` is missing: re-export it from `convex/authDiagnostics.ts` and pass `api.authDiagnostics`.";
const NOT_A_REPORT =
  "`diagnoseAuth` returned something that is not a server report: is the server's convex-authkit-diagnostics the same version?";

/**
 * Subscribes to `diagnoseAuth({ clientId? })` and holds its answer, or why there is none.
 * Publishes only real changes (a new `receivedAt` alone is not one), so a failing query cannot
 * drive a render loop. `{ state: "skipped" }` when not enabled.
 */
export function useServerReport(
  client: ServerReportClient | undefined,
  ref: AuthDiagnosticsApi["diagnoseAuth"] | undefined,
  clientId: string | null,
  enabled: boolean,
): ServerReportState {
  const [state, setState] = useState<ServerReportState>({ state: "pending" });
  const lastJson = useRef<string | null>(null);
  // Function references built with `anyApi` are new objects on every access: subscribe by name.
  const name = functionNameOf(ref);
  const refRef = useRef(ref);
  refRef.current = ref;
  useEffect(() => {
    if (!enabled) return;
    const publish = (next: ServerReportState) => {
      const json = JSON.stringify(next.state === "ok" ? { ok: next.report } : next);
      if (json === lastJson.current) return;
      lastJson.current = json;
      setState(next);
    };
    if (!client) return publish({ state: "error", error: NO_CLIENT });
    if (!name) return publish({ state: "error", error: NO_FUNCTION });
    const args = clientId ? { clientId } : {};
    let unsubscribe = () => {};
    let watch: ReturnType<ServerReportClient["watchQuery"]>;
    const read = () => {
      try {
        const value = watch.localQueryResult();
        if (value === undefined) return;
        if (!isServerReport(value)) return publish({ state: "error", error: NOT_A_REPORT });
        publish({ state: "ok", report: value, receivedAt: Date.now() });
      } catch (e) {
        publish({ state: "error", error: describeError(e) });
      }
    };
    try {
      watch = client.watchQuery(refRef.current as FunctionReference<"query">, args);
      unsubscribe = watch.onUpdate(read);
      read();
    } catch (e) {
      publish({ state: "error", error: describeError(e) });
    }
    return () => unsubscribe();
  }, [client, name, clientId, enabled]);
  return enabled ? state : { state: "skipped" };
}
