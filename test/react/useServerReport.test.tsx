// @vitest-environment jsdom
import { act, cleanup, renderHook } from "@testing-library/react";
import { anyApi, getFunctionName } from "convex/server";
import { StrictMode, type ReactNode } from "react";
import { afterEach, describe, expect, it } from "vitest";
import type { AuthDiagnosticsApi } from "../../src/react/types.js";
import {
  functionNameOf,
  isServerReport,
  useServerReport,
  type ServerReportClient,
} from "../../src/react/useServerReport.js";

afterEach(cleanup);

const report = (serverTime = 1) => ({
  identity: null,
  providers: [],
  env: [],
  configFindings: [],
  clientFindings: [],
  serverTime,
});

/** A client whose one query answers `value`; `answer()` pushes a new value to its watchers. */
function fakeClient(initial: unknown = undefined) {
  let value = initial;
  const listeners = new Set<() => void>();
  const subscriptions: { name: string; args: unknown }[] = [];
  let unsubscribed = 0;
  const client = {
    watchQuery(ref: unknown, args: unknown) {
      subscriptions.push({ name: getFunctionName(ref as never), args });
      return {
        onUpdate(cb: () => void) {
          listeners.add(cb);
          return () => (unsubscribed++, listeners.delete(cb));
        },
        localQueryResult: () => {
          if (value instanceof Error) throw value;
          return value;
        },
        journal: () => undefined,
      };
    },
  } as unknown as ServerReportClient;
  return {
    client,
    subscriptions,
    unsubscribed: () => unsubscribed,
    answer(next: unknown) {
      value = next;
      for (const l of [...listeners]) l();
    },
  };
}

type Props = {
  client: ServerReportClient | undefined;
  ref?: AuthDiagnosticsApi["diagnoseAuth"] | undefined;
  clientId?: string | null;
  enabled?: boolean;
};
const strict = ({ children }: { children: ReactNode }) => <StrictMode>{children}</StrictMode>;
// anyApi builds a new reference object on every access, as apps' generated `api` does.
const freshRef = () => (anyApi.authDiagnostics as unknown as AuthDiagnosticsApi).diagnoseAuth;

function renderReport(initial: Props) {
  let renders = 0;
  const utils = renderHook(
    ({ client, ref = freshRef(), clientId = null, enabled = true }: Props) => {
      renders++;
      return useServerReport(client, ref, clientId, enabled);
    },
    { initialProps: initial, wrapper: strict },
  );
  return { ...utils, renders: () => renders };
}

describe("isServerReport and functionNameOf", () => {
  it("accepts only the server report's shape", () => {
    expect(isServerReport(report())).toBe(true);
    expect(isServerReport({ ...report(), serverTime: "1" })).toBe(false);
    expect(isServerReport({ hello: "old server" })).toBe(false);
    expect(isServerReport(null)).toBe(false);
  });

  it("names a function reference and nothing else", () => {
    expect(functionNameOf(freshRef())).toBe("authDiagnostics:diagnoseAuth");
    expect(functionNameOf(undefined)).toBeNull();
    expect(functionNameOf({ not: "a reference" })).toBeNull();
  });
});

describe("useServerReport", () => {
  it("subscribes once by function name with the client ID, though the reference is new on every render", () => {
    const s = fakeClient(report());
    const { result, rerender } = renderReport({ client: s.client, clientId: "client_1" });
    const mounted = s.subscriptions.length;
    rerender({ client: s.client, clientId: "client_1" });
    rerender({ client: s.client, clientId: "client_1" });
    expect(s.subscriptions).toHaveLength(mounted);
    // StrictMode may subscribe twice on mount; one subscription stays open.
    expect(s.subscriptions.length - s.unsubscribed()).toBe(1);
    expect(s.subscriptions.at(-1)).toEqual({
      name: "authDiagnostics:diagnoseAuth",
      args: { clientId: "client_1" },
    });
    expect(result.current).toMatchObject({ state: "ok", report: report() });
  });

  it("stays pending until the query answers, then publishes the report", () => {
    const s = fakeClient();
    const { result } = renderReport({ client: s.client });
    expect(result.current).toEqual({ state: "pending" });
    act(() => s.answer(report()));
    expect(result.current).toMatchObject({ state: "ok", report: report() });
  });

  it("does not re-render for an answer equal to the one held", () => {
    const s = fakeClient(report());
    const r = renderReport({ client: s.client });
    const settled = r.renders();
    act(() => s.answer(report()));
    expect(r.renders()).toBe(settled);
    act(() => s.answer(report(2)));
    expect(r.renders()).toBeGreaterThan(settled);
    expect(r.result.current.report?.serverTime).toBe(2);
  });

  it("reports an answer of another shape as an error", () => {
    const s = fakeClient({ hello: "old server" });
    const { result } = renderReport({ client: s.client });
    expect(result.current.state).toBe("error");
    expect(result.current.error).toContain("not a server report");
  });

  it("reports a failing query with its message", () => {
    const s = fakeClient(new Error("Could not find public function"));
    const { result } = renderReport({ client: s.client });
    expect(result.current).toEqual({ state: "error", error: "Could not find public function" });
  });

  it("explains a missing client and a missing diagnoseAuth", () => {
    expect(renderReport({ client: undefined }).result.current.error).toContain("No Convex client");
    const s = fakeClient(report());
    const missing = renderReport({ client: s.client, ref: { not: "a ref" } as never });
    expect(missing.result.current.error).toContain("`api.diagnoseAuth` is missing");
    expect(s.subscriptions).toHaveLength(0);
  });

  it("is skipped, and subscribes to nothing, when not enabled", () => {
    const s = fakeClient(report());
    const { result } = renderReport({ client: s.client, enabled: false });
    expect(result.current).toEqual({ state: "skipped" });
    expect(s.subscriptions).toHaveLength(0);
  });

  it("unsubscribes on unmount", () => {
    const s = fakeClient(report());
    const { unmount } = renderReport({ client: s.client });
    const before = s.unsubscribed();
    unmount();
    expect(s.unsubscribed()).toBe(before + 1);
  });
});
