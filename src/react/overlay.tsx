"use client";
import {
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
import { renderMarkdown } from "../core/render.js";
import type { Severity } from "../core/types.js";
import { LiveState } from "./overlayLiveState.js";
import { FindingItem, Headline, PanelBoundary, PanelButton } from "./overlayParts.js";
import { OVERLAY_CSS } from "./overlayStyles.js";
import type { AuthDiagnosticsApi, AuthDiagnosticsHookOptions } from "./types.js";
import { useAuthDiagnosticsDetails } from "./useAuthDiagnostics.js";

/** Where the toggle sits. */
export type OverlayPosition = "bottom-right" | "bottom-left" | "top-right" | "top-left";

/** Props of {@link AuthDiagnosticsOverlay}. */
export interface AuthDiagnosticsOverlayProps extends AuthDiagnosticsHookOptions {
  /** The app's re-exported functions: `api.authDiagnostics`. */
  api: AuthDiagnosticsApi | null | undefined;
  /** Corner of the toggle button. Default `"bottom-right"`. */
  position?: OverlayPosition;
  /** Open on first load (before anything was persisted). Default `false`. */
  initialIsOpen?: boolean;
  /** Color scheme. Default `"system"`. */
  theme?: "light" | "dark" | "system";
  /** CSP nonce for the overlay's `<style>` element. */
  nonce?: string;
  /** localStorage key for the open state. Default `"convex-authkit-diagnostics:overlay"`. */
  storageKey?: string;
}

const COPY_LABELS = { idle: "Copy report", copied: "Copied", failed: "Copy failed" } as const;

/** The localStorage key the open state is persisted under by default. */
export const OVERLAY_STORAGE_KEY = "convex-authkit-diagnostics:overlay";

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
      <style nonce={nonce}>{OVERLAY_CSS}</style>
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
            <div className="cad-actions">
              <PanelButton label="Re-check auth state" onClick={recheck}>
                Re-check
              </PanelButton>{" "}
              <PanelButton
                label="Copy report as Markdown"
                onClick={() => void copy()}
                disabled={!diagnosis}
              >
                {COPY_LABELS[copied]}
              </PanelButton>{" "}
              <PanelButton label="Close auth diagnostics" onClick={() => setOpen(false, true)}>
                ×
              </PanelButton>
            </div>
          </div>
          {headline ? (
            <Headline f={headline} />
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
        // Read aloud: the title's code spans without their backticks.
        aria-label={`${isOpen ? "Hide" : "Show"} Convex auth diagnostics${headline ? `: ${headline.title.replace(/`/g, "")}` : ""}`}
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
