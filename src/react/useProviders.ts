"use client";
import { useConvexAuth } from "convex/react";
import { unavailable, type AuthKitAdapter, type AuthKitSnapshot } from "./authkit.js";
import { describeError } from "./errors.js";

/** Calls the adapter hook, turning a throw into an `unavailable` snapshot. */
export function useAuthKitSnapshot(adapter: AuthKitAdapter): AuthKitSnapshot {
  try {
    return adapter();
  } catch (e) {
    return unavailable(`The AuthKit adapter threw: ${describeError(e)}`);
  }
}

/** `useConvexAuth()`, or `null` when no `ConvexProviderWithAuth` is above (the client never gets a token). */
export function useConvexAuthSafe(): { isLoading: boolean; isAuthenticated: boolean } | null {
  try {
    return useConvexAuth();
  } catch {
    return null;
  }
}
