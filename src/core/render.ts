/**
 * The engine's own renderers of a {@link Diagnosis}: Markdown for support threads, plain text
 * for terminals and a JSON document. Icons, evidence and the finding JSON come from `present.ts`;
 * every output passes through the one redactor, so no token or key reaches a report. Values
 * from input are shown with their control characters made visible (`visibleDeep`), so a claim
 * cannot drive the terminal or reorder the text around it.
 */
import {
  evidenceEntries,
  findingJSON,
  jsonForDisplay,
  SEVERITY_ICONS,
  visibleDeep,
  type FindingJSON,
} from "./present.js";
import { redactClaims, redactSecrets } from "./secrets.js";
import type { Diagnosis, Severity } from "./types.js";

/**
 * A Markdown report to paste into a support thread. Contains the decoded header and claims but
 * never the raw token or its signature.
 */
export function renderMarkdown(input: Diagnosis): string {
  const d = visibleDeep(input);
  const lines: string[] = [];
  lines.push("## Convex + AuthKit auth diagnosis", "");
  lines.push(
    `**${SEVERITY_ICONS[d.headline.severity]} ${d.headline.title}** (\`${d.headline.code}\`)`,
    "",
  );
  lines.push(d.headline.message, "", `**Fix:** ${d.headline.fix}`, "");
  if (d.headline.docs) lines.push(`Docs: ${d.headline.docs}`, "");
  lines.push("### Findings", "");
  for (const f of d.findings) {
    lines.push(
      `- ${SEVERITY_ICONS[f.severity]} **${f.title}** (\`${f.code}\`, ${f.severity}): ${f.message}`,
    );
    if (f.severity !== "ok") lines.push(`  - Fix: ${f.fix}`);
    for (const [key, value] of evidenceEntries(f)) lines.push(`    - ${key}: ${value}`);
  }
  if (d.tokenCheck) {
    lines.push("", "### Token check", "");
    lines.push(`- verdict: ${d.tokenCheck.verdict} (\`${d.tokenCheck.code}\`)`);
    if (d.tokenCheck.convexMessage)
      lines.push(`- Convex would say: "${d.tokenCheck.convexMessage}"`);
    if (d.tokenCheck.providerIndex !== null)
      lines.push(`- provider picked: #${d.tokenCheck.providerIndex}`);
  }
  if (d.token && input.token) {
    lines.push("", "### Access token (decoded; signature removed)", "");
    if (d.token.expiresInSeconds !== null)
      lines.push(`Expires in ${d.token.expiresInSeconds} s by the client clock.`, "");
    lines.push(
      "```json",
      // From the input itself: JSON escapes keep the values exact (no `\\x1b` doubled up).
      jsonForDisplay(
        JSON.stringify(
          { header: input.token.header, claims: redactClaims(input.token.claims) },
          null,
          2,
        ),
      ),
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

/** A plain-text checklist of a diagnosis (✓ / ✗ / ! / i), colored when `color` is set. */
export function renderText(input: Diagnosis, options: { color?: boolean } = {}): string {
  const d = visibleDeep(input);
  const paint = (sev: Severity, s: string) => (options.color ? `${COLOR[sev]}${s}${RESET}` : s);
  const dim = (s: string) => (options.color ? `${DIM}${s}${RESET}` : s);
  const out: string[] = [];
  // The headline first: it is the answer; the rest is supporting detail.
  for (const f of [d.headline, ...d.findings.filter((x) => x !== d.headline)]) {
    out.push(`${paint(f.severity, SEVERITY_ICONS[f.severity])} ${f.title} ${dim(`[${f.code}]`)}`);
    out.push(`    ${f.message}`);
    if (f.severity !== "ok") out.push(`    ${paint(f.severity, "Fix:")} ${f.fix}`);
  }
  return redactSecrets(out.join("\n"));
}

/** The JSON shape every machine-readable surface uses for a diagnosis. */
export interface DiagnosisJSON {
  ok: boolean;
  headline: { code: string; severity: Severity; title: string; fix: string };
  findings: FindingJSON[];
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
    findings: d.findings.map(findingJSON),
    generatedAt: new Date(d.generatedAt).toISOString(),
  };
  // Redact the serialized text (not each field) so keys and nested values are covered too.
  return JSON.parse(redactSecrets(JSON.stringify(json))) as DiagnosisJSON;
}
