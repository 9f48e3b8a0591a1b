"use client";
import { useSyncExternalStore } from "react";
import {
  EMPTY_AUTH_LOG,
  getDefaultAuthDiagnosticsLogger,
  subscribeDefaultAuthDiagnosticsLogger,
  type AuthDiagnosticsLogger,
  type AuthLogSnapshot,
} from "./logger.js";

const noopSubscribe = () => () => {};
const emptyLog = () => EMPTY_AUTH_LOG;

/** What {@link useAuthLog} returns. */
export interface AuthLog {
  /** The logger in use, or `null` when none is wired (then `log` stays empty). */
  logger: AuthDiagnosticsLogger | null;
  /** Its current auth history. */
  log: AuthLogSnapshot;
}

/**
 * The Convex client logger's auth history. `explicit` wins when given (`null`: no logger);
 * otherwise the logger `createAuthDiagnosticsLogger()` made last, followed as it changes.
 */
export function useAuthLog(explicit: AuthDiagnosticsLogger | null | undefined): AuthLog {
  const registered = useSyncExternalStore(
    subscribeDefaultAuthDiagnosticsLogger,
    getDefaultAuthDiagnosticsLogger,
    () => null,
  );
  const logger = explicit === undefined ? registered : explicit;
  const log = useSyncExternalStore(
    logger ? logger.subscribe : noopSubscribe,
    logger ? logger.getSnapshot : emptyLog,
    emptyLog,
  );
  return { logger, log };
}
