import type { Diagnosis, EvidenceValue, Finding, Severity } from "./types.js";

// A JWS compact serialisation: its header is base64url JSON, so it always starts with `eyJ`.
// Also matches a token cut short (header only, or header and payload), as pasted text often is.
const JWT_PATTERN = /eyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*){0,2}/g;
const SECRET_KEYS = /token|secret|password|api_?key|cookie|signature/i;

// WorkOS API keys.
const API_KEY_PATTERN = /\bsk_(?:test|live)_[A-Za-z0-9]{8,}/g;

/** Replaces anything shaped like a JWT (whole or cut short) or a WorkOS API key in `text`. */
export function redactSecrets(text: string): string {
  return text.replace(JWT_PATTERN, "[redacted JWT]").replace(API_KEY_PATTERN, "[redacted API key]");
}

/** Copies claims for display: JWT-shaped values redacted, secret-looking keys masked. */
export function redactClaims(claims: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(claims)) {
    if (SECRET_KEYS.test(k) && typeof v === "string") out[k] = "[redacted]";
    else if (typeof v === "string") out[k] = redactSecrets(v);
    else out[k] = v;
  }
  return out;
}

const ICON: Record<Severity, string> = { error: "✗", warning: "!", info: "i", ok: "✓" };

function showEvidence(value: EvidenceValue): string {
  if (Array.isArray(value)) return value.join(", ") || "none";
  return value === null ? "none" : String(value);
}

// Evidence keys that only carry text already shown in the message or fix.
const HIDDEN_EVIDENCE = new Set([
  "reason",
  "fixHint",
  "specificFix",
  "errorFix",
  "reasonFix",
  "setFix",
  "transportNote",
  "subjectNote",
  "description",
]);

function evidenceLines(f: Finding): string[] {
  return Object.entries(f.evidence)
    .filter(([k]) => !HIDDEN_EVIDENCE.has(k))
    .map(([k, v]) => `  - ${k}: ${redactSecrets(showEvidence(v))}`);
}

/**
 * A Markdown report to paste into a support thread. Contains the decoded header and claims but
 * never the raw token or its signature.
 */
export function renderMarkdown(d: Diagnosis): string {
  const lines: string[] = [];
  lines.push("## Convex + AuthKit auth diagnosis", "");
  lines.push(`**${ICON[d.headline.severity]} ${d.headline.title}** (\`${d.headline.code}\`)`, "");
  lines.push(d.headline.message, "", `**Fix:** ${d.headline.fix}`, "");
  if (d.headline.docs) lines.push(`Docs: ${d.headline.docs}`, "");
  lines.push("### Findings", "");
  for (const f of d.findings) {
    lines.push(`- ${ICON[f.severity]} **${f.title}** (\`${f.code}\`, ${f.severity}): ${f.message}`);
    if (f.severity !== "ok") lines.push(`  - fix: ${f.fix}`);
    lines.push(...evidenceLines(f).map((l) => `  ${l}`));
  }
  if (d.tokenCheck) {
    lines.push("", "### Token check", "");
    lines.push(`- verdict: ${d.tokenCheck.verdict} (\`${d.tokenCheck.code}\`)`);
    if (d.tokenCheck.convexMessage)
      lines.push(`- Convex would say: "${d.tokenCheck.convexMessage}"`);
    if (d.tokenCheck.providerIndex !== null)
      lines.push(`- provider picked: #${d.tokenCheck.providerIndex}`);
  }
  if (d.token) {
    lines.push("", "### Access token (decoded; signature removed)", "");
    if (d.token.expiresInSeconds !== null)
      lines.push(`Expires in ${d.token.expiresInSeconds} s by the client clock.`, "");
    lines.push(
      "```json",
      JSON.stringify({ header: d.token.header, claims: redactClaims(d.token.claims) }, null, 2),
      "```",
    );
  }
  lines.push(
    "",
    `_Generated ${new Date(d.generatedAt).toISOString()} by convex-authkit-diagnostics._`,
  );
  return redactSecrets(lines.join("\n"));
}

const COLOR: Record<Severity, string> = {
  error: "\u001b[31m",
  warning: "\u001b[33m",
  info: "\u001b[36m",
  ok: "\u001b[32m",
};
const RESET = "\u001b[0m";
const DIM = "\u001b[2m";

/** A plain-text checklist (✓ / ✗ / ! / i), coloured when `color` is set. */
export function renderText(d: Diagnosis, options: { color?: boolean } = {}): string {
  const paint = (sev: Severity, s: string) => (options.color ? `${COLOR[sev]}${s}${RESET}` : s);
  const dim = (s: string) => (options.color ? `${DIM}${s}${RESET}` : s);
  const out: string[] = [];
  // The headline first: it is the answer; the rest is supporting detail.
  for (const f of [d.headline, ...d.findings.filter((x) => x !== d.headline)]) {
    out.push(`${paint(f.severity, ICON[f.severity])} ${f.title} ${dim(`[${f.code}]`)}`);
    out.push(`    ${f.message}`);
    if (f.severity !== "ok") out.push(`    ${paint(f.severity, "fix:")} ${f.fix}`);
  }
  return redactSecrets(out.join("\n"));
}

/** The JSON shape every machine-readable surface uses. */
export interface DiagnosisJSON {
  ok: boolean;
  headline: { code: string; severity: Severity; title: string; fix: string };
  findings: Array<{
    code: string;
    severity: Severity;
    title: string;
    message: string;
    fix: string;
    docs: string | null;
    evidence: Record<string, EvidenceValue>;
  }>;
  generatedAt: string;
}

/** A JSON-safe, redacted copy of a diagnosis. */
export function renderJSON(d: Diagnosis): DiagnosisJSON {
  const json: DiagnosisJSON = {
    ok: d.ok,
    headline: {
      code: d.headline.code,
      severity: d.headline.severity,
      title: d.headline.title,
      fix: d.headline.fix,
    },
    findings: d.findings.map((f) => ({
      code: f.code,
      severity: f.severity,
      title: f.title,
      message: f.message,
      fix: f.fix,
      docs: f.docs,
      evidence: f.evidence,
    })),
    generatedAt: new Date(d.generatedAt).toISOString(),
  };
  return JSON.parse(redactSecrets(JSON.stringify(json))) as DiagnosisJSON;
}
