"use client";
import {
  Component,
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
  type ReactNode,
} from "react";
import { createPortal } from "react-dom";
import { issuerMatches } from "../core/providers.js";
import { renderMarkdown, redactSecrets } from "../core/render.js";
import type {
  Diagnosis,
  EvidenceValue,
  Finding,
  NormalizedProvider,
  Severity,
} from "../core/types.js";
import {
  useAuthDiagnosticsDetails,
  type AuthDiagnosticsApi,
  type AuthDiagnosticsFacts,
  type AuthDiagnosticsHookOptions as AuthDiagnosticsOptions,
} from "./useAuthDiagnostics.js";

/** Keeps a rendering failure inside the panel: the app around the overlay never sees it. */
class PanelBoundary extends Component<{ children: ReactNode }, { error: string | null }> {
  override state = { error: null as string | null };
  static getDerivedStateFromError(e: unknown) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  override render() {
    if (this.state.error !== null)
      return (
        <p className="cad-muted">
          This part of the panel could not be shown ({redactSecrets(this.state.error)}).
        </p>
      );
    return this.props.children;
  }
}

/** Catalogue text with its `code` spans shown as code (React elements only: no HTML is parsed). */
function Text({ value }: { value: string }) {
  // Evidence can carry error texts from adapters: never show a token or key that slipped in.
  const parts = redactSecrets(value).split("`");
  // An odd number of backticks leaves the last one literal.
  if (parts.length % 2 === 0) return <>{parts.join("`")}</>;
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <code key={i} className="cad-code">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}

/** Where the toggle sits. */
export type OverlayPosition = "bottom-right" | "bottom-left" | "top-right" | "top-left";

/** Props of {@link AuthDiagnosticsOverlay}. */
export interface AuthDiagnosticsOverlayProps extends AuthDiagnosticsOptions {
  /** The app's re-exported functions: `api.authDiagnostics`. */
  api: AuthDiagnosticsApi | null | undefined;
  /** Corner of the toggle button. Default `"bottom-right"`. */
  position?: OverlayPosition;
  /** Open on first load (before anything was persisted). Default `false`. */
  initialIsOpen?: boolean;
  /** Colour scheme. Default `"system"`. */
  theme?: "light" | "dark" | "system";
  /** CSP nonce for the overlay's `<style>` element. */
  nonce?: string;
  /** localStorage key for the open state. Default `"convex-authkit-diagnostics:overlay"`. */
  storageKey?: string;
}

/** The localStorage key the open state is persisted under by default. */
export const OVERLAY_STORAGE_KEY = "convex-authkit-diagnostics:overlay";

const ICON: Record<Severity, string> = { error: "✗", warning: "!", info: "i", ok: "✓" };

// Every selector is prefixed and lives in the shadow root: nothing leaks into the app.
const CSS = `
:host{all:initial}
.cad-root{--cad-bg:#fff;--cad-fg:#1b1f24;--cad-muted:#5b6470;--cad-border:#d6dae0;--cad-accent:#3b5bdb;--cad-error:#c92a2a;--cad-warning:#b35c00;--cad-info:#1971c2;--cad-ok:#2b8a3e;--cad-code:#f1f3f5;
 position:fixed;z-index:2147483646;font:13px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--cad-fg)}
.cad-dark{--cad-bg:#1a1b1e;--cad-fg:#e9ecef;--cad-muted:#a6adb5;--cad-border:#373a40;--cad-accent:#748ffc;--cad-error:#ff6b6b;--cad-warning:#ffa94d;--cad-info:#74c0fc;--cad-ok:#69db7c;--cad-code:#25262b}
@media (prefers-color-scheme:dark){.cad-system{--cad-bg:#1a1b1e;--cad-fg:#e9ecef;--cad-muted:#a6adb5;--cad-border:#373a40;--cad-accent:#748ffc;--cad-error:#ff6b6b;--cad-warning:#ffa94d;--cad-info:#74c0fc;--cad-ok:#69db7c;--cad-code:#25262b}}
.cad-bottom-right{right:12px;bottom:12px}.cad-bottom-left{left:12px;bottom:12px}.cad-top-right{right:12px;top:12px}.cad-top-left{left:12px;top:12px}
.cad-toggle{display:flex;align-items:center;gap:6px;border:1px solid var(--cad-border);background:var(--cad-bg);color:var(--cad-fg);border-radius:999px;padding:6px 12px;font:inherit;cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.2)}
.cad-dot{width:10px;height:10px;border-radius:50%;background:var(--cad-muted)}
.cad-dot-error{background:var(--cad-error)}.cad-dot-warning{background:var(--cad-warning)}.cad-dot-info{background:var(--cad-info)}.cad-dot-ok{background:var(--cad-ok)}
.cad-panel{position:absolute;width:min(460px,calc(100vw - 24px));max-height:min(70vh,640px);overflow:auto;background:var(--cad-bg);border:1px solid var(--cad-border);border-radius:10px;box-shadow:0 8px 30px rgba(0,0,0,.25);padding:12px 14px;transition:opacity .15s ease,transform .15s ease}
.cad-bottom-right .cad-panel,.cad-bottom-left .cad-panel{bottom:44px}.cad-top-right .cad-panel,.cad-top-left .cad-panel{top:44px}
.cad-bottom-right .cad-panel,.cad-top-right .cad-panel{right:0}.cad-bottom-left .cad-panel,.cad-top-left .cad-panel{left:0}
@media (prefers-reduced-motion:reduce){.cad-panel,.cad-toggle{transition:none}}
.cad-head{display:flex;justify-content:space-between;align-items:center;gap:8px;margin-bottom:8px}
.cad-title{font-weight:600;font-size:14px;margin:0}
.cad-btn{border:1px solid var(--cad-border);background:transparent;color:var(--cad-fg);border-radius:6px;padding:3px 8px;font:inherit;cursor:pointer}
.cad-toggle:focus-visible,.cad-btn:focus-visible,.cad-panel a:focus-visible,.cad-panel summary:focus-visible{outline:2px solid var(--cad-accent);outline-offset:2px}
.cad-headline{border-left:4px solid var(--cad-muted);padding:6px 10px;margin:0 0 10px;background:var(--cad-code);border-radius:4px}
.cad-sev-error{border-color:var(--cad-error)}.cad-sev-warning{border-color:var(--cad-warning)}.cad-sev-info{border-color:var(--cad-info)}.cad-sev-ok{border-color:var(--cad-ok)}
.cad-fix{margin:4px 0 0}.cad-fix b{font-weight:600}
.cad-h{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--cad-muted);margin:12px 0 4px}
.cad-list{list-style:none;margin:0;padding:0}
.cad-finding{border-top:1px solid var(--cad-border);padding:6px 0}
.cad-finding summary{cursor:pointer}
.cad-icon{display:inline-block;width:1.2em;font-weight:700}
.cad-i-error{color:var(--cad-error)}.cad-i-warning{color:var(--cad-warning)}.cad-i-info{color:var(--cad-info)}.cad-i-ok{color:var(--cad-ok)}
.cad-kv{display:grid;grid-template-columns:max-content 1fr;gap:2px 10px;margin:4px 0;font-size:12px}
.cad-kv dt{color:var(--cad-muted)}.cad-kv dd{margin:0;word-break:break-all}
.cad-code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;background:var(--cad-code);padding:1px 4px;border-radius:4px;overflow-wrap:anywhere}
.cad-table{width:100%;border-collapse:collapse;font-size:12px}.cad-table th,.cad-table td{text-align:left;border-top:1px solid var(--cad-border);padding:3px 4px;vertical-align:top;word-break:break-all}
.cad-muted{color:var(--cad-muted)}
.cad-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
`;

function show(v: unknown): string {
  if (v === null || v === undefined) return "none";
  if (Array.isArray(v)) return v.length ? v.map(String).join(", ") : "none";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

function KeyValues({ entries }: { entries: [string, unknown][] }) {
  if (!entries.length) return null;
  return (
    <dl className="cad-kv">
      {entries.map(([k, v]) => (
        <div key={k} style={{ display: "contents" }}>
          <dt>{k}</dt>
          <dd>{redactSecrets(show(v))}</dd>
        </div>
      ))}
    </dl>
  );
}

const HIDDEN_EVIDENCE = new Set([
  "reason",
  "fixHint",
  "specificFix",
  "errorFix",
  "reasonFix",
  "setFix",
  "transportNote",
  "subjectNote",
  "description",
]);

function FindingItem({ f }: { f: Finding }) {
  const evidence = Object.entries(f.evidence).filter(([k]) => !HIDDEN_EVIDENCE.has(k)) as [
    string,
    EvidenceValue,
  ][];
  return (
    <li className="cad-finding" data-finding={f.code}>
      <details>
        <summary>
          <span className={`cad-icon cad-i-${f.severity}`} aria-hidden="true">
            {ICON[f.severity]}
          </span>
          <span className="cad-sr">{f.severity}: </span>
          {f.title} <span className="cad-code">{f.code}</span>
        </summary>
        <p>
          <Text value={f.message} />
        </p>
        {f.severity !== "ok" && (
          <p className="cad-fix">
            <b>Fix:</b> <Text value={f.fix} />
          </p>
        )}
        <KeyValues entries={evidence} />
        {f.docs && (
          <a href={f.docs} target="_blank" rel="noreferrer">
            Docs
          </a>
        )}
      </details>
    </li>
  );
}

/** Token claims against each deployed provider: the comparison Convex makes. */
function ProviderTable({
  providers,
  claims,
}: {
  providers: NormalizedProvider[];
  claims: Record<string, unknown> | null;
}) {
  const iss = typeof claims?.iss === "string" ? claims.iss.replace(/\/+$/, "") : null;
  const aud =
    claims?.aud === undefined
      ? []
      : Array.isArray(claims.aud)
        ? claims.aud.map(String)
        : [String(claims.aud)];
  return (
    <table className="cad-table">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">issuer</th>
          <th scope="col">applicationID</th>
          <th scope="col">matches token</th>
        </tr>
      </thead>
      <tbody>
        {providers.map((p) => {
          const issOk = iss !== null && p.issuer !== null && issuerMatches(p.issuer, iss);
          const audOk = p.applicationID === null || aud.includes(p.applicationID);
          return (
            <tr key={p.index}>
              <td>{p.convexOrder ?? "–"}</td>
              <td>{p.issuer ?? "none"}</td>
              <td>{p.applicationID ?? "none"}</td>
              <td>
                {iss === null
                  ? "no token"
                  : issOk && audOk
                    ? "yes"
                    : !issOk
                      ? "issuer differs"
                      : aud.length
                        ? "aud differs"
                        : "token has no aud"}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function LiveState({
  facts,
  diagnosis,
}: {
  facts: AuthDiagnosticsFacts;
  diagnosis: Diagnosis | null;
}) {
  const report = facts.server.report;
  const claims = diagnosis?.token?.claims ?? null;
  const header = diagnosis?.token?.header ?? null;
  const skew =
    report && facts.server.receivedAt !== undefined
      ? Math.round((facts.server.receivedAt - report.serverTime) / 1000)
      : null;
  return (
    <>
      <h3 className="cad-h">Live state</h3>
      <KeyValues
        entries={[
          [
            "AuthKit",
            facts.authKit.status === "unavailable"
              ? `unavailable: ${facts.authKit.reason}`
              : facts.authKit.isLoading
                ? "loading"
                : facts.authKit.userId
                  ? `signed in as ${facts.authKit.userId}`
                  : "signed out",
          ],
          [
            "access token",
            facts.accessToken.state === "error"
              ? `${facts.accessToken.errorName}: ${facts.accessToken.errorMessage}`
              : facts.accessToken.state,
          ],
          [
            "Convex",
            !facts.convex.present
              ? "no ConvexProviderWithAuth"
              : facts.convex.isLoading
                ? "loading"
                : facts.convex.isAuthenticated
                  ? "authenticated"
                  : "not authenticated",
          ],
          [
            "WebSocket",
            facts.convex.connected === true
              ? "connected"
              : facts.convex.connected === false
                ? "not connected"
                : "…",
          ],
          [
            "server report",
            facts.server.state === "error" ? `error: ${facts.server.error}` : facts.server.state,
          ],
          [
            "probe",
            facts.probe.state === "done"
              ? `${facts.probe.via}: ${facts.probe.verdict}`
              : facts.probe.state,
          ],
        ]}
      />
      {facts.serverErrors.length > 0 && (
        <>
          <h3 className="cad-h">What the server said</h3>
          <ul className="cad-list">
            {facts.serverErrors.map((t, i) => (
              <li key={i} className="cad-code">
                {redactSecrets(t)}
              </li>
            ))}
          </ul>
        </>
      )}
      {(claims || header) && (
        <>
          <h3 className="cad-h">Access token (decoded)</h3>
          <KeyValues
            entries={[
              ["iss", claims?.iss],
              ["aud", claims?.aud],
              ["sub", claims?.sub],
              ["org_id", claims?.org_id],
              ["kid", header?.kid],
              ["alg", header?.alg],
              [
                "expires in",
                diagnosis?.token?.expiresInSeconds === null ||
                diagnosis?.token?.expiresInSeconds === undefined
                  ? "unknown"
                  : `${diagnosis.token.expiresInSeconds} s`,
              ],
            ]}
          />
        </>
      )}
      {report && (
        <>
          <h3 className="cad-h">Deployed providers vs token</h3>
          <ProviderTable providers={report.providers} claims={claims} />
          <h3 className="cad-h">Deployment env</h3>
          <KeyValues
            entries={report.env.map((e) => [
              e.name,
              e.set ? (e.value ?? `set (${e.length ?? "?"} chars)`) : "NOT SET",
            ])}
          />
          <h3 className="cad-h">Clocks</h3>
          <KeyValues
            entries={[
              ["server", new Date(report.serverTime).toISOString()],
              ["client", new Date(facts.server.receivedAt ?? facts.clientTime).toISOString()],
              ["client − server", skew === null ? "unknown" : `${skew} s`],
            ]}
          />
        </>
      )}
    </>
  );
}

function readOpen(key: string): boolean | null {
  try {
    const raw = globalThis.localStorage?.getItem(key);
    if (!raw) return null;
    const v = JSON.parse(raw) as { open?: unknown };
    return typeof v.open === "boolean" ? v.open : null;
  } catch {
    return null;
  }
}

function writeOpen(key: string, open: boolean) {
  try {
    globalThis.localStorage?.setItem(key, JSON.stringify({ open }));
  } catch {
    // Private mode or a full quota: the state simply is not persisted.
  }
}

/** Renders `children` into an open shadow root of `host` (falls back to inline without shadow DOM support). */
function useShadowRoot(host: HTMLElement | null): ShadowRoot | HTMLElement | null {
  const [root, setRoot] = useState<ShadowRoot | HTMLElement | null>(null);
  useLayoutEffect(() => {
    if (!host) return;
    try {
      // StrictMode remounts reuse the element, which can carry only one shadow root.
      setRoot(
        host.shadowRoot ??
          (typeof host.attachShadow === "function" ? host.attachShadow({ mode: "open" }) : host),
      );
    } catch {
      setRoot(host);
    }
  }, [host]);
  return root;
}

/**
 * A floating toggle + panel explaining the app's Convex + AuthKit auth state: the headline and
 * its fix, every finding with its evidence, the live state, and "Copy report" (redacted Markdown).
 * Rendered into a shadow root; depends on nothing but React.
 *
 * Import it from `convex-authkit-diagnostics/react` to get `null` outside development, or from
 * `convex-authkit-diagnostics/react/production` to keep it on.
 *
 * @example
 * <AuthDiagnosticsOverlay api={api.authDiagnostics} clientId={import.meta.env.VITE_WORKOS_CLIENT_ID} />
 */
export function AuthDiagnosticsOverlay(props: AuthDiagnosticsOverlayProps): ReactNode {
  const {
    api,
    position = "bottom-right",
    initialIsOpen,
    theme = "system",
    nonce,
    storageKey = OVERLAY_STORAGE_KEY,
    ...options
  } = props;
  const { diagnosis, facts, recheck } = useAuthDiagnosticsDetails(api, options);
  const [host, setHost] = useState<HTMLDivElement | null>(null);
  const root = useShadowRoot(host);
  const [open, setOpenState] = useState<boolean | null>(null);
  const [copied, setCopied] = useState<"idle" | "copied" | "failed">("idle");
  const toggleRef = useRef<HTMLButtonElement | null>(null);
  const panelId = useId();

  useEffect(() => {
    setOpenState(readOpen(storageKey));
  }, [storageKey]);
  // Before anything was persisted: open only when asked to.
  const isOpen = open ?? initialIsOpen ?? false;

  const setOpen = useCallback(
    (next: boolean, focusToggle: boolean) => {
      setOpenState(next);
      writeOpen(storageKey, next);
      if (!next) setCopied("idle");
      if (focusToggle) queueMicrotask(() => toggleRef.current?.focus());
    },
    [storageKey],
  );

  const onKeyDown = useCallback(
    (e: ReactKeyboardEvent) => {
      if (e.key === "Escape" && isOpen) {
        e.stopPropagation();
        setOpen(false, true);
      }
    },
    [isOpen, setOpen],
  );

  const copy = useCallback(async () => {
    if (!diagnosis) return;
    try {
      // renderMarkdown never includes the raw token (JWT-shaped text is redacted).
      await navigator.clipboard.writeText(renderMarkdown(diagnosis));
      setCopied("copied");
    } catch {
      setCopied("failed");
    }
  }, [diagnosis]);

  const headline = diagnosis?.headline ?? null;
  const severity: Severity | "pending" = headline?.severity ?? "pending";
  const scheme = theme === "dark" ? "cad-dark" : theme === "light" ? "" : "cad-system";
  const errors = diagnosis?.findings.filter((f) => f.severity === "error").length ?? 0;

  const content = (
    <div className={`cad-root cad-${position} ${scheme}`} onKeyDown={onKeyDown}>
      <style nonce={nonce}>{CSS}</style>
      {isOpen && (
        <section
          className="cad-panel"
          id={panelId}
          role="dialog"
          aria-modal="false"
          aria-labelledby={`${panelId}-title`}
        >
          <div className="cad-head">
            <h2 className="cad-title" id={`${panelId}-title`}>
              Convex + AuthKit auth
            </h2>
            <div>
              <button
                type="button"
                className="cad-btn"
                onClick={recheck}
                aria-label="Re-check auth state"
              >
                Re-check
              </button>{" "}
              <button
                type="button"
                className="cad-btn"
                onClick={() => void copy()}
                disabled={!diagnosis}
                aria-label="Copy report as Markdown"
              >
                {copied === "copied"
                  ? "Copied"
                  : copied === "failed"
                    ? "Copy failed"
                    : "Copy report"}
              </button>{" "}
              <button
                type="button"
                className="cad-btn"
                onClick={() => setOpen(false, true)}
                aria-label="Close auth diagnostics"
              >
                ×
              </button>
            </div>
          </div>
          {headline ? (
            <div
              className={`cad-headline cad-sev-${headline.severity}`}
              data-headline={headline.code}
            >
              <strong>
                <span className={`cad-icon cad-i-${headline.severity}`} aria-hidden="true">
                  {ICON[headline.severity]}
                </span>
                {headline.title}
              </strong>
              <p>
                <Text value={headline.message} />
              </p>
              {headline.severity !== "ok" && (
                <p className="cad-fix">
                  <b>Fix:</b> <Text value={headline.fix} />
                </p>
              )}
            </div>
          ) : (
            <p className="cad-muted">Collecting auth state…</p>
          )}
          {diagnosis && (
            <>
              <h3 className="cad-h">Findings ({diagnosis.findings.length})</h3>
              <ul className="cad-list">
                {diagnosis.findings.map((f, i) => (
                  <FindingItem key={`${f.code}-${i}`} f={f} />
                ))}
              </ul>
            </>
          )}
          <PanelBoundary>
            <LiveState facts={facts} diagnosis={diagnosis} />
          </PanelBoundary>
          <p className="cad-sr" role="status" aria-live="polite">
            {copied === "copied" ? "Report copied" : ""}
          </p>
        </section>
      )}
      <button
        ref={toggleRef}
        type="button"
        className="cad-toggle"
        aria-expanded={isOpen}
        aria-controls={isOpen ? panelId : undefined}
        aria-label={`${isOpen ? "Hide" : "Show"} Convex auth diagnostics${headline ? `: ${headline.title}` : ""}`}
        onClick={() => setOpen(!isOpen, false)}
      >
        <span className={`cad-dot cad-dot-${severity}`} aria-hidden="true" />
        <span>Auth{errors ? ` (${errors})` : ""}</span>
      </button>
    </div>
  );

  return (
    <div
      ref={setHost}
      data-convex-auth-diagnostics=""
      data-code={headline?.code ?? "PENDING"}
      data-open={isOpen ? "true" : "false"}
    >
      {root ? createPortal(content, root) : null}
    </div>
  );
}
