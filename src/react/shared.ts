"use client";
// What both React entries export unchanged.
export {
  useAuthDiagnostics,
  useAuthDiagnosticsDetails,
  type AuthDiagnosticsApi,
  type AuthDiagnosticsHookOptions,
  type AuthDiagnosticsFacts,
  type AuthDiagnosticsDetails,
} from "./useAuthDiagnostics.js";
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
