// @vitest-environment jsdom
import { act, cleanup, renderHook, waitFor } from "@testing-library/react";
import { anyApi } from "convex/server";
import { StrictMode, type ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { TokenCheck } from "../../src/core/types.js";
import type { ProbeClient } from "../../src/react/probe.js";
import type { AuthDiagnosticsApi } from "../../src/react/types.js";
import { useTokenProbe, type TokenProbeParams } from "../../src/react/useTokenProbe.js";

afterEach(cleanup);

const verdictFor = (token: string): TokenCheck => ({
  verdict: "rejected",
  code: "KEY_NOT_FOUND",
  providerIndex: 0,
  convexMessage: `rejected ${token}`,
  convexCode: null,
  identity: null,
  findings: [],
});

/** A client whose verifyToken answers after `gate` (default: at once), recording each token. */
function fakeClient() {
  const probed: string[] = [];
  let release: () => void = () => {};
  let gated = false;
  const client: ProbeClient & { gate(): void; release(): void } = {
    url: "https://x.convex.cloud",
    async action(_ref, { token }) {
      probed.push(token);
      if (gated) await new Promise<void>((r) => (release = r));
      return verdictFor(token);
    },
    gate: () => void (gated = true),
    release: () => release(),
  };
  return { client, probed };
}

const strict = ({ children }: { children: ReactNode }) => <StrictMode>{children}</StrictMode>;

/** The params of a rejected token `token_1`; the api is a new object on every render. */
function params(client: ProbeClient, over: Partial<TokenProbeParams> = {}): TokenProbeParams {
  return {
    enabled: true,
    mode: "auto",
    rejected: true,
    token: "token_1",
    client,
    api: null,
    clientId: null,
    fetch: undefined,
    ...over,
  };
}

function renderProbe(client: ProbeClient, over: Partial<TokenProbeParams> = {}) {
  return renderHook(
    // `anyApi`-based codegen gives a new api object on every access.
    (p: TokenProbeParams) =>
      useTokenProbe({ ...p, api: anyApi.authDiagnostics as unknown as AuthDiagnosticsApi }),
    { initialProps: params(client, over), wrapper: strict },
  );
}

describe("useTokenProbe", () => {
  it("probes a token once when Convex has settled on unauthenticated, and returns its verdict", async () => {
    const { client, probed } = fakeClient();
    const { result, rerender } = renderProbe(client);
    await waitFor(() => expect(result.current.result?.verdict).toBe("rejected"));
    rerender(params(client));
    await act(async () => {});
    expect(probed).toEqual(["token_1"]);
    expect(result.current.result).toMatchObject({ via: "action", token: "token_1" });
  });

  it("does not probe while Convex is authenticated or loading, without a token, or when off", async () => {
    const { client, probed } = fakeClient();
    renderProbe(client, { rejected: false });
    renderProbe(client, { token: null });
    renderProbe(client, { mode: false });
    renderProbe(client, { enabled: false });
    await act(async () => {});
    expect(probed).toEqual([]);
  });

  it("probes each new token and shows only the current token's verdict", async () => {
    const { client, probed } = fakeClient();
    const { result, rerender } = renderProbe(client);
    await waitFor(() => expect(result.current.result?.token).toBe("token_1"));
    client.gate();
    rerender(params(client, { token: "token_2" }));
    await waitFor(() => expect(probed).toEqual(["token_1", "token_2"]));
    // The old verdict is not shown for the new token while its probe runs.
    expect(result.current.result).toBeNull();
    await act(async () => client.release());
    expect(result.current.result?.message).toBe("rejected token_2");
  });

  it("probes the same token again after forget, once the token is read anew", async () => {
    const { client, probed } = fakeClient();
    const { result, rerender } = renderProbe(client);
    await waitFor(() => expect(probed).toEqual(["token_1"]));
    act(() => result.current.forget());
    rerender(params(client, { token: null }));
    rerender(params(client));
    await waitFor(() => expect(probed).toEqual(["token_1", "token_1"]));
  });

  it("shows nothing when the probe could not answer", async () => {
    const client: ProbeClient = {
      url: "https://x.convex.cloud",
      action: vi.fn(async () => {
        throw new Error("Server error");
      }),
    };
    const { result } = renderProbe(client, { mode: "action" });
    await waitFor(() => expect(client.action).toHaveBeenCalled());
    await act(async () => {});
    expect(result.current.result).toBeNull();
  });
});
