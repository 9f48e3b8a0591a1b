/**
 * `convex-authkit-diagnostics/core`: the pure engine. Works in browsers, Node and Convex
 * functions; depends only on `jose`.
 */
export { checkToken, isTokenCheckCode, LEEWAY_SECONDS } from "./checkToken.js";
export {
  diagnose,
  toAuthProviders,
  CLOCK_SKEW_THRESHOLD_MS,
  type DiagnoseOptions,
} from "./diagnose.js";
export {
  parseConvexAuthError,
  rejectionFinding,
  type ParsedError,
  type ErrorSource,
} from "./parseError.js";
export {
  renderMarkdown,
  renderText,
  renderJSON,
  redactSecrets,
  redactClaims,
  type DiagnosisJSON,
} from "./render.js";
export {
  FINDINGS,
  finding,
  compareFindings,
  fillTemplate,
  CALLBACK_ERROR_FIXES,
  CODE_EXCHANGE_REASONS,
  ENV_SET_FIXES,
  PROVIDER_MISMATCH_REASONS,
  ALGORITHM_MISMATCH_REASONS,
  REDIRECT_URI_PROBLEMS,
  type CatalogueEntry,
} from "./catalogue.js";
export {
  normalizeProviders,
  lintProviders,
  issuerMatches,
  storeIssuerUrl,
  type ProviderSet,
} from "./providers.js";
export { decodeToken, type DecodedToken, type RegisteredClaims } from "./jwt.js";
export { createDocumentCache, defaultDocumentCache, DEFAULT_MAX_AGE_MS } from "./fetcher.js";
export { MSG as CONVEX_MESSAGES } from "./convexMessages.js";
export * from "./types.js";
