"use client";
/**
 * The AuthKit adapter for `@workos-inc/authkit-nextjs`: its `useAuth()` and `useAccessToken()`
 * read through the session adapter (loading until a signed-in user's first token is there;
 * `refresh()` for a forced refresh).
 */
import { useAccessToken, useAuth } from "@workos-inc/authkit-nextjs/components";
import type { AuthKitAdapter } from "../react/authkit.js";
import { authKitSessionAdapter } from "../react/authkitSession.js";

/**
 * Reads `useAuth()` and `useAccessToken()` from `@workos-inc/authkit-nextjs/components`. The
 * Next.js overlay uses it by default; pass it as `authKit` to `useAuthDiagnostics` yourself.
 * @example useAuthDiagnostics(api.authDiagnostics, { authKit: useAuthKitNextjs, clientId })
 */
export const useAuthKitNextjs: AuthKitAdapter = /* @__PURE__ */ authKitSessionAdapter({
  useAuth,
  useAccessToken,
});
