"use client";
import { useEffect, useRef, useState } from "react";
import type { AuthKitSettings, CodeExchangeCheck } from "../core/types.js";
import type { AuthKitSnapshot } from "./authkit.js";
import { checkCodeExchange, codeExchangeEndpoint } from "./codeExchange.js";

/** What {@link useCodeExchangeCheck} watches. */
export interface CodeExchangeCheckParams {
  enabled: boolean;
  /** The URL the diagnosis judges (the landing URL while its `?code=` went unexchanged). */
  pageUrl: string | null;
  authKit: Pick<AuthKitSnapshot, "status" | "isLoading" | "user">;
  settings: Pick<AuthKitSettings, "apiHostname" | "https" | "port" | "devMode">;
  /** Default: global `fetch`. */
  fetch: typeof fetch | undefined;
}

function parsePageUrl(url: string | null): URL | null {
  try {
    return url ? new URL(url) : null;
  } catch {
    return null;
  }
}

/** AuthKit's own default for `devMode`: on for pages served from localhost or 127.0.0.1. */
function devModeOf(setting: boolean | null | undefined): boolean {
  if (typeof setting === "boolean") return setting;
  const host = typeof window !== "undefined" ? window.location?.hostname : undefined;
  return host === "localhost" || host === "127.0.0.1";
}

/**
 * Once AuthKit has settled without a user on a page that received a sign-in `code`, checks once
 * whether the page can reach AuthKit's code exchange endpoint at all (see `checkCodeExchange`),
 * so the diagnosis can tell a blocked exchange (CORS, network) from a refused code.
 */
export function useCodeExchangeCheck(params: CodeExchangeCheckParams): CodeExchangeCheck | null {
  const { enabled, pageUrl, authKit, settings, fetch } = params;
  const [result, setResult] = useState<CodeExchangeCheck | null>(null);
  const checkedUrl = useRef<string | null>(null);
  const page = parsePageUrl(pageUrl);
  const unexchanged =
    enabled &&
    page !== null &&
    page.searchParams.has("code") &&
    authKit.status === "ready" &&
    !authKit.isLoading &&
    authKit.user === null;
  const origin = page?.origin ?? null;
  const endpoint = codeExchangeEndpoint(settings);
  const withCookies = !devModeOf(settings.devMode);
  useEffect(() => {
    // One check per landing URL, StrictMode included.
    if (!unexchanged || origin === null || checkedUrl.current === pageUrl) return;
    checkedUrl.current = pageUrl;
    void checkCodeExchange(endpoint, { withCookies, fetch }).then((outcome) => {
      if (checkedUrl.current === pageUrl) setResult({ origin, endpoint, outcome });
    });
  }, [unexchanged, pageUrl, origin, endpoint, withCookies, fetch]);
  return unexchanged && result?.endpoint === endpoint && result.origin === origin ? result : null;
}
