/**
 * Checks `convex.json`'s `authKit` section against the app. With it, `npx convex dev` provisions
 * WorkOS itself: per deployment kind (`dev`, `preview`, `prod`) it registers
 * `configure.redirectUris` and `configure.corsOrigins` with WorkOS, sets
 * `configure.appHomepageUrl`, and (dev only) writes `localEnvVars` into `.env.local` when they
 * are missing. Values are templates: `${buildEnv.NAME}` (the CLI's environment, which includes
 * `.env.local` and `.env`) and `${authEnv.WORKOS_CLIENT_ID | WORKOS_API_KEY |
 * WORKOS_ENVIRONMENT_ID}` (the provisioned environment); anything else stops the CLI. This
 * mirrors `AuthKitConfigSchema` and `resolveTemplate` of the Convex CLI (src/cli/lib/config.ts,
 * src/cli/lib/workos/workos.ts in get-convex/convex-js).
 *
 * Each finding names the line to change: a line of `convex.json` or of the env file.
 */
import { join } from "node:path";
import { finding, isLoopbackHost, parseUrl } from "../core/index.js";
import { redirectUriVar, type CheckSection } from "./checks.js";
import type { DeploymentEnv } from "./deploymentEnv.js";
import { ENV_FILE_MAX_BYTES, readRegularFile, SOURCE_FILE_MAX_BYTES } from "./files.js";
import {
  entryAt,
  lineOf,
  lineText,
  nodeAt,
  parseJsonPositions,
  type JsonNode,
} from "./jsonPositions.js";
import type { ProjectInfo } from "./project.js";

/** The deployment kinds of an `authKit` section. */
export const AUTHKIT_DEPLOYMENT_KINDS = ["dev", "preview", "prod"] as const;
type Kind = (typeof AUTHKIT_DEPLOYMENT_KINDS)[number];

/** `configure` of one deployment kind: what the CLI sets in WorkOS. */
export interface AuthKitConfigure {
  redirectUris?: string[];
  appHomepageUrl?: string;
  corsOrigins?: string[];
}

/** One deployment kind of the `authKit` section. */
export interface AuthKitEnvironment {
  environmentType?: "development" | "staging" | "production";
  configure?: false | AuthKitConfigure;
  localEnvVars?: false | Record<string, string>;
}

/** The `authKit` section of `convex.json`. */
export type AuthKitConfig = Partial<Record<Kind, AuthKitEnvironment>>;

/** The `authKit` section as read from `convex.json`, with the text for line numbers. */
export interface AuthKitJson {
  text: string;
  root: JsonNode | null;
  authKit: unknown;
}

/** Reads `convex.json`'s `authKit` section; `null` when there is no file, no valid JSON or no section. */
export function readAuthKitJson(projectDir: string): AuthKitJson | null {
  const read = readRegularFile(join(projectDir, "convex.json"), SOURCE_FILE_MAX_BYTES);
  if (!read.ok) return null;
  let value: unknown;
  try {
    value = JSON.parse(read.text);
  } catch {
    return null;
  }
  if (value === null || typeof value !== "object" || !("authKit" in value)) return null;
  return {
    text: read.text,
    root: parseJsonPositions(read.text),
    authKit: (value as { authKit: unknown }).authKit,
  };
}

type Path = Array<string | number>;
interface Problem {
  path: Path;
  detail: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === "string");

/** What the Convex CLI's schema would refuse in the section, or `[]`. */
export function authKitProblems(authKit: unknown): Problem[] {
  const problems: Problem[] = [];
  const at = (path: Path, detail: string) => problems.push({ path: ["authKit", ...path], detail });
  if (!isObject(authKit)) {
    at([], "`authKit` must be an object with `dev`, `preview` and/or `prod`");
    return problems;
  }
  for (const kind of AUTHKIT_DEPLOYMENT_KINDS) {
    const env = authKit[kind];
    if (env === undefined) continue;
    if (!isObject(env)) {
      at([kind], `\`authKit.${kind}\` must be an object`);
      continue;
    }
    const type = env.environmentType;
    if (type !== undefined && !["development", "staging", "production"].includes(String(type)))
      at(
        [kind, "environmentType"],
        '`environmentType` must be "development", "staging" or "production"',
      );
    else if (type !== undefined && kind !== "prod")
      at(
        [kind, "environmentType"],
        "`authKit.environmentType` is only allowed in the prod section",
      );
    const configure = env.configure;
    if (configure !== undefined && configure !== false) {
      if (!isObject(configure)) at([kind, "configure"], "`configure` must be `false` or an object");
      else {
        for (const list of ["redirectUris", "corsOrigins"] as const)
          if (configure[list] !== undefined && !isStrings(configure[list]))
            at([kind, "configure", list], `\`configure.${list}\` must be a list of strings`);
        if (configure.appHomepageUrl !== undefined && typeof configure.appHomepageUrl !== "string")
          at([kind, "configure", "appHomepageUrl"], "`configure.appHomepageUrl` must be a string");
      }
    }
    const local = env.localEnvVars;
    if (local !== undefined && local !== false) {
      if (!isObject(local) || !Object.values(local).every((v) => typeof v === "string"))
        at([kind, "localEnvVars"], "`localEnvVars` must be `false` or an object of strings");
      else if (kind !== "dev")
        at(
          [kind, "localEnvVars"],
          "`authKit.localEnvVars` is only supported for dev deployments; preview and prod deployments take their variables from the deployment platform",
        );
    }
  }
  return problems;
}

/** A template's expressions, split into what the CLI knows and what it refuses. */
function templateParts(template: string): { build: string[]; auth: string[]; unknown: string[] } {
  const out = { build: [] as string[], auth: [] as string[], unknown: [] as string[] };
  for (const m of template.matchAll(/\$\{([^}]+)\}/g)) {
    const expr = m[1]!;
    if (/^authEnv\.(WORKOS_CLIENT_ID|WORKOS_API_KEY|WORKOS_ENVIRONMENT_ID)$/.test(expr))
      out.auth.push(expr.slice("authEnv.".length));
    else if (expr.startsWith("buildEnv.") && expr.length > "buildEnv.".length)
      out.build.push(expr.slice("buildEnv.".length));
    else out.unknown.push(m[0]);
  }
  return out;
}

/** Everything the checks need. */
export interface AuthKitCheckInput {
  project: ProjectInfo;
  deployment: DeploymentEnv;
  /** The environment the Convex CLI would run in (the doctor's own). */
  env: Record<string, string | undefined>;
  json: AuthKitJson;
}

/** One template in the section and where it is. */
interface Slot {
  kind: Kind;
  /** E.g. `configure.redirectUris`, `localEnvVars.VITE_WORKOS_REDIRECT_URI`. */
  field: string;
  path: Path;
  template: string;
  /** Resolved value; `null` when it uses something unknown here. */
  value: string | null;
}

const SECRET_NAME = /KEY|SECRET|PASSWORD|TOKEN/i;

/**
 * The "AuthKit in convex.json" checklist section, or `null` when convex.json has no `authKit`.
 * @example authKitConfigSection({ project, deployment, env: process.env, json: readAuthKitJson(dir)! })
 */
export function authKitConfigSection(input: AuthKitCheckInput): CheckSection {
  const { project, deployment, json } = input;
  const s: CheckSection = {
    id: "authkit-config",
    title: "AuthKit in convex.json",
    findings: [],
    facts: [],
  };
  const lineAt = (path: Path) => {
    const node = nodeAt(json.root, path);
    return node ? lineOf(json.text, node.start) : null;
  };
  const keyLine = (path: Path, key: string) => {
    const entry = entryAt(json.root, path, key);
    return entry ? lineOf(json.text, entry.keyStart) : null;
  };

  const problems = authKitProblems(json.authKit);
  if (problems.length > 0) {
    for (const p of problems)
      s.findings.push(
        finding("AUTHKIT_CONFIG_INVALID", {
          detail: p.detail,
          line: lineAt(p.path) ?? keyLine(p.path.slice(0, -1), String(p.path.at(-1))),
        }),
      );
    return s;
  }
  const authKit = json.authKit as AuthKitConfig;

  // The CLI's environment: its own, then `.env.local` and `.env` (what it loads with dotenv).
  const buildEnv = (name: string): string | null => {
    const shell = input.env[name];
    if (shell) return shell;
    const local = project.localEnv[name];
    return local && local.value !== "" && (local.file === ".env.local" || local.file === ".env")
      ? local.value
      : null;
  };
  const authEnv = (name: string): string | null =>
    deployment.known ? deployment.vars[name] || null : null;

  const slots: Slot[] = [];
  for (const kind of AUTHKIT_DEPLOYMENT_KINDS) {
    const env = authKit[kind];
    if (!env) continue;
    const add = (field: string, path: Path, template: string) => {
      const parts = templateParts(template);
      const resolvable =
        parts.unknown.length === 0 &&
        parts.build.every((n) => buildEnv(n) !== null) &&
        parts.auth.every((n) => authEnv(n) !== null);
      const value = resolvable
        ? template.replace(/\$\{([^}]+)\}/g, (_m, expr: string) =>
            expr.startsWith("buildEnv.")
              ? buildEnv(expr.slice("buildEnv.".length))!
              : authEnv(expr.slice("authEnv.".length))!,
          )
        : null;
      slots.push({ kind, field, path: ["authKit", kind, ...path], template, value });
    };
    if (env.configure) {
      env.configure.redirectUris?.forEach((t, i) =>
        add("configure.redirectUris", ["configure", "redirectUris", i], t),
      );
      env.configure.corsOrigins?.forEach((t, i) =>
        add("configure.corsOrigins", ["configure", "corsOrigins", i], t),
      );
      if (env.configure.appHomepageUrl !== undefined)
        add(
          "configure.appHomepageUrl",
          ["configure", "appHomepageUrl"],
          env.configure.appHomepageUrl,
        );
    }
    if (env.localEnvVars)
      for (const [name, t] of Object.entries(env.localEnvVars))
        add(`localEnvVars.${name}`, ["localEnvVars", name], t);
  }

  // ── templates the CLI cannot resolve ───────────────────────────────────────────────
  const deployUnset = new Map<string, { kind: Kind; name: string }>();
  for (const slot of slots) {
    const parts = templateParts(slot.template);
    const where = {
      deployment: slot.kind,
      field: slot.field,
      value: slot.template,
      line: lineAt(slot.path),
    };
    for (const expression of parts.unknown)
      s.findings.push(finding("AUTHKIT_TEMPLATE_INVALID", { ...where, expression }, "unknown"));
    for (const name of parts.build.filter((n) => buildEnv(n) === null)) {
      if (slot.kind === "dev") {
        s.findings.push(
          finding(
            "AUTHKIT_TEMPLATE_INVALID",
            { ...where, expression: `\${buildEnv.${name}}`, name },
            "unset",
          ),
        );
        continue;
      }
      deployUnset.set(`${slot.kind}:${name}`, { kind: slot.kind, name });
    }
  }
  if (deployUnset.size > 0) {
    const byName = new Map<string, Kind[]>();
    for (const { kind, name } of deployUnset.values())
      byName.set(name, [...(byName.get(name) ?? []), kind]);
    s.findings.push(
      finding("AUTHKIT_BUILD_ENV_UNSET", {
        names: [...byName.keys()],
        deployments: [...new Set([...deployUnset.values()].map((x) => x.kind))],
        uses: [...byName].map(([name, kinds]) => `\${buildEnv.${name}} (${kinds.join(", ")})`),
      }),
    );
  }

  const dev = authKit.dev;
  const devSlots = slots.filter((x) => x.kind === "dev");
  const devPort = project.devPort;
  const redirectName = redirectUriVar(project);
  const localValue = (name: string) => {
    const v = project.localEnv[name]?.value;
    return v === undefined || v === "" ? null : v;
  };

  // ── dev URLs on a port the dev server does not use ─────────────────────────────────
  // The corrected value of each literal URL, so the checks below do not report it twice.
  const corrected = new Map<string, string>();
  if (devPort) {
    for (const slot of devSlots) {
      if (slot.value === null || slot.template !== slot.value) continue;
      const url = parseUrl(slot.value);
      if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) continue;
      if (!isLoopbackHost(url.hostname)) continue;
      const port = url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
      if (port === devPort.port) continue;
      url.port = String(devPort.port);
      const fixed = /^[a-z]+:\/\/[^/]+$/i.test(slot.value) ? url.origin : url.href;
      corrected.set(slot.value, fixed);
      const line = lineAt(slot.path);
      s.findings.push(
        finding("AUTHKIT_PORT_MISMATCH", {
          field: slot.field,
          value: slot.value,
          port: devPort.port,
          portSource: devPort.source,
          line,
          replacement:
            line === null
              ? null
              : lineText(json.text, line).replace(
                  JSON.stringify(slot.value),
                  JSON.stringify(fixed),
                ),
        }),
      );
    }
  }

  // ── the app's redirect URI vs the redirect URIs the CLI registers ───────────────────
  const configure = dev?.configure || null;
  const appRedirect = localValue(redirectName);
  let redirectReported = false;
  if (configure && appRedirect !== null && configure.redirectUris) {
    const registered = devSlots
      .filter((x) => x.field === "configure.redirectUris")
      .map((x) => x.value)
      .filter((v): v is string => v !== null);
    const fixedRegistered = registered.map((v) => corrected.get(v) ?? v);
    if (!registered.includes(appRedirect) && !fixedRegistered.includes(appRedirect)) {
      redirectReported = true;
      const envFile = project.localEnv[redirectName]!.file;
      const envLine = envLineOf(project.dir, envFile, redirectName);
      const onDevPort = registered.find((v) => portOf(v) === devPort?.port);
      const base = {
        name: redirectName,
        value: appRedirect,
        envFile,
        envLine,
        registered,
      };
      if (onDevPort !== undefined) {
        s.findings.push(
          finding(
            "AUTHKIT_REDIRECT_NOT_CONFIGURED",
            { ...base, replacement: `${redirectName}=${onDevPort}`, port: devPort?.port ?? null },
            "env",
          ),
        );
      } else {
        const templates = configure.redirectUris;
        s.findings.push(
          finding(
            "AUTHKIT_REDIRECT_NOT_CONFIGURED",
            {
              ...base,
              line: keyLine(["authKit", "dev", "configure"], "redirectUris"),
              replacement: `"redirectUris": ${JSON.stringify([...templates, appRedirect]).replace(/","/g, '", "')}`,
            },
            "convex-json",
          ),
        );
      }
    }
  }

  // ── the origin the browser flow calls WorkOS from vs corsOrigins ───────────────────
  // AuthKit for React exchanges the code and refreshes from the page; the Next.js SDK does it
  // on the server, so only browser-side AuthKit needs the origin allowed.
  const browserFlow = redirectName.startsWith("VITE_");
  const origin =
    parseUrl(appRedirect)?.origin ?? (devPort ? `http://localhost:${devPort.port}` : null);
  if (configure && browserFlow && origin && origin !== "null") {
    const listed = devSlots
      .filter((x) => x.field === "configure.corsOrigins")
      .map((x) => x.value)
      .filter((v): v is string => v !== null);
    const strip = (v: string) => v.replace(/\/+$/, "");
    const allowed = [...listed, ...listed.map((v) => corrected.get(v) ?? v)].map(strip);
    if (!allowed.includes(origin)) {
      const templates = configure.corsOrigins ?? [];
      const hasKey = configure.corsOrigins !== undefined;
      s.findings.push(
        finding("AUTHKIT_CORS_ORIGIN_MISSING", {
          origin,
          listed,
          line: hasKey
            ? keyLine(["authKit", "dev", "configure"], "corsOrigins")
            : keyLine(["authKit", "dev"], "configure"),
          replacement: `"corsOrigins": ${JSON.stringify([...templates, origin]).replace(/","/g, '", "')}`,
        }),
      );
    }
  }

  // ── localEnvVars edited by hand in .env.local ──────────────────────────────────────
  if (dev?.localEnvVars) {
    for (const slot of devSlots) {
      if (!slot.field.startsWith("localEnvVars.") || slot.value === null) continue;
      const name = slot.field.slice("localEnvVars.".length);
      // Provisioned values (client ID, API key) are compared elsewhere and never shown here.
      if (templateParts(slot.template).auth.length > 0 || SECRET_NAME.test(name)) continue;
      const local = localValue(name);
      if (local === null || local === slot.value) continue;
      if (name === redirectName && (redirectReported || corrected.has(slot.value))) continue;
      const envFile = project.localEnv[name]!.file;
      const envLine = envLineOf(project.dir, envFile, name);
      s.findings.push(
        finding("AUTHKIT_LOCAL_ENV_DIFFERS", {
          name,
          value: local,
          expected: slot.value,
          envFile,
          envLine,
          line: lineAt(slot.path),
          replacement: `${name}=${slot.value}`,
        }),
      );
    }
  }

  s.facts.push(...describe(authKit));
  return s;
}

function portOf(value: string): number | null {
  const url = parseUrl(value);
  if (!url) return null;
  return url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
}

/** The 1-based line that sets `name` in an env file (the last one, which wins), or `null`. */
function envLineOf(dir: string, file: string, name: string): number | null {
  const read = readRegularFile(join(dir, file), ENV_FILE_MAX_BYTES);
  if (!read.ok) return null;
  const lines = read.text.split(/\r?\n/);
  const re = new RegExp(`^\\s*(?:export\\s+)?${name}\\s*=`);
  for (let i = lines.length - 1; i >= 0; i--) if (re.test(lines[i]!)) return i + 1;
  return null;
}

function describe(authKit: AuthKitConfig): string[] {
  const out: string[] = [];
  const list = (xs: readonly string[] | undefined) =>
    xs && xs.length ? xs.map((x) => `\`${x}\``).join(", ") : "none";
  for (const kind of AUTHKIT_DEPLOYMENT_KINDS) {
    const env = authKit[kind];
    if (!env) continue;
    if (!env.configure) out.push(`${kind}: the CLI leaves WorkOS as it is (no \`configure\`)`);
    else
      out.push(
        `${kind}: registers redirect URIs ${list(env.configure.redirectUris)} and CORS origins ${list(env.configure.corsOrigins)}${env.configure.appHomepageUrl ? `; homepage \`${env.configure.appHomepageUrl}\`` : ""}`,
      );
    if (env.localEnvVars)
      out.push(
        `${kind}: writes ${list(Object.keys(env.localEnvVars))} to \`.env.local\` when missing`,
      );
  }
  return out;
}
