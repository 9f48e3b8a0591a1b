"use client";
import type { ConvexReactClient } from "convex/react";
import { useCallback, useEffect, useState, useSyncExternalStore } from "react";

/** The part of `ConvexReactClient` the connection state is read from. */
export type ConnectionClient = Pick<
  ConvexReactClient,
  "connectionState" | "subscribeToConnectionState"
>;

/** How long a socket that has not connected yet counts as "still opening" rather than unreachable. */
export const CONNECT_GRACE_MS = 5000;

/**
 * Whether the client's WebSocket is connected: `true`, `false`, or `null` when unknown (no client,
 * a client without connection state, or still within {@link CONNECT_GRACE_MS} of mounting).
 */
export function useConnected(client: ConnectionClient | undefined): boolean | null {
  const [graceOver, setGraceOver] = useState(false);
  useEffect(() => {
    const t = setTimeout(() => setGraceOver(true), CONNECT_GRACE_MS);
    return () => clearTimeout(t);
  }, []);
  const subscribe = useCallback(
    (cb: () => void) => {
      if (!client || typeof client.subscribeToConnectionState !== "function") return () => {};
      try {
        return client.subscribeToConnectionState(cb);
      } catch {
        return () => {};
      }
    },
    [client],
  );
  const get = useCallback(() => {
    try {
      return client ? client.connectionState().isWebSocketConnected : null;
    } catch {
      return null;
    }
  }, [client]);
  const connected = useSyncExternalStore(subscribe, get, () => null);
  if (connected === null) return null;
  // A socket that is still opening is not "unreachable" yet.
  return connected ? true : graceOver ? false : null;
}
