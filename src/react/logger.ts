"use client";
/**
 * A Convex client logger that behaves like Convex's default console logger and additionally
 * records what the auth machinery of `ConvexReactClient` says, so the diagnostics can show the
 * server's real rejection text (Convex only logs it, verbosely, and never exposes it otherwise).
 * Which lines are about auth is decided by core (`classifyClientLogLine`).
 */
import { classifyClientLogLine, type ClientLogKind } from "../core/clientLog.js";

/** The logger shape `new ConvexReactClient(url, { logger })` accepts. */
export interface ConvexClientLogger {
  logVerbose(...args: unknown[]): void;
  log(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** One auth-relevant line the Convex client logged. Never holds a token. */
export interface AuthLogEvent {
  /**
   * - `rejected`: the server answered an `Authenticate` with an AuthError (`attempting to reauthenticate: …`)
   * - `failed`: the client gave up (`Failed to authenticate: "…", check your server auth config`)
   * - `refetch-failed`: after a rejection, `fetchAccessToken({ forceRefreshToken: true })` gave no new token
   * - `token-sent`: the client sent a token to the server
   * - `confirmed`: the server confirmed the token
   */
  kind: ClientLogKind;
  /** The server's error text for `rejected` / `failed`; otherwise `null`. */
  text: string | null;
  /** Client time (ms since the epoch) when the line was logged. */
  at: number;
}

/** The recorded auth history: a new object whenever something auth-relevant was logged. */
export interface AuthLogSnapshot {
  /** The most recent events, oldest first (at most {@link MAX_EVENTS}). */
  events: readonly AuthLogEvent[];
  /** Server error texts seen (`rejected` and `failed`), oldest first, without repeats in a row. */
  serverErrors: readonly string[];
  /** Whether the client ever sent a token. */
  tokenSent: boolean;
  /** Whether a rejection was followed by the same (or no) token on forced refresh. */
  refetchFailed: boolean;
  /**
   * Number of times Convex refused the token or got none from the app so far (grows; use it to
   * react to a new refusal).
   */
  rejections: number;
  /**
   * Whether the app's `fetchAccessToken` last gave the Convex client no token (`refetching token
   * failed`), which the client treats as a sign-out; cleared when a token is sent.
   */
  noToken: boolean;
}

/** A Convex logger that also records auth events; pass it to `new ConvexReactClient(url, { logger })`. */
export interface AuthDiagnosticsLogger extends ConvexClientLogger {
  /** Subscribes to new auth events; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** The current auth history (stable identity until the next auth event). */
  getSnapshot(): AuthLogSnapshot;
  /** Forgets the recorded history. */
  clear(): void;
}

/** Options of {@link createAuthDiagnosticsLogger}. */
export interface AuthDiagnosticsLoggerOptions {
  /**
   * Also print verbose lines to `console.debug`, as Convex's `verbose: true` does.
   * Default `false`: verbose lines are recorded (when auth-relevant) but not printed.
   */
  verbose?: boolean;
  /** Where to forward lines. Default: the global `console`. Pass `null` to print nothing. */
  console?: Pick<Console, "log" | "warn" | "error" | "debug"> | null;
}

/** How many events the store keeps. */
export const MAX_EVENTS = 50;

const EMPTY: AuthLogSnapshot = Object.freeze({
  events: Object.freeze([]) as readonly AuthLogEvent[],
  serverErrors: Object.freeze([]) as readonly string[],
  tokenSent: false,
  refetchFailed: false,
  rejections: 0,
  noToken: false,
});

/** Events after which the hook reads the token again: Convex refused it or got none. */
const REFUSALS = new Set<ClientLogKind>(["rejected", "failed", "no-token"]);

type Listener = () => void;
const registry = { latest: null as AuthDiagnosticsLogger | null, listeners: new Set<Listener>() };

/** The logger most recently created by {@link createAuthDiagnosticsLogger}, used when none is passed. */
export function getDefaultAuthDiagnosticsLogger(): AuthDiagnosticsLogger | null {
  return registry.latest;
}

/** Subscribes to changes of {@link getDefaultAuthDiagnosticsLogger}. */
export function subscribeDefaultAuthDiagnosticsLogger(listener: Listener): () => void {
  registry.listeners.add(listener);
  return () => registry.listeners.delete(listener);
}

/**
 * Creates a Convex client logger that prints like Convex's default logger and records the auth
 * lines the client logs (the server's rejection text, give-ups, token sent / confirmed).
 * The most recently created logger is picked up by `useAuthDiagnostics` and the overlay
 * automatically.
 *
 * @example
 * const logger = createAuthDiagnosticsLogger();
 * const convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL, { logger });
 */
export function createAuthDiagnosticsLogger(
  options: AuthDiagnosticsLoggerOptions = {},
): AuthDiagnosticsLogger {
  const out = options.console === undefined ? globalThis.console : options.console;
  const verbose = options.verbose ?? false;
  const listeners = new Set<Listener>();
  let snapshot = EMPTY;

  const record = (args: unknown[]) => {
    // The client passes exactly one string for the auth lines; ignore anything else quickly.
    const line = args[0];
    if (typeof line !== "string") return;
    const event = classifyClientLogLine(line);
    if (!event) return;
    const events = [...snapshot.events, { ...event, at: Date.now() }].slice(-MAX_EVENTS);
    let serverErrors = snapshot.serverErrors;
    // Only the server's rejection texts are the server's words; other lines are the client's own.
    const fromServer = event.kind === "rejected" || event.kind === "failed";
    if (fromServer && event.text !== null && serverErrors[serverErrors.length - 1] !== event.text) {
      serverErrors = [...serverErrors, event.text].slice(-MAX_EVENTS);
    }
    snapshot = Object.freeze({
      events: Object.freeze(events),
      serverErrors: Object.freeze(serverErrors),
      tokenSent: snapshot.tokenSent || event.kind === "token-sent",
      refetchFailed:
        event.kind === "refetch-failed"
          ? true
          : event.kind === "confirmed"
            ? false
            : snapshot.refetchFailed,
      rejections: snapshot.rejections + (REFUSALS.has(event.kind) ? 1 : 0),
      noToken:
        event.kind === "no-token"
          ? true
          : event.kind === "token-sent" || event.kind === "confirmed"
            ? false
            : snapshot.noToken,
    });
    for (const l of [...listeners]) {
      try {
        l();
      } catch {
        // A failing listener must not break the Convex client's logging.
      }
    }
  };

  const forward = (method: "log" | "warn" | "error" | "debug", args: unknown[]) => {
    try {
      out?.[method](...args);
    } catch {
      // The console itself failing is not our business to surface.
    }
  };

  const logger: AuthDiagnosticsLogger = {
    logVerbose(...args: unknown[]) {
      // Convex's default logger prints verbose lines (prefixed with a timestamp) only when verbose.
      if (verbose) forward("debug", [new Date().toISOString(), ...args]);
      record(args);
    },
    log(...args: unknown[]) {
      forward("log", args);
    },
    warn(...args: unknown[]) {
      forward("warn", args);
      record(args);
    },
    error(...args: unknown[]) {
      forward("error", args);
      record(args);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    getSnapshot() {
      return snapshot;
    },
    clear() {
      if (snapshot === EMPTY) return;
      snapshot = EMPTY;
      for (const l of [...listeners]) l();
    },
  };
  registry.latest = logger;
  for (const l of [...registry.listeners]) l();
  return logger;
}

/** The empty history (shared, frozen). */
export const EMPTY_AUTH_LOG: AuthLogSnapshot = EMPTY;
