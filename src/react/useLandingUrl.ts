"use client";
import { useRef, useState } from "react";
import { pageUrlForDiagnosis } from "./diagnoseInput.js";

/** The page's URL now, or `null` outside a browser. */
export function currentPageUrl(): string | null {
  return typeof window !== "undefined" && window.location ? window.location.href : null;
}

/**
 * The URL the diagnosis should judge. AuthKit removes `code` and `state` from the URL once it
 * has handled the callback, whether the exchange worked or not. The first render comes before
 * AuthKit's effects, so this keeps that landing URL: a code that was never exchanged stays
 * visible until someone signs in (then only the current URL counts, for good).
 */
export function usePageUrl(userId: string | null): string | null {
  const currentUrl = currentPageUrl();
  const [landingUrl] = useState(currentUrl);
  const signedInSeen = useRef(false);
  if (userId !== null) signedInSeen.current = true;
  return signedInSeen.current ? currentUrl : pageUrlForDiagnosis(currentUrl, landingUrl);
}
