/**
 * The doctor's checks. Each turns what was read from the project and the deployment into
 * catalogue findings (`finding()` from core; no wording of its own) plus short facts for the
 * checklist. Pure: no I/O, so the checks are tested directly.
 */
import {
  compareClientIds,
  finding,
  isLoopbackHost,
  lintProviders,
  normalizeProviders,
  parseUrl,
} from "../core/index.js";
import type { EvidenceValue, Finding, NormalizedProvider, ProviderSet } from "../core/index.js";
import { hasEnvMarker, type AuthConfigResult } from "./authConfig.js";
import { STAND_IN_LABELS, type StandInName } from "./standIns.js";
import type { DeploymentEnv } from "./deploymentEnv.js";
import { matcherCovers } from "./nextProxy.js";
import { routeMatches, type ProjectInfo } from "./project.js";

/** One line of the checklist: a check, what it found, and facts worth showing when it passed. */
export interface CheckSection {
  id:
    | "project-files"
    | "deployment-env"
    | "auth-config"
    | "auth-config-types"
    | "provider-lint"
    | "issuer-variants"
    | "client-ids"
    | "env-vars"
    | "redirect-uri"
    | "cookie-password"
    | "next-proxy"
    | "convex-package"
    | "authkit-config"
    | "workos-live";
  title: string;
  findings: Finding[];
  facts: string[];
  /** The check compared nothing (no input to check): shown as skipped, never as passed. */
  skipped?: boolean;
}

/** Everything the checks need. */
export interface CheckInput {
  project: ProjectInfo;
  deployment: DeploymentEnv;
  /** `null` when there is no auth config file. */
  authConfig: AuthConfigResult | null;
  /** Names of what was skipped because the deployment env is unknown, beyond the standard ones. */
  extraSkipped?: string[];
}

/** The providers the checks judged (normalized), for the token check and the JSON report. */
export interface CheckOutput {
  sections: CheckSection[];
  /** Providers evaluated with real values (no `${NAME}` markers), or `null`. */
  providers: unknown[] | null;
  providerSet: ProviderSet | null;
}

const VARIANT_CODES = new Set(["CONFIG_ISSUER_VARIANT_MISSING", "CONFIG_NO_WORKOS_PROVIDER"]);

/** The relative path of the auth config for messages (forward slashes). */
function authConfigPath(project: ProjectInfo): string {
  if (project.authConfigFile)
    return project.authConfigFile
      .slice(project.dir.length + 1)
      .split("\\")
      .join("/");
  return `${project.functionsDir}/auth.config.ts`;
}

function localValue(project: ProjectInfo, name: string): string | null {
  const v = project.localEnv[name]?.value;
  return v === undefined || v === "" ? null : v;
}

/** The env var the app's browser code reads its WorkOS client ID from. */
export function appClientIdVar(project: ProjectInfo): string {
  if (project.kind === "next") return "WORKOS_CLIENT_ID";
  if (project.kind === "vite") return "VITE_WORKOS_CLIENT_ID";
  return localValue(project, "VITE_WORKOS_CLIENT_ID") !== null
    ? "VITE_WORKOS_CLIENT_ID"
    : "WORKOS_CLIENT_ID";
}

/** The env var holding the AuthKit redirect URI for this kind of project. */
export function redirectUriVar(project: ProjectInfo): string {
  if (project.kind === "next") return "NEXT_PUBLIC_WORKOS_REDIRECT_URI";
  if (project.kind === "vite") return "VITE_WORKOS_REDIRECT_URI";
  return localValue(project, "NEXT_PUBLIC_WORKOS_REDIRECT_URI") !== null
    ? "NEXT_PUBLIC_WORKOS_REDIRECT_URI"
    : "VITE_WORKOS_REDIRECT_URI";
}

const REQUIRED_LOCAL: Record<ProjectInfo["kind"], string[]> = {
  vite: ["VITE_WORKOS_CLIENT_ID", "VITE_CONVEX_URL"],
  next: [
    "WORKOS_CLIENT_ID",
    "WORKOS_API_KEY",
    "WORKOS_COOKIE_PASSWORD",
    "NEXT_PUBLIC_WORKOS_REDIRECT_URI",
    "NEXT_PUBLIC_CONVEX_URL",
  ],
  unknown: [],
};

/** Env vars whose values may be shown (public client-side settings); the rest are shown as "set". */
const PUBLIC_VARS = new Set([
  "VITE_WORKOS_CLIENT_ID",
  "VITE_WORKOS_REDIRECT_URI",
  "WORKOS_CLIENT_ID",
  "NEXT_PUBLIC_WORKOS_REDIRECT_URI",
  "VITE_CONVEX_URL",
  "NEXT_PUBLIC_CONVEX_URL",
  "CONVEX_DEPLOYMENT",
]);
const SHOWN_LOCAL_VARS = [...PUBLIC_VARS, "WORKOS_API_KEY", "WORKOS_COOKIE_PASSWORD"];

/** Runs every check. */
export function runChecks(input: CheckInput): CheckOutput {
  const { project, deployment, authConfig } = input;
  const sections: CheckSection[] = [];

  // ── project files the doctor refused to read (shown only when there are some) ──────────
  if (project.unreadable.length > 0) {
    sections.push({
      id: "project-files",
      title: "Project files",
      findings: project.unreadable.map((u) =>
        finding("PROJECT_FILE_UNREADABLE", { file: u.file, reason: u.reason, limit: u.limit }),
      ),
      facts: [],
    });
  }

  // ── deployment env ──────────────────────────────────────────────────────────────────
  const dep: CheckSection = {
    id: "deployment-env",
    title: "Deployment environment",
    findings: [],
    facts: [],
  };
  if (deployment.known) {
    const names = Object.keys(deployment.vars);
    dep.facts.push(
      `read from ${deployment.label}: ${names.length} variable${names.length === 1 ? "" : "s"}${names.length ? ` (${names.sort().join(", ")})` : ""}`,
    );
  } else {
    dep.findings.push(
      finding("DEPLOYMENT_ENV_UNAVAILABLE", {
        reason: deployment.reason,
        skipped: [
          "evaluating auth.config with the deployment's values",
          "client ID agreement with the deployment",
          "env vars on the deployment",
          ...(input.extraSkipped ?? []),
        ],
      }),
    );
  }
  sections.push(dep);

  // ── auth config ─────────────────────────────────────────────────────────────────────
  const file = authConfigPath(project);
  const cfg: CheckSection = { id: "auth-config", title: "Auth config", findings: [], facts: [] };
  for (const problem of project.problems) {
    cfg.findings.push(
      finding("AUTH_CONFIG_UNREADABLE", {
        file: problem.startsWith("`convex.json`") ? "convex.json" : file,
        stage: "read",
        detail: problem,
      }),
    );
  }
  let rawProviders: unknown = undefined;
  // Variables whose values are unknown and appear as `${NAME}` markers in the providers.
  let markers: string[] = [];
  let realProviders: unknown[] | null = null;
  if (authConfig === null) {
    cfg.findings.push(finding("NO_PROVIDERS", { file }));
  } else if (authConfig.status === "error") {
    const stage =
      authConfig.stage === "compile"
        ? "compiled"
        : authConfig.stage === "evaluate"
          ? "run"
          : "read";
    cfg.findings.push(
      finding("AUTH_CONFIG_UNREADABLE", { file, stage, detail: authConfig.detail }),
    );
  } else if (authConfig.status === "env-unset") {
    for (const name of authConfig.unsetNames)
      cfg.findings.push(finding("AUTH_CONFIG_ENV_UNSET", { name, file }));
    rawProviders = authConfig.providers;
    markers = authConfig.unsetNames;
    cfg.facts.push(`\`${file}\` reads ${authConfig.envReads.map((n) => `\`${n}\``).join(", ")}`);
    cfg.facts.push(...standInFacts(authConfig.standIns));
  } else {
    rawProviders = authConfig.providers;
    markers = authConfig.unknownReads;
    if (
      (!authConfig.symbolic || authConfig.unknownReads.length === 0) &&
      Array.isArray(authConfig.providers)
    )
      realProviders = authConfig.providers;
    const reads = authConfig.envReads.length
      ? `; reads ${authConfig.envReads.map((n) => `\`${n}\``).join(", ")}`
      : "";
    cfg.facts.push(
      authConfig.symbolic && authConfig.unknownReads.length > 0
        ? `\`${file}\` evaluated without the deployment's values (shown as \${NAME})${reads}`
        : `\`${file}\` evaluated with the deployment's env${reads}`,
    );
    cfg.facts.push(...standInFacts(authConfig.standIns));
  }
  sections.push(cfg);

  // ── provider lint and issuer variants ──────────────────────────────────────────────
  const lint: CheckSection = {
    id: "provider-lint",
    title: "Provider lint",
    findings: [],
    facts: [],
  };
  const variants: CheckSection = {
    id: "issuer-variants",
    title: "WorkOS issuer variants",
    findings: [],
    facts: [],
  };
  let providerSet: ProviderSet | null = null;
  if (rawProviders !== undefined) {
    providerSet = normalizeProviders(rawProviders);
    for (const f of lintProviders(rawProviders)) {
      // `${NAME}` markers stand for values we do not know; they are not placeholders in the file.
      if (f.code === "CONFIG_PLACEHOLDER" && hasEnvMarker(f.evidence.value, markers)) continue;
      (VARIANT_CODES.has(f.code) ? variants : lint).findings.push(f);
    }
    const n = providerSet.convexOrder.length;
    lint.facts.push(
      `${n} provider${n === 1 ? "" : "s"}, in the order Convex tries them:`,
      ...providerSet.convexOrder.map((p) => `  ${p.label}`),
    );
    variants.facts.push(...describeVariants(providerSet.convexOrder));
  } else {
    for (const section of [lint, variants]) {
      section.facts.push("skipped: no providers to check");
      section.skipped = true;
    }
  }
  sections.push(lint, variants);

  // ── client IDs ──────────────────────────────────────────────────────────────────────
  const clientIds = clientIdSection(project, deployment, providerSet, file, markers, authConfig);
  sections.push(clientIds);

  // ── env vars ────────────────────────────────────────────────────────────────────────
  const reported = new Set(
    clientIds.findings.filter((f) => f.code === "ENV_MISSING").map((f) => String(f.evidence.name)),
  );
  sections.push(envSection(project, deployment, authConfig, reported));

  // ── redirect URI ────────────────────────────────────────────────────────────────────
  sections.push(redirectSection(project));

  // ── cookie password ─────────────────────────────────────────────────────────────────
  const cookie = localValue(project, "WORKOS_COOKIE_PASSWORD");
  if (project.kind === "next" || cookie !== null) {
    const s: CheckSection = {
      id: "cookie-password",
      title: "Cookie password",
      findings: [],
      facts: [],
    };
    if (cookie !== null && cookie.length < 32)
      s.findings.push(finding("COOKIE_PASSWORD_TOO_SHORT", { length: cookie.length }));
    else if (cookie !== null)
      s.facts.push(
        `\`WORKOS_COOKIE_PASSWORD\` has ${cookie.length} characters (at least 32 needed)`,
      );
    sections.push(s);
  }

  // ── Next.js: AuthKit's proxy covers every page ─────────────────────────────────────────
  const proxy = nextProxySection(project);
  if (proxy) sections.push(proxy);

  return { sections, providers: realProviders, providerSet };
}

/** How many uncovered pages are named one by one; the rest are counted. */
const MAX_UNCOVERED_NAMED = 5;

/**
 * Whether AuthKit's proxy runs for every page of a Next.js app with authkit-nextjs
 * (`PROXY_NOT_COVERING`): no proxy file, a proxy without AuthKit, or a matcher that misses pages.
 */
export function nextProxySection(project: ProjectInfo): CheckSection | null {
  const proxy = project.nextProxy;
  if (!proxy) return null;
  const s: CheckSection = { id: "next-proxy", title: "Proxy", findings: [], facts: [] };
  if (!proxy.file || !proxy.usesAuthKit) {
    s.findings.push(
      finding("PROXY_NOT_COVERING", { file: proxy.file, pages: proxy.pages.length }, "no-file"),
    );
    if (proxy.file) s.facts.push(`\`${proxy.file}\` does not call \`authkitMiddleware()\``);
    return s;
  }
  s.facts.push(`\`${proxy.file}\` runs AuthKit's proxy`);
  if (proxy.matcherUnreadable) {
    s.facts.push("its `config.matcher` is not a literal: coverage not checked");
    return s;
  }
  const uncovered = proxy.pages.filter((p) => !matcherCovers(proxy.matcher, p.path));
  const matcher = proxy.matcher ?? [];
  for (const page of uncovered.slice(0, MAX_UNCOVERED_NAMED))
    s.findings.push(
      finding(
        "PROXY_NOT_COVERING",
        { file: proxy.file, matcher, path: page.path, page: page.file },
        "file",
      ),
    );
  const covered = proxy.pages.length - uncovered.length;
  s.facts.push(
    proxy.matcher === null
      ? `no \`config.matcher\`: it runs for all ${proxy.pages.length} page${proxy.pages.length === 1 ? "" : "s"}`
      : `its matcher covers ${covered} of ${proxy.pages.length} page${proxy.pages.length === 1 ? "" : "s"}${uncovered.length > MAX_UNCOVERED_NAMED ? ` (${uncovered.length - MAX_UNCOVERED_NAMED} more uncovered not listed)` : ""}`,
  );
  return s;
}

function describeVariants(providers: NormalizedProvider[]): string[] {
  const out: string[] = [];
  for (const p of providers) {
    if (p.workosVariant === null) continue;
    const who = `#${p.index}`;
    const aud = p.applicationID ? ` with \`aud\` = \`${p.applicationID}\`` : "";
    if (p.workosVariant === "user_management") {
      out.push(
        `${who} accepts \`${p.issuer}\` tokens${aud}${p.applicationID ? " (WorkOS sends none: never matches)" : ""}`,
      );
    } else if (p.workosVariant === "legacy") {
      out.push(`${who} accepts \`${p.issuer}\` tokens${aud}`);
    } else {
      out.push(`${who} accepts custom-domain \`${p.issuer}\` tokens${aud}`);
    }
  }
  return out;
}

function clientIdSection(
  project: ProjectInfo,
  deployment: DeploymentEnv,
  set: ProviderSet | null,
  file: string,
  markers: string[],
  authConfig: AuthConfigResult | null,
): CheckSection {
  const s: CheckSection = { id: "client-ids", title: "Client IDs", findings: [], facts: [] };
  const appVar = appClientIdVar(project);
  const app = localValue(project, appVar);
  const depId = deployment.known ? deployment.vars.WORKOS_CLIENT_ID || null : undefined;
  if (app) s.facts.push(`app (\`${appVar}\` in \`${project.localEnv[appVar]!.file}\`): \`${app}\``);
  if (depId) s.facts.push(`deployment \`WORKOS_CLIENT_ID\`: \`${depId}\``);
  const isMarker = (id: string) => hasEnvMarker(id, markers);
  const configIds = [
    ...new Set(
      (set?.convexOrder ?? [])
        .map((p) => p.workosClientId)
        .filter((id): id is string => id !== null && !isMarker(id)),
    ),
  ];
  if (configIds.length) {
    s.facts.push(`\`${file}\`: ${configIds.map((id) => `\`${id}\``).join(", ")}`);
  }
  const unsetInConfig = authConfig?.status === "env-unset" ? authConfig.unsetNames : [];
  s.findings.push(
    ...compareClientIds({
      appClientId: app,
      deploymentClientId: depId,
      providers: set ? set.convexOrder : null,
      providersSource: "file",
      file,
      isUnknownClientId: isMarker,
    }).filter(
      // AUTH_CONFIG_ENV_UNSET already names a variable the config reads and the deployment lacks.
      (f) => !(f.code === "ENV_MISSING" && unsetInConfig.includes(String(f.evidence.name))),
    ),
  );
  if (s.findings.length === 0 && (!app || (depId === undefined && configIds.length === 0))) {
    s.skipped = true;
    s.facts.push(
      app
        ? "nothing to compare the app's client ID with: neither the deployment's env nor the auth config names one"
        : `skipped: \`${appVar}\` is not set, so there is no app client ID to compare`,
    );
  }
  return s;
}

function envSection(
  project: ProjectInfo,
  deployment: DeploymentEnv,
  authConfig: AuthConfigResult | null,
  alreadyMissing: ReadonlySet<string>,
): CheckSection {
  const s: CheckSection = {
    id: "env-vars",
    title: "Environment variables",
    findings: [],
    facts: [],
  };
  for (const name of SHOWN_LOCAL_VARS) {
    const v = project.localEnv[name];
    if (!v || v.value === "") continue;
    s.facts.push(`${name} set in \`${v.file}\``);
  }
  for (const name of REQUIRED_LOCAL[project.kind]) {
    if (localValue(project, name) !== null) continue;
    s.findings.push(localEnvMissing(project, name));
  }
  if (deployment.known) {
    const readByConfig = new Set(
      authConfig && authConfig.status !== "error" ? authConfig.envReads : [],
    );
    for (const [name, files] of Object.entries(project.functionEnvReads)) {
      if (readByConfig.has(name)) continue; // AUTH_CONFIG_ENV_UNSET covers those
      if (alreadyMissing.has(name)) continue;
      if ((deployment.vars[name] ?? "") !== "") continue;
      s.findings.push(
        finding("ENV_MISSING", { name, place: "deployment", readBy: files, value: "<value>" }),
      );
    }
  }
  return s;
}

/**
 * `ENV_MISSING` for a variable of `.env.local`, naming the same variable under the other
 * framework's prefix when that one is set (`VITE_X` missing but `NEXT_PUBLIC_X` set, …).
 */
function localEnvMissing(project: ProjectInfo, name: string): Finding {
  const bare = name.replace(/^(VITE_|NEXT_PUBLIC_)/, "");
  const candidates =
    project.kind === "vite"
      ? [bare, `NEXT_PUBLIC_${bare}`]
      : project.kind === "next"
        ? [`VITE_${bare}`, ...(bare === name ? [] : [bare])]
        : [];
  const similar = candidates.find((c) => c !== name && localValue(project, c) !== null);
  const value = name.endsWith("CLIENT_ID") ? "<your WorkOS client ID>" : "<value>";
  if (!similar) return finding("ENV_MISSING", { name, place: "local", value }, "local");
  if (name.startsWith("VITE_") || name.startsWith("NEXT_PUBLIC_")) {
    const vite = project.kind === "vite";
    return finding(
      "ENV_MISSING",
      {
        name,
        place: "local",
        similar,
        framework: vite ? "Vite" : "Next.js",
        prefix: vite ? "VITE_" : "NEXT_PUBLIC_",
      },
      "local-prefix",
    );
  }
  return finding("ENV_MISSING", { name, place: "local", similar }, "local-server");
}

function redirectSection(project: ProjectInfo): CheckSection {
  const s: CheckSection = { id: "redirect-uri", title: "Redirect URI", findings: [], facts: [] };
  const name = redirectUriVar(project);
  const value = localValue(project, name);
  if (value === null) {
    if (project.kind !== "next")
      s.facts.push(`\`${name}\` is not set: AuthKit uses the page's origin as the redirect URI`);
    return s;
  }
  const problem = redirectProblem(project, value, name);
  if (problem) s.findings.push(problem);
  else s.facts.push(`\`${name}\` = \`${value}\``);
  return s;
}

/** Why a redirect URI cannot work for this project (`REDIRECT_URI_INVALID`), or `null`. */
export function redirectProblem(
  project: ProjectInfo,
  value: string,
  name = redirectUriVar(project),
): Finding | null {
  const problem = (variant: string | undefined, evidence: Record<string, EvidenceValue> = {}) =>
    finding("REDIRECT_URI_INVALID", { name, value, ...evidence }, variant);
  const url = parseUrl(value);
  if (url === null) return problem(undefined);
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return problem("scheme", { scheme: url.protocol });
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname))
    return problem("http-not-loopback");
  if (url.hash !== "") return problem("fragment");
  if (isLoopbackHost(url.hostname) && project.devPort) {
    const port = url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
    if (port !== project.devPort.port) {
      const expected = `${url.protocol}//${url.hostname}:${project.devPort.port}${url.pathname}`;
      return problem("port", {
        port: project.devPort.port,
        portSource: project.devPort.source,
        expected,
      });
    }
  }
  if (project.kind === "next" && project.nextRoutes !== null) {
    const path = url.pathname.replace(/\/+$/, "") || "/";
    if (path === "/") return problem("next-root");
    if (!project.nextRoutes.some((r) => routeMatches(r, path)))
      return problem("next-no-route", { path });
  }
  return null;
}

/** The checklist lines naming the packages auth.config reached through the doctor's stand-ins. */
function standInFacts(standIns: readonly StandInName[]): string[] {
  if (standIns.length === 0) return [];
  return [
    "run-time imports evaluated through the doctor's stand-ins:",
    ...standIns.map((n) => `  ${STAND_IN_LABELS[n]}`),
  ];
}
