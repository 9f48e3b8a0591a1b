"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { decodeToken } from "../core/jwt.js";
import type { AuthKitSnapshot } from "./authkit.js";
import { tokenFailureOf } from "./errors.js";
import type { AccessTokenState } from "./types.js";

/** What {@link useAccessToken} returns. */
export interface AccessToken {
  /** The outcome of the latest `getAccessToken()` call. */
  state: AccessTokenState;
  /** Reads the token again (a new read key), even for an unchanged session. */
  recheck: () => void;
}

/** The `exp` claim, read by the core decoder (so the hook and `diagnose()` judge a token alike). */
export function expiryOf(token: string): number | null {
  const decoded = decodeToken(token);
  return decoded.ok ? (decoded.token.claims.exp ?? null) : null;
}

/** How long to wait before re-reading a token that expires at `exp` (seconds): 1 s past it, 1 s at least. */
export function expiryDelayMs(exp: number, now: number): number {
  return Math.min(Math.max(exp * 1000 - now + 1000, 1000), 2 ** 31 - 1);
}

/**
 * The access token from AuthKit's `getAccessToken()`. Read once per read key: the session (adapter
 * status, user, organization), each server rejection (`rejections` grows), each recheck, and once
 * when the held token expires (AuthKit will have refreshed it by then). StrictMode's second effect
 * run does not read again. A throw or an empty answer becomes an `error` state.
 *
 * While Convex got no token from the app (`forceRefresh`), the token is read the way Convex asked
 * for it, `getAccessToken({ forceRefresh: true })`: a refresh that fails (for a moment or for
 * good) then shows as the error it is, instead of the token AuthKit still holds.
 */
export function useAccessToken(
  authKit: AuthKitSnapshot,
  enabled: boolean,
  rejections: number,
  forceRefresh = false,
): AccessToken {
  // The adapter may hand a new `getAccessToken` on every render: read the latest, not on change.
  const getAccessTokenRef = useRef(authKit.getAccessToken);
  getAccessTokenRef.current = authKit.getAccessToken;
  const userId = authKit.user?.id ?? null;
  const organizationId = authKit.organizationId ?? null;

  const [tokenState, setTokenState] = useState<AccessTokenState>({ state: "none" });
  const [recheckCount, setRecheckCount] = useState(0);
  const [expiryTick, setExpiryTick] = useState(0);
  const lastFetchKey = useRef<string | null>(null);
  const sessionKey = `${authKit.status}|${userId}|${organizationId}`;
  const fetchKey = `${sessionKey}|r${rejections}|c${recheckCount}|e${expiryTick}${forceRefresh ? "|f" : ""}`;
  const canFetch =
    enabled &&
    authKit.status === "ready" &&
    !authKit.isLoading &&
    userId !== null &&
    typeof authKit.getAccessToken === "function";
  useEffect(() => {
    if (!canFetch) {
      lastFetchKey.current = null;
      setTokenState((s) => (s.state === "none" ? s : { state: "none" }));
      return;
    }
    if (lastFetchKey.current === fetchKey) return; // StrictMode re-runs effects: fetch once per key
    lastFetchKey.current = fetchKey;
    let live = true;
    // A cleaned-up run still delivers when its key is current (StrictMode's first run).
    const current = () => live || lastFetchKey.current === fetchKey;
    setTokenState({ state: "pending", key: fetchKey });
    const get = getAccessTokenRef.current;
    Promise.resolve()
      .then(() => (forceRefresh ? get!({ forceRefresh: true }) : get!()))
      .then(
        (token) => {
          if (!current()) return;
          if (typeof token === "string" && token)
            setTokenState({
              state: "ok",
              key: fetchKey,
              token,
              exp: expiryOf(token),
              forced: forceRefresh,
            });
          else
            setTokenState({
              state: "error",
              key: fetchKey,
              errorName: "NoToken",
              errorMessage: "`getAccessToken()` returned no token.",
            });
        },
        (e: unknown) => {
          if (!current()) return;
          setTokenState({ state: "error", key: fetchKey, ...tokenFailureOf(e) });
        },
      );
    return () => {
      live = false;
    };
  }, [canFetch, fetchKey, forceRefresh]);

  const heldExp = tokenState.state === "ok" ? tokenState.exp : null;
  useEffect(() => {
    if (heldExp === null) return;
    const t = setTimeout(() => setExpiryTick((n) => n + 1), expiryDelayMs(heldExp, Date.now()));
    return () => clearTimeout(t);
  }, [heldExp]);

  const recheck = useCallback(() => setRecheckCount((n) => n + 1), []);
  return { state: tokenState, recheck };
}
