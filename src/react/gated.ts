"use client";
/**
 * The development-only forms of the logger factory and the hooks, shared by the `/react`,
 * `/nextjs` and `/tanstack` entries. Each is a module-level choice on
 * `process.env.NODE_ENV`, which bundlers replace: outside development only the stub is left, and
 * the real code (with the core engine) is dropped. The `/production` entries export the real
 * ones instead.
 */
import type { Diagnosis } from "../core/types.js";
import {
  createAuthDiagnosticsLogger as realCreateLogger,
  type AuthDiagnosticsLogger,
  type AuthDiagnosticsLoggerOptions,
} from "./logger.js";
import { AUTH_DIAGNOSTICS_OFF } from "./off.js";
import type {
  AuthDiagnosticsApi,
  AuthDiagnosticsDetails,
  AuthDiagnosticsHookOptions,
} from "./types.js";
import {
  useAuthDiagnostics as realUseAuthDiagnostics,
  useAuthDiagnosticsDetails as realUseAuthDiagnosticsDetails,
} from "./useAuthDiagnostics.js";

// Each export tests `process.env.NODE_ENV` itself: a bundler replaces that expression with a
// literal and drops the dead branch, which it may not do through a shared constant.

/**
 * Creates the Convex client logger that captures auth errors; returns `undefined` outside
 * development, which makes `ConvexReactClient` use its default console logger. The `/production`
 * entries (`/react/production`, `/nextjs/production`) keep it on.
 * @example const convex = new ConvexReactClient(url, { logger: createAuthDiagnosticsLogger() });
 */
export const createAuthDiagnosticsLogger: (
  options?: AuthDiagnosticsLoggerOptions,
) => AuthDiagnosticsLogger | undefined =
  process.env.NODE_ENV !== "development" ? () => undefined : realCreateLogger;

/**
 * Explains, live, why Convex says `isAuthenticated: false`: the {@link Diagnosis}, or `null`
 * until the first one is ready. Outside development (`process.env.NODE_ENV !== "development"`) it
 * always returns `null` and reads nothing, so the bundler drops the hook and the core engine.
 * The `/production` entries (`/react/production`, `/nextjs/production`) keep it on.
 * @example const diagnosis = useAuthDiagnostics(api.authDiagnostics, { clientId });
 */
export const useAuthDiagnostics: (
  api: AuthDiagnosticsApi | null | undefined,
  options?: AuthDiagnosticsHookOptions,
) => Diagnosis | null =
  process.env.NODE_ENV !== "development" ? () => null : realUseAuthDiagnostics;

/**
 * The diagnosis plus the live facts behind it and a `recheck` function. Outside development it
 * returns one constant, frozen value: `diagnosis: null`, facts with `off: true` (nothing was
 * read) and a `recheck` that does nothing. The `/production` entries keep it on.
 */
export const useAuthDiagnosticsDetails: (
  api: AuthDiagnosticsApi | null | undefined,
  options?: AuthDiagnosticsHookOptions,
) => AuthDiagnosticsDetails =
  process.env.NODE_ENV !== "development"
    ? () => AUTH_DIAGNOSTICS_OFF
    : realUseAuthDiagnosticsDetails;
