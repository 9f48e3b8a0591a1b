"use client";
/**
 * How the diagnostics read AuthKit: through an adapter hook, so `@workos-inc/authkit-react`
 * stays an optional peer dependency and other setups (Next.js, custom wrappers) can plug in.
 */
import { createContext, useContext, useSyncExternalStore } from "react";

/** What an AuthKit adapter reports on each render. */
export interface AuthKitSnapshot {
  /** `"ready"`: the fields below are meaningful. `"unavailable"`: AuthKit could not be read (see `reason`). */
  status: "ready" | "unavailable";
  /** Why AuthKit could not be read (missing package, missing provider, adapter threw). */
  reason?: string;
  isLoading: boolean;
  /** The signed-in user, or `null`. Only `id` is used. */
  user: { id: string } | null;
  organizationId?: string | null;
  /**
   * AuthKit's `getAccessToken`. Called at most once per user/session change and once per
   * server rejection; its identity may change freely between renders.
   */
  getAccessToken?:
    ((options?: { forceRefresh?: boolean }) => Promise<string | null | undefined>) | null;
}

/**
 * An AuthKit adapter: a React hook returning an {@link AuthKitSnapshot}. It is called on every
 * render of `useAuthDiagnostics`, so it must follow the rules of hooks. It may throw; the throw
 * becomes an `AUTHKIT_UNAVAILABLE` finding.
 */
export type AuthKitAdapter = () => AuthKitSnapshot;

/** The part of `useAuth()` from `@workos-inc/authkit-react` the adapter reads. */
export interface AuthKitReactAuth {
  isLoading: boolean;
  user: { id: string } | null;
  organizationId?: string | null;
  getAccessToken: (options?: { forceRefresh?: boolean }) => Promise<string>;
}

/**
 * Builds an adapter from `useAuth` of `@workos-inc/authkit-react`. Use it when your bundler
 * cannot load the optional peer dependency on its own (see the docs), or to be explicit.
 *
 * @example
 * import { useAuth } from "@workos-inc/authkit-react";
 * useAuthDiagnostics(api.authDiagnostics, { authKit: authKitReactAdapter(useAuth) });
 */
export function authKitReactAdapter(useAuth: () => AuthKitReactAuth): AuthKitAdapter {
  return function useAuthKitReact(): AuthKitSnapshot {
    return snapshotOf(useAuth());
  };
}

/** What the diagnostics need from authkit-react's `useAuth()` result. */
function snapshotOf(auth: AuthKitReactAuth): AuthKitSnapshot {
  return {
    status: "ready",
    isLoading: auth.isLoading,
    user: auth.user ? { id: String(auth.user.id) } : null,
    organizationId: auth.organizationId ?? null,
    getAccessToken: auth.getAccessToken,
  };
}

// ── the default adapter: `@workos-inc/authkit-react`, loaded lazily ──────────────────────────

type AuthKitModule = { useAuth: () => AuthKitReactAuth };
type ModuleState =
  | { status: "idle" | "loading" }
  | { status: "loaded"; useAuth: () => AuthKitReactAuth }
  | { status: "failed"; reason: string };

let moduleState: ModuleState = { status: "idle" };
const moduleListeners = new Set<() => void>();

function setModuleState(next: ModuleState) {
  moduleState = next;
  for (const l of [...moduleListeners]) l();
}

function loadAuthKitReact() {
  if (moduleState.status !== "idle") return;
  setModuleState({ status: "loading" });
  // A dynamic import keeps the peer dependency optional: when it is missing the promise rejects
  // (a finding), instead of the app failing to load. The ignore comments make webpack/Turbopack
  // leave it alone, so a Next.js app without the package still builds; such setups pass their
  // own adapter and never reach this code.
  import(/* webpackIgnore: true */ /* turbopackIgnore: true */ "@workos-inc/authkit-react").then(
    (mod: Partial<AuthKitModule>) => {
      if (typeof mod.useAuth === "function")
        setModuleState({ status: "loaded", useAuth: mod.useAuth });
      else
        setModuleState({
          status: "failed",
          reason: "`@workos-inc/authkit-react` does not export `useAuth`.",
        });
    },
    (error: unknown) => {
      setModuleState({
        status: "failed",
        reason: `\`@workos-inc/authkit-react\` could not be loaded (${error instanceof Error ? error.message : String(error)}). Install it, or pass an \`authKit\` adapter.`,
      });
    },
  );
}

function subscribeModule(listener: () => void) {
  moduleListeners.add(listener);
  loadAuthKitReact();
  return () => {
    moduleListeners.delete(listener);
  };
}
const getModuleState = () => moduleState;

// Read in place of AuthKit's context until the module has loaded. authkit-react's `useAuth` is
// one `useContext` call, so both branches below call the same hooks in the same order.
const NotLoadedContext = createContext<null>(null);

/**
 * The default adapter: reads `useAuth()` from `@workos-inc/authkit-react`, loaded on first use.
 * A missing package or a missing `<AuthKitProvider>` becomes an `unavailable` snapshot.
 */
export function useAuthKitReactDefault(): AuthKitSnapshot {
  const state = useSyncExternalStore(subscribeModule, getModuleState, getModuleState);
  if (state.status !== "loaded") {
    // Same hooks, same order as `state.useAuth()` below (see NotLoadedContext).
    // eslint-disable-next-line react-hooks/rules-of-hooks
    useContext(NotLoadedContext);
    if (state.status === "failed") return unavailable(state.reason);
    return { status: "ready", isLoading: true, user: null };
  }
  let auth: AuthKitReactAuth;
  try {
    auth = state.useAuth();
  } catch (error) {
    return unavailable(
      `\`useAuth()\` from \`@workos-inc/authkit-react\` threw: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return snapshotOf(auth);
}

/** An `unavailable` snapshot with the given reason. */
export function unavailable(reason: string): AuthKitSnapshot {
  return { status: "unavailable", reason, isLoading: false, user: null };
}
