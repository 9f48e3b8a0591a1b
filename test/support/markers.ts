/**
 * Text that tells diagnostics code apart in a built bundle, for every bundle check (the starter
 * tests, the Next.js e2e build check, `npm run bench`).
 */

/**
 * Only the overlay renders these: its root attribute, its CSS class prefix, its copy button's
 * label. (The catalogue mentions the button as "`Copy report`", so the label must be the full one.)
 */
export const OVERLAY_MARKERS = [
  "data-convex-auth-diagnostics",
  "cad-root",
  "Copy report as Markdown",
];

/**
 * Only the diagnosis engine holds these (catalogue codes an app never names itself): present in
 * any bundle that ships `diagnose()`.
 */
export const ENGINE_MARKERS = ["CONVEX_GOT_NO_TOKEN", "AUTHKIT_CALLBACK_ERROR", "ISSUER_MISMATCH"];
