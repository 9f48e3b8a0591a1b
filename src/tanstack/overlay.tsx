"use client";
import type { AuthKitAdapter } from "../react/authkit.js";
import {
  AuthDiagnosticsOverlay as BaseOverlay,
  type AuthDiagnosticsOverlayProps,
} from "../react/overlay.js";
import { useAuthKitTanStack } from "./adapter.js";

/** Props of the TanStack Start overlay: the React overlay's, with AuthKit read by default. */
export interface TanStackAuthDiagnosticsOverlayProps extends Omit<
  AuthDiagnosticsOverlayProps,
  "authKit"
> {
  /** How to read AuthKit. Default: `useAuth()` and `useAccessToken()` of `@workos/authkit-tanstack-react-start/client`. */
  authKit?: AuthKitAdapter;
}

/** The overlay for TanStack Start with `@workos/authkit-tanstack-react-start`. */
export function TanStackAuthDiagnosticsOverlay({
  authKit,
  ...props
}: TanStackAuthDiagnosticsOverlayProps) {
  return <BaseOverlay {...props} authKit={authKit ?? useAuthKitTanStack} />;
}
