// @vitest-environment jsdom
/**
 * The hooks are gated like the overlay: the development entries (`/react`, `/nextjs`,
 * `/tanstack`) export stubs outside development that read nothing, while the `/production`
 * entries keep the real hooks. Each entry is loaded fresh under the NODE_ENV the test sets.
 */
import { cleanup, render, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, expectTypeOf, it, vi } from "vitest";
import type { Diagnosis } from "../../src/core/types.js";
import type { AuthDiagnosticsDetails } from "../../src/react/types.js";
import type * as RealHooks from "../../src/react/useAuthDiagnostics.js";
import { api, serverReport, type Setup } from "./harness.js";

// The Next.js SDK needs `next`, which only the example-nextjs workspace installs. The entry
// imports its client hooks for `useAuthKitNextjs`; nothing here may call them.
vi.mock("@workos-inc/authkit-nextjs/components", () => {
  const notHere = () => {
    throw new Error("the Next.js AuthKit hooks must not be called here");
  };
  return { useAuth: notHere, useAccessToken: notHere };
});

type HookEntry = {
  useAuthDiagnostics: typeof RealHooks.useAuthDiagnostics;
  useAuthDiagnosticsDetails: typeof RealHooks.useAuthDiagnosticsDetails;
};

const DEV_ENTRIES: [string, () => Promise<HookEntry>][] = [
  ["/react", () => import("../../src/react/index.js")],
  ["/nextjs", () => import("../../src/nextjs/index.js")],
  ["/tanstack", () => import("../../src/tanstack/index.js")],
];
const PRODUCTION_ENTRIES: [string, () => Promise<HookEntry>][] = [
  ["/react/production", () => import("../../src/react/production.js")],
  ["/nextjs/production", () => import("../../src/nextjs/production.js")],
];

/** Loads an entry afresh with `process.env.NODE_ENV` set, as a bundler's `define` would. */
async function load(nodeEnv: string, entry: () => Promise<HookEntry>): Promise<HookEntry> {
  vi.stubEnv("NODE_ENV", nodeEnv);
  vi.resetModules();
  return entry();
}

let current: Setup | null = null;
afterEach(async () => {
  cleanup();
  await current?.close();
  current = null;
  vi.unstubAllEnvs();
  vi.resetModules();
});

/** Renders both hooks with no Convex or AuthKit provider above and records what they return. */
function renderBare(entry: HookEntry) {
  const seen: { diagnosis: Diagnosis | null; details: AuthDiagnosticsDetails }[] = [];
  function Headline() {
    const diagnosis = entry.useAuthDiagnostics(api, { clientId: "client_01TEST" });
    const details = entry.useAuthDiagnosticsDetails(api, { clientId: "client_01TEST" });
    seen.push({ diagnosis, details });
    return <p>{diagnosis?.headline.title ?? details.diagnosis?.headline.title ?? "off"}</p>;
  }
  const utils = render(<Headline />);
  return { ...utils, seen, latest: () => seen[seen.length - 1]! };
}

describe("the development entries' hooks outside development", () => {
  it.each(DEV_ENTRIES)(
    "%s: useAuthDiagnostics returns null and useAuthDiagnosticsDetails the frozen off value, with no provider above",
    async (_name, entry) => {
      const mod = await load("production", entry);
      const h = renderBare(mod);
      // The real hook would diagnose the missing providers within a few ms.
      await new Promise((r) => setTimeout(r, 100));
      expect(h.container.textContent).toBe("off");
      for (const { diagnosis, details } of h.seen) {
        expect(diagnosis).toBeNull();
        expect(details).toBe(h.seen[0]!.details);
      }
      const { details } = h.latest();
      expect(details.diagnosis).toBeNull();
      expect(details.facts).toMatchObject({
        off: true,
        authKit: { status: "unavailable", userId: null, isLoading: false },
        accessToken: { state: "none" },
        server: { state: "skipped" },
        probe: { state: "none" },
        serverErrors: [],
        pageUrl: null,
        clientTime: 0,
      });
      expect(details.facts.authKit.reason).toContain("/production");
      expect(details.recheck()).toBeUndefined();
      for (const part of [details, details.facts, ...Object.values(details.facts)])
        if (typeof part === "object" && part !== null) expect(Object.isFrozen(part)).toBe(true);
    },
  );

  it.each(DEV_ENTRIES)(
    "%s: the stubs call no React hook (callable outside a component), unlike the real hooks in development",
    async (_name, entry) => {
      const prod = await load("production", entry);
      expect(prod.useAuthDiagnostics(api)).toBeNull();
      expect(prod.useAuthDiagnosticsDetails(api).facts.off).toBe(true);

      const dev = await load("development", entry);
      const consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
      try {
        expect(() => dev.useAuthDiagnostics(api)).toThrow();
      } finally {
        consoleError.mockRestore();
      }
    },
  );

  it.each(DEV_ENTRIES)(
    "%s: in development the same bare render produces a real diagnosis",
    async (_name, entry) => {
      const mod = await load("development", entry);
      const h = renderBare(mod);
      await waitFor(() => expect(h.latest().diagnosis).not.toBeNull(), { timeout: 5000 });
      expect(h.latest().details.facts.off).toBeUndefined();
      expect(h.container.textContent).not.toBe("off");
    },
  );
});

describe("the /production entries' hooks", () => {
  it.each(PRODUCTION_ENTRIES)(
    "%s: useAuthDiagnostics still diagnoses under NODE_ENV=production",
    async (_name, entry) => {
      const mod = await load("production", entry);
      // The harness from the same fresh module graph: one `convex/react` (and its context) for the
      // providers and the hook, also where convex is inlined (the react18 project).
      const harness = await import("./harness.js");
      const s = harness.setup({ authKit: { user: null }, report: () => serverReport({}) });
      current = s;
      let latest: Diagnosis | null = null;
      let facts: AuthDiagnosticsDetails["facts"] | null = null;
      function Headline() {
        latest = mod.useAuthDiagnostics(api, { authKit: s.authKit.adapter, logger: s.logger });
        facts = mod.useAuthDiagnosticsDetails(api, {
          authKit: s.authKit.adapter,
          logger: s.logger,
        }).facts;
        return <p>{latest?.headline.code ?? "pending"}</p>;
      }
      const { container } = render(
        <s.Providers>
          <Headline />
        </s.Providers>,
      );
      await waitFor(() => expect(container.textContent).toBe("AUTHKIT_SIGNED_OUT"), {
        timeout: 5000,
      });
      expect(latest!.headline.code).toBe("AUTHKIT_SIGNED_OUT");
      expect(facts!.off).toBeUndefined();
      expect(facts!.convex.present).toBe(true);
    },
  );
});

describe("every entry's hooks keep the real hooks' types", () => {
  type Real = typeof RealHooks;
  type ReactEntry = typeof import("../../src/react/index.js");
  type ReactProduction = typeof import("../../src/react/production.js");
  type NextEntry = typeof import("../../src/nextjs/index.js");
  type NextProduction = typeof import("../../src/nextjs/production.js");
  type TanStackEntry = typeof import("../../src/tanstack/index.js");

  it("useAuthDiagnostics has the same type from every entry", () => {
    type Hook = Real["useAuthDiagnostics"];
    expectTypeOf<ReactEntry["useAuthDiagnostics"]>().toEqualTypeOf<Hook>();
    expectTypeOf<ReactProduction["useAuthDiagnostics"]>().toEqualTypeOf<Hook>();
    expectTypeOf<NextEntry["useAuthDiagnostics"]>().toEqualTypeOf<Hook>();
    expectTypeOf<NextProduction["useAuthDiagnostics"]>().toEqualTypeOf<Hook>();
    expectTypeOf<TanStackEntry["useAuthDiagnostics"]>().toEqualTypeOf<Hook>();
  });

  it("useAuthDiagnosticsDetails has the same type from every entry", () => {
    type Hook = Real["useAuthDiagnosticsDetails"];
    expectTypeOf<ReactEntry["useAuthDiagnosticsDetails"]>().toEqualTypeOf<Hook>();
    expectTypeOf<ReactProduction["useAuthDiagnosticsDetails"]>().toEqualTypeOf<Hook>();
    expectTypeOf<NextEntry["useAuthDiagnosticsDetails"]>().toEqualTypeOf<Hook>();
    expectTypeOf<NextProduction["useAuthDiagnosticsDetails"]>().toEqualTypeOf<Hook>();
    expectTypeOf<TanStackEntry["useAuthDiagnosticsDetails"]>().toEqualTypeOf<Hook>();
  });
});
