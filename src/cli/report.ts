/**
 * Renders the doctor's results: a checklist for people (✓ / ✗ / ! / i, colored on a terminal)
 * and a JSON document for machines. All finding wording comes from the catalogue.
 *
 * Much of a report comes from input (token claims, file contents, env values, error texts), so
 * the checklist first passes the whole report through `visibleDeep` (control characters shown
 * as `\x1b`, bidi controls as `\u{202e}`) and only then adds its own colors; the JSON document
 * keeps the values and writes those characters as `\u` escapes (`jsonForDisplay`).
 */
import {
  compareFindings,
  findingJSON,
  FINDINGS,
  jsonForDisplay,
  visibleDeep,
} from "../core/index.js";
import type { Finding, ParsedError, Severity, TokenCheck } from "../core/index.js";
import type { Palette } from "./ansi.js";
import type { CheckSection } from "./checks.js";
import type { ProjectInfo } from "./project.js";

/** The token part of a run. */
export type TokenOutcome =
  { checked: true; check: TokenCheck } | { checked: false; reason: string };

/** Everything a run produced, ready to render. */
export interface DoctorReport {
  version: string;
  mode: "checks" | "explain";
  project: ProjectInfo | null;
  /** The project directory as shown to the user (relative to the working directory when inside it). */
  projectLabel: string | null;
  deploymentSource: string | null;
  sections: CheckSection[];
  token: TokenOutcome | null;
  explain: ParsedError | null;
}

/** Every finding of the report, most important first. */
export function allFindings(report: DoctorReport): Finding[] {
  const out: Finding[] = report.sections.flatMap((s) => s.findings);
  if (report.token?.checked) out.push(...report.token.check.findings);
  if (report.explain) out.push(report.explain.finding);
  return out.sort(compareFindings);
}

/** 0 when no finding is an error, 1 otherwise. */
export function exitCodeOf(report: DoctorReport): 0 | 1 {
  return allFindings(report).some((f) => f.severity === "error") ? 1 : 0;
}

/**
 * The `--json` document: `{ version, ok, findings: [{ code, severity, title, message, fix, docs,
 * evidence }], project, checks, token, explain }`. Values are kept as they are; control and bidi
 * characters in them are written as `\u` escapes (see `jsonForDisplay`).
 */
export function renderJson(report: DoctorReport): string {
  const findings = allFindings(report).map(findingJSON);
  const doc: Record<string, unknown> = {
    version: report.version,
    ok: exitCodeOf(report) === 0,
    findings,
  };
  if (report.project) {
    doc.project = {
      dir: report.project.dir,
      kind: report.project.kind,
      functionsDir: report.project.functionsDir,
      authConfig: report.project.authConfigFile,
      deploymentEnv: report.deploymentSource,
    };
    doc.checks = report.sections.map((s) => ({
      id: s.id,
      status: worst(s.findings) ?? (s.skipped ? "skipped" : "ok"),
      codes: s.findings.map((f) => f.code),
    }));
  }
  if (report.token) {
    doc.token = report.token.checked
      ? {
          verdict: report.token.check.verdict,
          code: report.token.check.code,
          convexMessage: report.token.check.convexMessage,
          providerIndex: report.token.check.providerIndex,
          identity: report.token.check.identity
            ? {
                tokenIdentifier: report.token.check.identity.tokenIdentifier,
                subject: report.token.check.identity.subject,
                issuer: report.token.check.identity.issuer,
              }
            : null,
        }
      : { verdict: "not-checked", reason: report.token.reason };
  }
  if (report.explain) {
    const e = report.explain;
    doc.explain = {
      code: e.code,
      recognized: e.recognized,
      source: e.source,
      convexMessage: e.convexMessage,
      details: e.details,
    };
  }
  return `${jsonForDisplay(JSON.stringify(doc, null, 2))}\n`;
}

const ORDER: Severity[] = ["error", "warning", "info", "ok"];

function worst(findings: Finding[]): Severity | null {
  let best: Severity | null = null;
  for (const f of findings)
    if (best === null || ORDER.indexOf(f.severity) < ORDER.indexOf(best)) best = f.severity;
  return best;
}

function mark(sev: Severity | null, c: Palette): string {
  switch (sev) {
    case "error":
      return c.red("✗");
    case "warning":
      return c.yellow("!");
    case "info":
      return c.cyan("i");
    default:
      return c.green("✓");
  }
}

// Catalogue text uses `code` spans; on a terminal they read better highlighted than backticked.
function ticks(s: string, c: Palette, color: boolean): string {
  return color ? s.replace(/`([^`]+)`/g, (_m, inner: string) => c.bold(inner)) : s;
}

function renderFinding(f: Finding, c: Palette, color: boolean, indent: string): string[] {
  const lines = [
    `${indent}${mark(f.severity, c)} ${c.bold(ticks(f.title, c, color))} ${c.dim(`[${f.code}]`)}`,
  ];
  if (f.message) lines.push(`${indent}    ${ticks(f.message, c, color)}`);
  if (f.fix && f.severity !== "ok")
    lines.push(`${indent}    ${c.bold("Fix:")} ${ticks(f.fix, c, color)}`);
  if (f.docs && f.severity !== "ok") lines.push(`${indent}    ${c.dim(`Docs: ${f.docs}`)}`);
  return lines;
}

function kindLabel(kind: ProjectInfo["kind"]): string {
  return kind === "vite" ? "Vite" : kind === "next" ? "Next.js" : "unknown framework";
}

/** The human-readable checklist, with every value from input made visible (see the file comment). */
export function renderChecklist(input: DoctorReport, c: Palette, color: boolean): string {
  const report = visibleDeep(input);
  const lines: string[] = [];
  lines.push(c.bold(`convex-authkit-doctor ${report.version}`));
  if (report.project) {
    const p = report.project;
    lines.push(
      `${c.dim("Project:")} ${report.projectLabel ?? p.dir} (${kindLabel(p.kind)}, functions in ${p.functionsDir}/)`,
    );
    lines.push("");
    for (const s of report.sections) {
      const sectionMark =
        s.skipped && s.findings.length === 0 ? c.dim("–") : mark(worst(s.findings), c);
      lines.push(`${sectionMark} ${c.bold(s.title)}`);
      for (const fact of s.facts) lines.push(`    ${c.dim(ticks(fact, c, color))}`);
      for (const f of [...s.findings].sort(compareFindings))
        lines.push(...renderFinding(f, c, color, "  "));
    }
  }
  if (report.token) {
    lines.push("");
    if (!report.token.checked) {
      lines.push(`${mark("warning", c)} ${c.bold("Token")}`);
      lines.push(`    ${ticks(report.token.reason, c, color)}`);
    } else {
      const t = report.token.check;
      const sev: Severity =
        t.verdict === "accepted" ? "ok" : t.verdict === "rejected" ? "error" : "warning";
      lines.push(`${mark(sev, c)} ${c.bold(`Token: ${t.verdict}`)} ${c.dim(`[${t.code}]`)}`);
      if (t.convexMessage) lines.push(`    ${c.bold("Convex says:")} "${t.convexMessage}"`);
      if (t.identity) lines.push(`    ${c.dim(`identity: ${t.identity.tokenIdentifier}`)}`);
      for (const f of t.findings) lines.push(...renderFinding(f, c, color, "  "));
    }
  }
  if (report.explain) {
    const e = report.explain;
    const entry = FINDINGS[e.code];
    lines.push(
      `${mark(e.recognized ? entry.severity : "info", c)} ${c.bold(ticks(entry.title, c, color))} ${c.dim(`[${e.code}]`)}`,
    );
    lines.push(
      `    ${c.dim(`source: ${e.source}${e.details.redacted ? " (redacted production message)" : ""}`)}`,
    );
    if (e.convexMessage) lines.push(`    ${c.bold("Convex says:")} "${e.convexMessage}"`);
    // CONVEX_REJECTED's message only repeats the server text shown above.
    if (e.finding.code !== "CONVEX_REJECTED" && e.finding.message)
      lines.push(`    ${ticks(e.finding.message, c, color)}`);
    if (e.recognized) lines.push(`    ${c.bold("Fix:")} ${ticks(e.finding.fix, c, color)}`);
    else lines.push(`    ${ticks(e.finding.fix, c, color)}`);
    if (e.finding.docs) lines.push(`    ${c.dim(`Docs: ${e.finding.docs}`)}`);
  }
  const all = allFindings(report);
  const count = (sev: Severity) => all.filter((f) => f.severity === sev).length;
  const errors = count("error");
  const warnings = count("warning");
  const notes = count("info");
  lines.push("");
  const summary = `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}, ${notes} note${notes === 1 ? "" : "s"}`;
  lines.push(errors ? c.red(c.bold(summary)) : warnings ? c.yellow(summary) : c.green(summary));
  return `${lines.join("\n")}\n`;
}
