/**
 * How a finding is presented, shared by every renderer (Markdown, plain text, JSON, the overlay
 * and the doctor): severity icons and order, how evidence values read, and a finding's JSON shape.
 * Evidence holds facts only, so every evidence entry is shown; secrets are redacted on the way.
 */
import { redactSecrets } from "./secrets.js";
import type { EvidenceValue, Finding, NormalizedProvider, Severity, TokenCheck } from "./types.js";

/** The mark each severity is shown with. */
export const SEVERITY_ICONS: Readonly<Record<Severity, string>> = {
  error: "✗",
  warning: "!",
  info: "i",
  ok: "✓",
};

/** Severities from most to least important. */
export const SEVERITIES: readonly Severity[] = ["error", "warning", "info", "ok"];

/** Orders two severities, most important first. */
export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITIES.indexOf(a) - SEVERITIES.indexOf(b);
}

/** The most important severity among `findings`, or `null` when there are none. */
export function worstSeverity(findings: readonly Pick<Finding, "severity">[]): Severity | null {
  let worst: Severity | null = null;
  for (const f of findings)
    if (worst === null || compareSeverity(f.severity, worst) < 0) worst = f.severity;
  return worst;
}

/** An evidence value as text: lists joined with `, `, `null` and empty lists as `none`. */
export function formatEvidenceValue(value: EvidenceValue | undefined): string {
  if (value === undefined || value === null) return "none";
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.join(", ");
  return String(value);
}

/** Every evidence entry of a finding as `[name, text]`, secrets redacted. */
export function evidenceEntries(finding: Finding, known?: readonly string[]): [string, string][] {
  return Object.entries(finding.evidence).map(([key, value]) => [
    key,
    redactSecrets(formatEvidenceValue(value), known),
  ]);
}

/** The JSON shape of a finding on every machine-readable surface (the code as a plain string). */
export type FindingJSON = Omit<Finding, "code"> & { code: string };

/** A finding as JSON (a plain copy: the same fields on every surface). */
export function findingJSON(f: Finding): FindingJSON {
  return {
    code: f.code,
    severity: f.severity,
    title: f.title,
    message: f.message,
    fix: f.fix,
    docs: f.docs,
    evidence: { ...f.evidence },
  };
}

/**
 * Splits catalogue text into plain and `code` parts (backtick spans), for renderers that style
 * code. Text with an unbalanced backtick comes back as one plain part.
 */
export function codeSpans(text: string): { text: string; code: boolean }[] {
  const parts = text.split("`");
  if (parts.length % 2 === 0) return [{ text, code: false }];
  return parts
    .map((part, i) => ({ text: part, code: i % 2 === 1 }))
    .filter((part) => part.text !== "" || part.code);
}

/**
 * Cuts a string to `max` characters for evidence, marking the cut.
 * @example truncate("x".repeat(100), 8) // "xxxxxxxx… (100 characters)"
 */
export function truncate(value: string, max = 64): string {
  return value.length <= max ? value : `${value.slice(0, max)}… (${value.length} characters)`;
}

/** How one provider fared against the token, as `checkToken` judged it. */
export type ProviderVerdict =
  /** Convex picks this provider for the token. */
  | "picked"
  /** It would match, but Convex tries another one first. */
  | "matches (not tried)"
  | "issuer differs"
  | "token has no aud"
  | "aud differs"
  /** No token was checked against the providers. */
  | "no token"
  /** The token failed before provider matching (not a JWT, no `iss`). */
  | "not compared";

const MISMATCH_VERDICTS: Record<string, ProviderVerdict> = {
  issuer: "issuer differs",
  "audience-missing": "token has no aud",
  "audience-mismatch": "aud differs",
};

/**
 * Each provider's verdict, read from `checkToken`'s result (its pick and its per-provider
 * `PROVIDER_NOT_MATCHED` findings) rather than matched again, keyed by the provider's index in
 * `auth.config.ts`.
 */
export function providerVerdicts(
  providers: readonly Pick<NormalizedProvider, "index">[],
  check: Pick<TokenCheck, "providerIndex" | "findings"> | null,
): Map<number, ProviderVerdict> {
  const verdicts = new Map<number, ProviderVerdict>();
  const compared =
    check !== null &&
    (check.providerIndex !== null || check.findings.some((f) => f.code === "PROVIDER_NOT_MATCHED"));
  for (const p of providers) {
    if (check === null || !compared) {
      verdicts.set(p.index, check === null ? "no token" : "not compared");
      continue;
    }
    const miss = check.findings.find(
      (f) => f.code === "PROVIDER_NOT_MATCHED" && f.evidence.providerIndex === p.index,
    );
    const reason = miss ? MISMATCH_VERDICTS[String(miss.evidence.mismatch)] : undefined;
    verdicts.set(
      p.index,
      check.providerIndex === p.index ? "picked" : (reason ?? "matches (not tried)"),
    );
  }
  return verdicts;
}

/**
 * The one-line summary `diagnoseAuth` opens with: the caller's identity, then the first problem
 * among `findings` (pass them most important first, e.g. sorted with `compareFindings`) with its
 * code, or that none was found.
 * @example serverSummary(null, [mismatch]) // "No identity (signed out, or the token was refused). First problem: CLIENT_ID_MISMATCH — …"
 */
export function serverSummary(
  identity: { subject?: unknown; issuer?: unknown } | null,
  findings: readonly Finding[],
): string {
  const who =
    identity === null
      ? "No identity (signed out, or the token was refused)."
      : `Signed in as ${String(identity.subject)} (issuer ${String(identity.issuer)}).`;
  const first = findings.find((f) => f.severity === "error" || f.severity === "warning");
  return first
    ? `${who} First problem: ${first.code} — ${first.title}.`
    : `${who} No config, env or client-ID problem found.`;
}
