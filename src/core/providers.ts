import { finding } from "./catalogue.js";
import { describeType } from "./jwt.js";
import type { Finding, NormalizedProvider } from "./types.js";
import { isLoopbackHost, parseUrl, trimTrailingSlashes } from "./urls.js";
import {
  clientScopedIssuer,
  jwksClientId,
  recognizeWorkOS,
  WORKOS_LEGACY_ISSUER,
  workosIssuer,
  workosJwksUrl,
} from "./workos.js";

const SUPPORTED_ALGORITHMS = ["RS256", "ES256"] as const;
// Rust's derived Ord on the enum follows declaration order: RS256 before ES256.
const ALGORITHM_ORDER: Record<string, number> = { RS256: 0, ES256: 1 };

const SCHEME = /^\w+:\/\//;
const PLACEHOLDERS = [
  "undefined",
  "null",
  "${",
  "<",
  "YOUR_",
  "your_",
  "your-",
  "client_id_here",
  "CLIENT_ID_HERE",
];

/**
 * Adds `https://` to a scheme-less issuer and checks it the way Convex does when the config is
 * pushed. Returns the stored string or the reason the push would fail.
 */
export function storeIssuerUrl(original: string): { url: string } | { error: string } {
  if (original.startsWith('"')) {
    return { error: `Invalid provider domain URL "${original}": starts with a double quote (")` };
  }
  const hadScheme = SCHEME.test(original);
  const url = hadScheme ? original : `https://${original}`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { error: `Invalid provider domain URL "${original}": not a valid URL` };
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    return { error: `Invalid provider domain URL "${original}": scheme should be http or https` };
  }
  if (!hadScheme && !looksLikeDomain(parsed.hostname)) {
    return {
      error: `Invalid provider domain URL "${original}": Does not look like a URL (must have a scheme or end with a top-level domain)`,
    };
  }
  return { url };
}

// Convex checks scheme-less hosts against the public TLD list; an alphabetic last label of two
// or more letters is the close, list-free approximation.
function looksLikeDomain(host: string): boolean {
  if (host === "localhost") return true;
  const dot = host.lastIndexOf(".");
  return dot > 0 && /^[a-z]{2,}$/i.test(host.slice(dot + 1));
}

/** Trailing-slash-insensitive comparison Convex uses between `iss` and a provider's issuer. */
export function issuerMatches(storedIssuer: string, tokenIss: string): boolean {
  const withScheme =
    tokenIss.startsWith("https://") || tokenIss.startsWith("http://")
      ? tokenIss
      : `https://${tokenIss}`;
  return trimTrailingSlashes(storedIssuer) === trimTrailingSlashes(withScheme);
}

const encoder = new TextEncoder();
// UTF-16 code-unit order equals UTF-8 byte order except where surrogates meet U+E000–U+FFFF.
const NEEDS_BYTES = /[\uD800-\uFFFF]/;
/** Byte-wise comparison, as Rust orders `String`s. */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  if (!NEEDS_BYTES.test(a) && !NEEDS_BYTES.test(b)) return a < b ? -1 : 1;
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

function invalid(index: number, reason: string): NormalizedProvider {
  return {
    index,
    convexOrder: null,
    kind: "invalid",
    issuer: null,
    applicationID: null,
    jwks: null,
    algorithm: null,
    workosClientId: null,
    workosVariant: null,
    label: `invalid provider #${index}`,
    invalidReason: reason,
  };
}

function normalizeOne(entry: unknown, index: number): NormalizedProvider {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    return invalid(index, `provider #${index} is ${describeType(entry)}, not an object`);
  }
  const p = entry as Record<string, unknown>;
  const appId = p.applicationID;
  if (p.type === "customJwt") {
    if (typeof p.issuer !== "string")
      return invalid(index, `provider #${index} (customJwt) has no string \`issuer\``);
    if (typeof p.jwks !== "string")
      return invalid(index, `provider #${index} (customJwt) has no string \`jwks\``);
    if (appId !== undefined && appId !== null && typeof appId !== "string") {
      return invalid(index, `provider #${index} has a non-string \`applicationID\``);
    }
    const stored = storeIssuerUrl(p.issuer);
    const algorithm = typeof p.algorithm === "string" ? p.algorithm : null;
    const applicationID = typeof appId === "string" ? appId : null;
    const base = {
      index,
      convexOrder: null,
      kind: "customJwt" as const,
      issuer: "url" in stored ? stored.url : p.issuer,
      applicationID,
      jwks: p.jwks,
      algorithm,
      ...recognizeWorkOS("url" in stored ? stored.url : null, p.jwks),
      label: `CustomJWT(issuer=${"url" in stored ? stored.url : p.issuer}, app_id=${applicationID ?? "none"})`,
      invalidReason: null as string | null,
    };
    if ("error" in stored) return { ...base, kind: "invalid", invalidReason: stored.error };
    if (!SUPPORTED_ALGORITHMS.includes(algorithm as (typeof SUPPORTED_ALGORITHMS)[number])) {
      return {
        ...base,
        kind: "invalid",
        invalidReason: `Invalid signature algorithm (only RS256 and ES256 are supported): ${algorithm ?? "missing"}`,
      };
    }
    return base;
  }
  if (typeof p.domain === "string" && typeof appId === "string") {
    const stored = storeIssuerUrl(p.domain);
    const issuer = "url" in stored ? stored.url : p.domain;
    return {
      index,
      convexOrder: null,
      kind: "error" in stored ? "invalid" : "oidc",
      issuer,
      applicationID: appId,
      jwks: null,
      algorithm: null,
      ...recognizeWorkOS(issuer, null),
      label: `OIDC(domain=${issuer}, app_id=${appId})`,
      invalidReason: "error" in stored ? stored.error : null,
    };
  }
  if (typeof p.domain === "string")
    return invalid(
      index,
      `provider #${index} has \`domain\` but no string \`applicationID\` (OIDC providers need both)`,
    );
  if (typeof p.issuer === "string")
    return invalid(index, `provider #${index} has \`issuer\` but no \`type: "customJwt"\``);
  return invalid(index, `provider #${index} has neither \`domain\` nor \`issuer\``);
}

/** Rust's derived `Ord` on `AuthInfo`: OIDC before customJwt, then field by field. */
function compareConvex(a: NormalizedProvider, b: NormalizedProvider): number {
  if (a.kind !== b.kind) return a.kind === "oidc" ? -1 : 1;
  if (a.kind === "oidc") {
    return (
      compareBytes(a.applicationID ?? "", b.applicationID ?? "") ||
      compareBytes(a.issuer ?? "", b.issuer ?? "")
    );
  }
  if (a.applicationID === null && b.applicationID !== null) return -1;
  if (a.applicationID !== null && b.applicationID === null) return 1;
  return (
    compareBytes(a.applicationID ?? "", b.applicationID ?? "") ||
    compareBytes(a.issuer ?? "", b.issuer ?? "") ||
    compareBytes(a.jwks ?? "", b.jwks ?? "") ||
    (ALGORITHM_ORDER[a.algorithm ?? ""] ?? 9) - (ALGORITHM_ORDER[b.algorithm ?? ""] ?? 9)
  );
}

/** The normalized providers plus config problems found while reading them. */
export interface ProviderSet {
  /** One entry per element of the input, in config order. */
  all: NormalizedProvider[];
  /** The providers Convex would store, in the order it tries them (duplicates removed). */
  convexOrder: NormalizedProvider[];
  findings: Finding[];
}

/**
 * Reads an `auth.config.ts` providers list the way a Convex push stores it: validated, with
 * `https://` added to scheme-less issuers, de-duplicated and sorted (Convex keeps providers in a
 * sorted set, so it tries them in that order, not in config order).
 *
 * The order is the one after a fresh push; a deployment that gained providers over several pushes
 * may have appended the newer ones at the end.
 *
 * `indexes` gives each entry's position in `auth.config.ts` when `providers` is a subset of it
 * (e.g. rebuilt from `diagnoseAuth`'s report), so findings number providers as the file does.
 */
export function normalizeProviders(providers: unknown, indexes?: readonly number[]): ProviderSet {
  // Checks usually pass the same config object again: reuse the result while its content is unchanged.
  if (Array.isArray(providers)) {
    const fingerprint = safeStringify([providers, indexes ?? null]);
    const hit = normalizedCache.get(providers);
    if (hit && fingerprint !== null && hit.fingerprint === fingerprint) return hit.set;
    const set = normalizeUncached(providers, indexes);
    if (fingerprint !== null) normalizedCache.set(providers, { fingerprint, set });
    return set;
  }
  return normalizeUncached(providers);
}

const normalizedCache = new WeakMap<object, { fingerprint: string; set: ProviderSet }>();

function safeStringify(value: unknown): string | null {
  try {
    return JSON.stringify(value) ?? null;
  } catch {
    return null;
  }
}

function normalizeUncached(providers: unknown, indexes?: readonly number[]): ProviderSet {
  if (!Array.isArray(providers)) {
    return {
      all: [],
      convexOrder: [],
      findings: [
        finding("CONFIG_INVALID", {
          reason: `\`providers\` is ${describeType(providers)}, not an array`,
        }),
      ],
    };
  }
  // Array.from visits holes of a sparse array too (as `undefined`), so every index is reported.
  const all = Array.from(providers, (entry, i) => normalizeOne(entry, indexes?.[i] ?? i));
  const valid = all.filter((p) => p.kind !== "invalid").sort(compareConvex);
  const convexOrder: NormalizedProvider[] = [];
  for (const p of valid) {
    const prev = convexOrder[convexOrder.length - 1];
    if (prev && compareConvex(prev, p) === 0 && prev.applicationID === p.applicationID) {
      p.convexOrder = prev.convexOrder; // an exact duplicate collapses into the first one
      continue;
    }
    p.convexOrder = convexOrder.length;
    convexOrder.push(p);
  }
  const findings = all
    .filter(
      (p) => p.kind === "invalid" && !p.invalidReason?.startsWith("Invalid signature algorithm"),
    )
    .map((p) => finding("CONFIG_INVALID", { reason: p.invalidReason, providerIndex: p.index }));
  return { all, convexOrder, findings };
}

/**
 * Lints a providers list for the mistakes that make Convex reject AuthKit tokens:
 * placeholders, `applicationID` where WorkOS sends no `aud`, JWKS/issuer client ID mismatch,
 * unsupported algorithms, plain-http issuers, missing WorkOS issuer variants.
 */
export function lintProviders(
  providers: unknown,
  options: {
    /**
     * `"deployed"`: the providers a deployment runs (the component's report), whose file may
     * differ until the next push; `"file"` (default): the auth config file itself.
     */
    source?: "deployed" | "file";
  } = {},
): Finding[] {
  const set = normalizeProviders(providers);
  const out: Finding[] = [...set.findings];
  const raw = Array.isArray(providers) ? providers : [];
  for (const p of set.all) {
    const entry = raw[p.index];
    if (typeof entry === "object" && entry !== null) {
      for (const field of ["domain", "issuer", "jwks", "applicationID"] as const) {
        const value = (entry as Record<string, unknown>)[field];
        if (typeof value !== "string") continue;
        const placeholder = PLACEHOLDERS.find((ph) => value.includes(ph));
        if (placeholder !== undefined) {
          out.push(
            finding("CONFIG_PLACEHOLDER", { providerIndex: p.index, field, value, placeholder }),
          );
        } else if (value.trim() === "") {
          out.push(
            finding("CONFIG_PLACEHOLDER", { providerIndex: p.index, field, value }, "empty"),
          );
        }
      }
    }
    if (p.kind === "invalid" && p.invalidReason?.startsWith("Invalid signature algorithm")) {
      out.push(
        finding("CONFIG_UNSUPPORTED_ALGORITHM", {
          providerIndex: p.index,
          algorithm: p.algorithm ?? "missing",
        }),
      );
    }
    if (p.kind === "invalid") continue;
    if (p.kind === "oidc" && p.workosVariant !== null) {
      // The fix spells out the docs' providers for the client this one names.
      const clientId = p.workosClientId ?? p.applicationID ?? "<clientId>";
      out.push(
        finding("CONFIG_WORKOS_AS_OIDC", {
          providerIndex: p.index,
          domain: p.issuer,
          issuer: workosIssuer("user_management", clientId),
          clientId,
          jwks: workosJwksUrl(clientId),
        }),
      );
    } else if (p.workosVariant === "user_management" && p.applicationID !== null) {
      out.push(
        finding("CONFIG_AUDIENCE_NEVER_SENT", {
          providerIndex: p.index,
          issuer: p.issuer,
          applicationID: p.applicationID,
        }),
      );
    }
    const issClient = clientScopedIssuer(p.issuer)?.clientId;
    const jwksClient = jwksClientId(p.jwks);
    if (issClient && jwksClient && issClient !== jwksClient) {
      out.push(
        finding("CONFIG_JWKS_CLIENT_MISMATCH", {
          providerIndex: p.index,
          issuerClientId: issClient,
          jwksClientId: jwksClient,
        }),
      );
    }
    for (const value of [p.issuer, p.jwks]) {
      const url = parseUrl(value);
      if (url && url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
        out.push(finding("CONFIG_HTTP_ISSUER", { providerIndex: p.index, value }));
      }
    }
  }
  const valid = set.all.filter((p) => p.kind !== "invalid");
  const variants = new Set(valid.map((p) => p.workosVariant).filter((v) => v !== null));
  if (valid.length > 0 && variants.size === 0) {
    out.push(
      finding(
        "CONFIG_NO_WORKOS_PROVIDER",
        { issuers: valid.map((p) => p.issuer ?? "?") },
        options.source === "deployed" ? "deployed" : undefined,
      ),
    );
  } else if (
    variants.has("user_management") !== variants.has("legacy") &&
    !variants.has("custom-domain")
  ) {
    // Name the client when the config does, so the missing issuer can be copied as it is.
    const clientId = valid.find((p) => p.workosClientId !== null)?.workosClientId ?? "<clientId>";
    const userManagement = workosIssuer("user_management", clientId);
    const hasUserManagement = variants.has("user_management");
    out.push(
      finding("CONFIG_ISSUER_VARIANT_MISSING", {
        accepted: hasUserManagement ? userManagement : WORKOS_LEGACY_ISSUER,
        missing: hasUserManagement ? WORKOS_LEGACY_ISSUER : userManagement,
      }),
    );
  }
  return out;
}
