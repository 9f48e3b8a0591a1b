"use client";
/**
 * `convex-authkit-diagnostics/react/production`: the same API as `convex-authkit-diagnostics/react`,
 * but the overlay, the hooks and the logger stay on in every build. Use it to debug a production
 * deployment.
 */
export { AuthDiagnosticsOverlay } from "./overlay.js";
export { useAuthDiagnostics, useAuthDiagnosticsDetails } from "./useAuthDiagnostics.js";
export { createAuthDiagnosticsLogger } from "./logger.js";
export * from "./shared.js";
