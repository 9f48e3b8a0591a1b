"use client";
/**
 * The AuthKit adapter for the session-based SDKs, `@workos-inc/authkit-nextjs` and
 * `@workos/authkit-tanstack-react-start`. Both keep the session in an encrypted cookie on the
 * server and give the browser two hooks of the same shape: `useAuth()` (the user, `loading`) and
 * `useAccessToken()` (a token store with `accessToken`, `loading`, `error`, `getAccessToken()` and
 * `refresh()`). This module reads them without importing either package.
 */
import type { AuthKitAdapter, AuthKitSnapshot } from "./authkit.js";

/** The part of `useAuth()` (authkit-nextjs, authkit-tanstack-react-start) the adapter reads. */
export interface AuthKitSessionAuth {
  user: { id: string } | null;
  /** `true` until the provider knows whether someone is signed in. */
  loading: boolean;
  organizationId?: string | null | undefined;
  sessionId?: string | null | undefined;
}

/** The part of `useAccessToken()` the adapter reads. */
export interface AuthKitSessionAccessToken {
  /** The token the store holds; `undefined` until its first fetch finished (or signed out). */
  accessToken: string | undefined;
  /** `true` while the store fetches its first token for the user, or runs `refresh()`. */
  loading: boolean;
  /** The last failed fetch or refresh, if the store has no fresher news. */
  error: Error | null;
  /** A fresh token, fetched or refreshed when needed; `undefined` when signed out; throws when the refresh fails. */
  getAccessToken: () => Promise<string | undefined>;
  /** Always refreshes (what `forceRefreshToken` asks for). */
  refresh: () => Promise<string | undefined>;
}

/** The two hooks of a session-based AuthKit SDK. */
export interface AuthKitSessionHooks {
  useAuth: () => AuthKitSessionAuth;
  useAccessToken: () => AuthKitSessionAccessToken;
}

/**
 * What the diagnostics need from the two hooks' answers, for one render.
 *
 * - Loading while `useAuth()` loads, and while a signed-in user's first token is still being
 *   fetched (`useAccessToken().loading` with no token and no error): that window is not a
 *   failure, and reading the token then would only race the store's own fetch.
 * - `getAccessToken({ forceRefresh: true })` calls `refresh()`, as a correct `fetchAccessToken`
 *   does for `forceRefreshToken`; otherwise `getAccessToken()`, which waits for the store.
 */
export function sessionSnapshotOf(
  auth: AuthKitSessionAuth,
  token: AuthKitSessionAccessToken,
): AuthKitSnapshot {
  const user = auth.user ? { id: String(auth.user.id) } : null;
  const firstTokenPending = user !== null && token.loading && !token.accessToken && !token.error;
  const { getAccessToken, refresh } = token;
  return {
    status: "ready",
    isLoading: auth.loading || firstTokenPending,
    user,
    organizationId: auth.organizationId ?? null,
    getAccessToken: (options) => (options?.forceRefresh ? refresh() : getAccessToken()),
  };
}

/**
 * Builds an adapter from the `useAuth` and `useAccessToken` hooks of
 * `@workos-inc/authkit-nextjs/components` or `@workos/authkit-tanstack-react-start/client`.
 * Define it once, at module level.
 *
 * @example
 * import { useAccessToken, useAuth } from "@workos-inc/authkit-nextjs/components";
 * const authKit = authKitSessionAdapter({ useAuth, useAccessToken });
 */
export function authKitSessionAdapter(hooks: AuthKitSessionHooks): AuthKitAdapter {
  const { useAuth, useAccessToken } = hooks;
  return function useAuthKitSession(): AuthKitSnapshot {
    // Both hooks run on every render, in this order (rules of hooks).
    const auth = useAuth();
    const token = useAccessToken();
    return sessionSnapshotOf(auth, token);
  };
}
