/**
 * The offline demo's scenario picker (`npm run demo`). Development only: `main.tsx` imports this
 * file behind `import.meta.env.DEV && VITE_DEMO_CONTROL_URL`, so production builds drop it.
 *
 * It reads the current scenario from the Convex stand-in (`GET /_demo/scenario`), applies its
 * client-side settings (client ID, redirect URI, how Convex gets the token, the browser clock)
 * and switches scenarios with `POST /_demo/scenario`, then restarts the app signed out on the
 * origin the demo serves it on.
 */
import { useAuth } from "@workos-inc/authkit-react";
import { useCallback, useEffect, useRef, useState } from "react";

/** What the example app does differently in a scenario (see demo/scenarios.ts). */
export interface DemoClientSettings {
  clientId: "same" | "other" | "unset";
  redirectUri: "page" | "localhost";
  convexAuth: "authkit" | "late-token" | "none";
  clockOffsetSeconds: number;
}

interface DemoScenarioSummary {
  id: string;
  title: string;
  description: string;
  expectedHeadline: string;
  signedOutHeadline: string;
  /** For scenarios seen before sign-in: what signing in anyway leads to. */
  signedInHeadline: string | null;
  beforeSignIn: boolean;
}

interface DemoState {
  id: string;
  /** Changes with every switch; see `clearStorageOnNewGeneration`. */
  generation: string;
  client: DemoClientSettings;
  /** The origin the demo serves the app on (`null`: the page's own). */
  appOrigin: string | null;
  issuer: { url: string; clientId: string; otherClientId: string };
  scenarios: DemoScenarioSummary[];
}

/** The settings `main.tsx` renders with. */
export interface Demo {
  controlUrl: string;
  state: DemoState;
  /** The client ID to give `<AuthKitProvider>` (`undefined`: the variable is not set). */
  clientId: string | undefined;
  /** The redirect URI to give `<AuthKitProvider>` (`undefined`: AuthKit's default, the page's origin). */
  redirectUri: string | undefined;
  /** How Convex gets AuthKit's token (see `DemoClientSettings.convexAuth`). */
  convexAuth: DemoClientSettings["convexAuth"];
}

// Keep the overlay's open/closed choice across scenario switches; everything else is reset.
const KEEP_KEYS = ["convex-authkit-diagnostics:overlay"];
const GENERATION_KEY = "convex-authkit-diagnostics:demo-generation";

/** Empties this origin's storage, keeping only {@link KEEP_KEYS}. */
function clearStorage(): void {
  const kept = KEEP_KEYS.map((k) => [k, localStorage.getItem(k)] as const);
  localStorage.clear();
  sessionStorage.clear();
  for (const [k, v] of kept) if (v !== null) localStorage.setItem(k, v);
}

/**
 * Starts this origin clean the first time it loads under a new scenario switch: a session or a
 * PKCE verifier left from an earlier scenario (here or when a redirect took the app to another
 * origin) must not decide what this one shows. Runs before AuthKit reads the storage.
 */
function clearStorageOnNewGeneration(generation: string): void {
  if (localStorage.getItem(GENERATION_KEY) === generation) return;
  clearStorage();
  localStorage.setItem(GENERATION_KEY, generation);
}

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
  defaults: { clientId: string | undefined; redirectUri: string | undefined },
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
  clearStorageOnNewGeneration(state.generation);
  shiftClock(state.client.clockOffsetSeconds);
  const port = window.location.port ? `:${window.location.port}` : "";
  return {
    controlUrl,
    state,
    clientId:
      state.client.clientId === "other"
        ? state.issuer.otherClientId
        : state.client.clientId === "unset"
          ? undefined
          : defaults.clientId,
    // The developer configured localhost but opened the app on 127.0.0.1 (or the reverse).
    redirectUri:
      state.client.redirectUri === "localhost" ? `http://localhost${port}/` : defaults.redirectUri,
    convexAuth: state.client.convexAuth,
  };
}

/**
 * Switches the stand-in and the issuer to `id`, then restarts the app signed out on the origin
 * the demo serves it on (a redirect may have taken it to another one, e.g. localhost).
 */
async function switchScenario(controlUrl: string, id: string): Promise<void> {
  const res = await fetch(controlUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ id }),
  });
  const body = (await res.json().catch(() => null)) as {
    error?: string;
    appOrigin?: string | null;
  } | null;
  if (!res.ok) throw new Error(body?.error ?? `HTTP ${res.status}`);
  clearStorage();
  window.location.assign(`${body?.appOrigin ?? window.location.origin}/`);
}

/** What the overlay should headline in a scenario, before and after signing in. */
/** A scenario description, its `code spans` shown as code rather than as backticks. */
export function Described({ text }: { text: string }) {
  return (
    <>{text.split("`").map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</>
  );
}

function HeadlineNote({ s }: { s: DemoScenarioSummary }) {
  if (s.beforeSignIn)
    return (
      <>
        Before you sign in, the overlay should headline <code>{s.expectedHeadline}</code>
        {s.signedInHeadline && s.signedInHeadline !== s.expectedHeadline ? (
          <>
            ; signing in anyway leads to <code>{s.signedInHeadline}</code>.
          </>
        ) : (
          <>, signed in or not.</>
        )}
      </>
    );
  return (
    <>
      Sign in: the overlay should headline <code>{s.expectedHeadline}</code>
      {s.signedOutHeadline === s.expectedHeadline ? (
        <> (it does before sign-in too).</>
      ) : (
        <>
          {" "}
          (before sign-in: <code>{s.signedOutHeadline}</code>).
        </>
      )}
    </>
  );
}

// Beside the app on wide screens, below it on narrow ones (no horizontal scrolling at 360 px).
const PICKER_CSS = `
[data-demo-picker]{box-sizing:border-box;margin:12px;padding:12px;border:1px solid #d6dae0;border-radius:8px;background:#f8f9fa;font:13px/1.4 system-ui,sans-serif;overflow-wrap:anywhere}
@media (min-width:800px){[data-demo-picker]{position:fixed;top:0;left:0;width:320px}body:has([data-demo-picker]) main{margin-left:344px}}
`;

/** A small panel (top-left on wide screens): the scenario, what goes wrong, what the overlay should say. */
export function ScenarioPicker({ demo }: { demo: Demo }) {
  const [selected, setSelected] = useState(demo.state.id);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Describe what is selected, before it is switched to.
  const shown = demo.state.scenarios.find((s) => s.id === selected);
  const pending = selected !== demo.state.id;
  return (
    <aside data-demo-picker="" aria-label="Demo scenario">
      <style>{PICKER_CSS}</style>
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
      {shown && (
        <p
          data-demo-description={shown.id}
          data-demo-active={pending ? "false" : "true"}
          style={{ margin: "8px 0 0" }}
        >
          {pending && <strong>Not active yet: press Switch. </strong>}
          <Described text={shown.description} /> <HeadlineNote s={shown} />
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

/**
 * The demo's "adapter reports the user before the token" scenario: a hand-written adapter that
 * says signed in as soon as AuthKit has a user but loads the token separately (as Next.js's
 * `useAccessToken()` loads it from the server), and hands Convex whatever it holds. Convex asks
 * before the token is there, gets none, and nothing makes it ask again.
 */
export function useAuthWithLateToken() {
  const { isLoading, user, getAccessToken } = useAuth();
  const token = useRef<string | null>(null);
  useEffect(() => {
    token.current = null;
    if (!user) return;
    let live = true;
    // The round trip a server-side token source takes.
    const loaded = new Promise((resolve) => setTimeout(resolve, 300)).then(() => getAccessToken());
    loaded.then(
      (t) => {
        if (live) token.current = t;
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, [user, getAccessToken]);
  const fetchAccessToken = useCallback(async () => token.current, []);
  return { isLoading, isAuthenticated: !!user, fetchAccessToken };
}
