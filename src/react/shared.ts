"use client";
// What both React entries export unchanged. The hooks are not here: the development entries gate
// them like the overlay, the /production entries export them as they are.
export type {
  AuthDiagnosticsApi,
  AuthDiagnosticsHookOptions,
  AuthDiagnosticsFacts,
  AuthDiagnosticsDetails,
} from "./types.js";
export {
  OVERLAY_STORAGE_KEY,
  type AuthDiagnosticsOverlayProps,
  type OverlayPosition,
} from "./overlay.js";
export {
  authKitReactAdapter,
  useAuthKitReactDefault,
  type AuthKitAdapter,
  type AuthKitSnapshot,
  type AuthKitReactAuth,
} from "./authkit.js";
export {
  getDefaultAuthDiagnosticsLogger,
  MAX_EVENTS,
  type AuthDiagnosticsLogger,
  type AuthDiagnosticsLoggerOptions,
  type AuthLogEvent,
  type AuthLogSnapshot,
  type ConvexClientLogger,
} from "./logger.js";
