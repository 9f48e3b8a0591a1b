"use client";
/**
 * The AuthKit adapter for TanStack Start's `@workos/authkit-tanstack-react-start`: its `useAuth()`
 * and `useAccessToken()` read through the session adapter (loading until a signed-in user's first
 * token is there; `refresh()` for a forced refresh).
 */
import { useAccessToken, useAuth } from "@workos/authkit-tanstack-react-start/client";
import type { AuthKitAdapter } from "../react/authkit.js";
import { authKitSessionAdapter } from "../react/authkitSession.js";

/**
 * Reads `useAuth()` and `useAccessToken()` from `@workos/authkit-tanstack-react-start/client`. The
 * TanStack Start overlay uses it by default; pass it as `authKit` to `useAuthDiagnostics` yourself.
 * @example useAuthDiagnostics(api.authDiagnostics, { authKit: useAuthKitTanStack })
 */
export const useAuthKitTanStack: AuthKitAdapter = /* @__PURE__ */ authKitSessionAdapter({
  useAuth,
  useAccessToken,
});
