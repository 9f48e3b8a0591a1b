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

/**
 * Whether a code point may change what a terminal shows beyond its own glyph: the C0 controls
 * (tab and line feed included: a value must not start a line of its own), DEL, the C1 controls,
 * the line and paragraph separators, and the bidi controls (marks, embeddings, overrides and
 * isolates), which reorder the text around them.
 */
function isUnsafeForDisplay(cp: number): boolean {
  return (
    cp <= 0x1f ||
    (cp >= 0x7f && cp <= 0x9f) ||
    cp === 0x61c ||
    cp === 0x200e ||
    cp === 0x200f ||
    (cp >= 0x2028 && cp <= 0x202e) ||
    (cp >= 0x2066 && cp <= 0x2069)
  );
}

const NAMED_ESCAPES: Readonly<Record<number, string>> = { 0x09: "\\t", 0x0a: "\\n", 0x0d: "\\r" };

/**
 * `text` with every control character made visible, so a value read from input (a claim, a file,
 * an env value, an error text) cannot clear the screen, move the cursor, color the output or
 * reorder it: `\t`, `\n`, `\r`, other C0 / DEL / C1 controls as `\xHH`, the rest as `\u{HHHH}`.
 * Every terminal renderer applies it to the data it shows (see {@link visibleDeep}) before adding
 * its own colors.
 * @example visibleText("a\u001b[2Jb") // "a\\x1b[2Jb"
 */
export function visibleText(text: string): string {
  let out = "";
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.charCodeAt(i);
    if (!isUnsafeForDisplay(cp)) continue;
    out += text.slice(last, i);
    out +=
      NAMED_ESCAPES[cp] ??
      (cp <= 0xff ? `\\x${cp.toString(16).padStart(2, "0")}` : `\\u{${cp.toString(16)}}`);
    last = i + 1;
  }
  return last === 0 ? text : out + text.slice(last);
}

/**
 * A copy of `value` with {@link visibleText} applied to every string (and object key) at any
 * depth. Plain objects and arrays are copied; other objects are kept as they are. An object seen
 * twice maps to one copy, so identity (`f === d.headline`) still holds in the copy.
 */
export function visibleDeep<T>(value: T): T {
  const copies = new Map<object, unknown>();
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return visibleText(v);
    if (typeof v !== "object" || v === null) return v;
    const seen = copies.get(v);
    if (seen !== undefined) return seen;
    if (Array.isArray(v)) {
      const copy: unknown[] = [];
      copies.set(v, copy);
      for (const item of v) copy.push(walk(item));
      return copy;
    }
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return v;
    const copy: Record<string, unknown> = {};
    copies.set(v, copy);
    // defineProperty: a claim named `__proto__` (JSON.parse makes it an own key) stays a key.
    for (const [key, inner] of Object.entries(v))
      Object.defineProperty(copy, visibleText(key), {
        value: walk(inner),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return copy;
  };
  return walk(value) as T;
}

/**
 * JSON text (from `JSON.stringify`, which already escapes the C0 controls) with the other
 * characters {@link visibleText} escapes written as `\uHHHH` escapes: the document stays valid
 * and parses back to the same values, and printing it cannot drive the terminal.
 */
export function jsonForDisplay(json: string): string {
  let out = "";
  let last = 0;
  for (let i = 0; i < json.length; i++) {
    const cp = json.charCodeAt(i);
    if (cp < 0x7f || !isUnsafeForDisplay(cp)) continue;
    out += `${json.slice(last, i)}\\u${cp.toString(16).padStart(4, "0")}`;
    last = i + 1;
  }
  return last === 0 ? json : out + json.slice(last);
}
