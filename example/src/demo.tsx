/**
 * The offline demo's scenario picker (`npm run demo`). Development only: `main.tsx` imports this
 * file behind `import.meta.env.DEV && VITE_DEMO_CONTROL_URL`, so production builds drop it.
 *
 * It reads the current scenario from the Convex stand-in (`GET /_demo/scenario`), applies its
 * client-side settings (client ID, redirect URI, how Convex gets the token, the browser clock)
 * and switches scenarios with `POST /_demo/scenario`, then restarts the app signed out.
 */
import { useState } from "react";

/** What the example app does differently in a scenario (see demo/scenarios.ts). */
export interface DemoClientSettings {
  clientId: "same" | "other";
  redirectUri: "page" | "localhost";
  convexAuth: "authkit" | "none";
  clockOffsetSeconds: number;
}

interface DemoScenarioSummary {
  id: string;
  title: string;
  description: string;
  expectedHeadline: string;
}

interface DemoState {
  id: string;
  client: DemoClientSettings;
  issuer: { url: string; clientId: string; otherClientId: string };
  scenarios: DemoScenarioSummary[];
}

/** The settings `main.tsx` renders with. */
export interface Demo {
  controlUrl: string;
  state: DemoState;
  /** The client ID to give `<AuthKitProvider>`. */
  clientId: string;
  /** The redirect URI to give `<AuthKitProvider>` (`undefined`: AuthKit's default, the page's origin). */
  redirectUri: string | undefined;
  /** Whether Convex gets AuthKit's token (`ConvexProviderWithAuth`) or none (plain `ConvexProvider`). */
  convexAuth: "authkit" | "none";
}

// Keep the overlay's open/closed choice across scenario switches; everything else is reset.
const KEEP_KEYS = ["convex-authkit-diagnostics:overlay"];

/** Shifts the page's clock, as on a machine whose clock is off (the "client clock skew" scenario). */
function shiftClock(seconds: number): void {
  if (seconds === 0) return;
  const RealDate = Date;
  const offset = seconds * 1000;
  class ShiftedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...(args as [number]));
    }
    static override now(): number {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate as DateConstructor;
}

/** Reads the current scenario and applies its client settings. Fails with a clear message when the stand-in is down. */
export async function loadDemo(
  controlUrl: string,
  defaults: { clientId: string; redirectUri: string | undefined },
): Promise<Demo> {
  let state: DemoState;
  try {
    const res = await fetch(controlUrl);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    state = (await res.json()) as DemoState;
  } catch (e) {
    throw new Error(
      `The demo's scenario control at ${controlUrl} did not answer (${e instanceof Error ? e.message : String(e)}). Is \`npm run demo\` running?`,
      { cause: e },
    );
  }
  shiftClock(state.client.clockOffsetSeconds);
  const port = window.location.port ? `:${window.location.port}` : "";
  return {
    controlUrl,
    state,
    clientId: state.client.clientId === "other" ? state.issuer.otherClientId : defaults.clientId,
    // The developer configured localhost but opened the app on 127.0.0.1 (or the reverse).
    redirectUri:
      state.client.redirectUri === "localhost" ? `http://localhost${port}/` : defaults.redirectUri,
    convexAuth: state.client.convexAuth,
  };
}

/** Switches the stand-in and the issuer to `id`, then restarts the app signed out on the page's own origin. */
async function switchScenario(controlUrl: string, id: string): Promise<void> {
  const res = await fetch(controlUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ id }),
  });
  if (!res.ok)
    throw new Error(
      ((await res.json().catch(() => null)) as { error?: string } | null)?.error ??
        `HTTP ${res.status}`,
    );
  const kept = KEEP_KEYS.map((k) => [k, localStorage.getItem(k)] as const);
  localStorage.clear();
  sessionStorage.clear();
  for (const [k, v] of kept) if (v !== null) localStorage.setItem(k, v);
  window.location.assign(`${window.location.origin}/`);
}

/** A small panel in the top-left corner: the scenario, what goes wrong, what the overlay should say. */
export function ScenarioPicker({ demo }: { demo: Demo }) {
  const [selected, setSelected] = useState(demo.state.id);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const current = demo.state.scenarios.find((s) => s.id === demo.state.id);
  const box = {
    position: "fixed",
    top: 12,
    left: 12,
    width: 320,
    padding: 12,
    border: "1px solid #d6dae0",
    borderRadius: 8,
    background: "#f8f9fa",
    font: "13px/1.4 system-ui, sans-serif",
  } as const;
  return (
    <aside data-demo-picker="" aria-label="Demo scenario" style={box}>
      <label style={{ display: "block", fontWeight: 600, marginBottom: 4 }}>
        Demo scenario
        <select
          value={selected}
          disabled={busy}
          onChange={(e) => setSelected(e.target.value)}
          style={{ display: "block", width: "100%", marginTop: 4 }}
        >
          {demo.state.scenarios.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        disabled={busy || selected === demo.state.id}
        onClick={() => {
          setBusy(true);
          setError(null);
          switchScenario(demo.controlUrl, selected).catch((e: unknown) => {
            setBusy(false);
            setError(e instanceof Error ? e.message : String(e));
          });
        }}
      >
        Switch and restart signed out
      </button>
      {current && (
        <p style={{ margin: "8px 0 0" }}>
          {current.description} The overlay should headline <code>{current.expectedHeadline}</code>.
        </p>
      )}
      {error && (
        <p role="alert" style={{ color: "#c92a2a", margin: "8px 0 0" }}>
          {error}
        </p>
      )}
    </aside>
  );
}
