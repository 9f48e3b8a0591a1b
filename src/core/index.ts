/**
 * `convex-authkit-diagnostics/core`: the pure engine. Works in browsers, Node and Convex
 * functions; depends only on `jose`.
 */
export { checkToken, isTokenCheckCode, LEEWAY_SECONDS } from "./checkToken.js";
export { FINDINGS, finding, compareFindings, fillTemplate, type CatalogueEntry } from "./catalogue.js";
export { normalizeProviders, lintProviders, issuerMatches, type ProviderSet } from "./providers.js";
export { decodeToken, type DecodedToken, type RegisteredClaims } from "./jwt.js";
export { createDocumentCache, defaultDocumentCache, DEFAULT_MAX_AGE_MS } from "./fetcher.js";
export * from "./types.js";
