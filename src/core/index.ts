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
export { renderMarkdown, renderText, renderJSON, type DiagnosisJSON } from "./render.js";
export {
  FINDINGS,
  finding,
  compareFindings,
  fillTemplate,
  type CatalogueEntry,
  type CatalogueVariant,
} from "./catalogue.js";
export {
  normalizeProviders,
  lintProviders,
  issuerMatches,
  storeIssuerUrl,
  type ProviderSet,
} from "./providers.js";
export { compareClientIds, CLIENT_ID_CODES, type ClientIdFacts } from "./clientIds.js";
export {
  redactSecrets,
  redactClaims,
  redactValues,
  secretKindOf,
  findSecretLike,
  isSecretName,
  describeSecretKind,
  SECRET_ENV_VARS,
  PUBLIC_ENV_VARS,
  type SecretKind,
  type SecretLike,
} from "./secrets.js";
export {
  isWorkOSClientId,
  recognizeWorkOS,
  clientScopedIssuer,
  jwksClientId,
  tokenClientId,
  workosIssuer,
  workosJwksUrl,
  WORKOS_LEGACY_ISSUER,
  WORKOS_VARIANTS,
  type WorkOSVariant,
} from "./workos.js";
export { discoveryUrl, parseUrl, isLoopbackHost } from "./urls.js";
export { classifyClientLogLine, serverTextOfClientLog, type ClientLogKind } from "./clientLog.js";
export {
  SEVERITY_ICONS,
  SEVERITIES,
  compareSeverity,
  worstSeverity,
  formatEvidenceValue,
  evidenceEntries,
  findingJSON,
  codeSpans,
  truncate,
  providerVerdicts,
  serverSummary,
  visibleText,
  visibleDeep,
  jsonForDisplay,
  type FindingJSON,
  type ProviderVerdict,
} from "./present.js";
export { decodeToken, type DecodedToken, type RegisteredClaims } from "./jwt.js";
export { createDocumentCache, defaultDocumentCache, DEFAULT_MAX_AGE_MS } from "./fetcher.js";
export { MSG as CONVEX_MESSAGES } from "./convexMessages.js";
export * from "./types.js";
