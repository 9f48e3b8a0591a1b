/**
 * The comparison of WorkOS client IDs between the app, the deployment's `WORKOS_CLIENT_ID` and
 * the providers of the auth config. The component's `diagnoseAuth`, `diagnose()` and the doctor
 * all call {@link compareClientIds}, so the three surfaces give the same verdict for the same facts.
 */
import { finding } from "./catalogue.js";
import { truncate } from "./present.js";
import { secretKindOf } from "./secrets.js";
import type { EvidenceValue, Finding, NormalizedProvider } from "./types.js";
import { isNamedClientId, isWorkOSClientId, jwksClientId, tokenClientId } from "./workos.js";

/** The finding codes {@link compareClientIds} produces. */
export const CLIENT_ID_CODES = [
  "ENV_MISSING",
  "CLIENT_ID_INVALID",
  "CLIENT_ID_MISMATCH",
  "CONFIG_NOT_DEPLOYED",
] as const;

/** What is known about the three client IDs. Every field but `appClientId` may be unknown. */
export interface ClientIdFacts {
  /** The client ID the app signs in with; `null` when unknown. */
  appClientId: string | null;
  /** The deployment's `WORKOS_CLIENT_ID`: its value, `null` when unset, `undefined` when unknown. */
  deploymentClientId: string | null | undefined;
  /** The providers to compare with, in Convex's order; `null` when unknown. */
  providers: readonly NormalizedProvider[] | null;
  /**
   * Where the providers come from: `"deployed"` (what the deployment runs, as `diagnoseAuth`
   * sees it) or `"file"` (the auth config file as the doctor evaluated it). Default `"deployed"`.
   */
  providersSource?: "deployed" | "file";
  /** The auth config file, for wording when `providersSource` is `"file"`. */
  file?: string;
  /** Client IDs that stand for values not known here (e.g. the doctor's `${NAME}` markers). */
  isUnknownClientId?: (id: string) => boolean;
  /** Convex found no provider for the app's token (checkToken's verdict), when a token was judged. */
  noProviderMatched?: boolean;
}

/**
 * Compares the client IDs and returns, in order of discovery: `ENV_MISSING` (no
 * `WORKOS_CLIENT_ID` and no provider names a client), `CLIENT_ID_INVALID` (the app's value is
 * not a client ID; secret-shaped values are never echoed), `CLIENT_ID_MISMATCH` (the deployment's
 * `WORKOS_CLIENT_ID` or a provider names another client), `CONFIG_NOT_DEPLOYED` (the env var
 * names the app's client but the providers do not).
 *
 * @example
 * compareClientIds({ appClientId: "client_01A…", deploymentClientId: "client_01B…", providers })
 * // → [CLIENT_ID_MISMATCH]
 */
export function compareClientIds(facts: ClientIdFacts): Finding[] {
  const out: Finding[] = [];
  const providers = facts.providers;
  const unknown = facts.isUnknownClientId ?? (() => false);
  const naming = (providers ?? []).filter(
    (p) => isNamedClientId(p.workosClientId) && !unknown(p.workosClientId!),
  );
  const named = [...new Set(naming.map((p) => p.workosClientId!))];
  const env = facts.deploymentClientId;

  if (env === null && providers !== null && named.length === 0) {
    const value =
      facts.appClientId !== null && isWorkOSClientId(facts.appClientId) ? facts.appClientId : null;
    out.push(
      finding(
        "ENV_MISSING",
        {
          name: "WORKOS_CLIENT_ID",
          place: "deployment",
          value: value ?? "<your WorkOS client ID>",
        },
        "deployment-client-id",
      ),
    );
  }

  const app = facts.appClientId;
  if (app === null) return out;
  if (!isWorkOSClientId(app)) {
    const kind = secretKindOf(app);
    out.push(
      kind
        ? finding("CLIENT_ID_INVALID", { secretKind: kind }, "secret")
        : finding("CLIENT_ID_INVALID", { value: truncate(app) }),
    );
    return out;
  }

  const source = facts.providersSource ?? "deployed";
  const labels: EvidenceValue = (providers ?? []).map((p) => p.label);
  const notDeployed = () =>
    finding(
      "CONFIG_NOT_DEPLOYED",
      {
        clientId: app,
        providers: labels,
        providerClientIds: named,
        ...(facts.file ? { file: facts.file } : {}),
      },
      source === "file" ? "file" : env === app ? undefined : "env-unset",
    );

  if (typeof env === "string" && env !== app) {
    out.push(finding("CLIENT_ID_MISMATCH", { clientId: app, serverClientId: env }));
  } else if (providers !== null && providers.length === 0) {
    out.push(notDeployed());
  } else if (named.length > 0 && !named.includes(app)) {
    if (env === app) {
      out.push(notDeployed());
    } else {
      const other = naming.find((p) => p.workosClientId !== app)!;
      out.push(
        finding(
          "CLIENT_ID_MISMATCH",
          {
            clientId: app,
            serverClientId: other.workosClientId,
            providerIndex: other.index,
            providerIssuer: other.issuer,
            deploymentClientId: env === null ? "not set" : null,
          },
          "provider",
        ),
      );
    }
  } else if (facts.noProviderMatched === true && !named.includes(app)) {
    out.push(notDeployed());
  }
  return out;
}

/** What is known about the client IDs around a token whose `kid` the provider's JWKS lacks. */
export interface KeyClientFacts {
  /** The token's `iss`. */
  issuer?: unknown;
  /** The JWKS URL of the provider Convex picked. */
  jwks?: string | null;
  /** The client ID the app signs in with. */
  appClientId?: string | null;
  /** The deployment's `WORKOS_CLIENT_ID`. */
  deploymentClientId?: string | null;
}

/**
 * The one client ID everything around a `KEY_NOT_FOUND` names, with where it was read, or `null`
 * when the evidence does not show that: it needs the token's side (its issuer or the app) and the
 * deployment's side (the JWKS URL or `WORKOS_CLIENT_ID`), and every known value must agree.
 *
 * When they agree, a wrong client ID is not why Convex lacks the key, and the wording must say
 * what is left. Convex's customJwt path fetches the JWKS for every validation
 * (get-convex/convex-backend 94a42c3, `crates/authentication/src/lib.rs:279`) through
 * `CachedHttpClient` (`crates/application/src/lib.rs:3201-3206`), an in-memory HTTP cache shared
 * by the backend process that keeps a response as its `Cache-Control` headers allow
 * (`crates/http_client/src/lib.rs:44-52, 82-85, 106-108`: http-cache-reqwest, `CacheMode::Default`).
 * A `kid` missing from that copy fails `decode_with_jwks` (`lib.rs:292-301`) with no refetch and
 * no retry. The OIDC path is no different: get-convex/openidconnect-rs 15a9c551 fetches the JWKS
 * once per discovery through the same client (`src/discovery/mod.rs:334`) and answers an unknown
 * `kid` with `NoMatchingKey` (`src/verification/mod.rs:459-467`). So after a key rotation the
 * deployment rejects the new key until its cached copy expires, then fetches the new set.
 */
export function keyClientAgreement(
  facts: KeyClientFacts,
): { clientId: string; clientIdSources: string[] } | null {
  const named = (id: string | null | undefined): string | null =>
    typeof id === "string" && isWorkOSClientId(id) ? id : null;
  type Source = { where: string; id: string | null };
  const tokenSide: Source[] = [
    { where: "the token's issuer", id: named(tokenClientId(facts.issuer)) },
    { where: "the app", id: named(facts.appClientId) },
  ];
  const deploymentSide: Source[] = [
    { where: "the JWKS URL", id: named(jwksClientId(facts.jwks)) },
    { where: "the deployment's WORKOS_CLIENT_ID", id: named(facts.deploymentClientId) },
  ];
  const known = (side: Source[]) => side.filter((s) => s.id !== null);
  const all = [...known(tokenSide), ...known(deploymentSide)];
  if (known(tokenSide).length === 0 || known(deploymentSide).length === 0) return null;
  if (new Set(all.map((s) => s.id)).size !== 1) return null;
  return { clientId: all[0]!.id!, clientIdSources: all.map((s) => s.where) };
}

/**
 * `KEY_NOT_FOUND` of a customJwt provider, worded by {@link keyClientAgreement}: the
 * `same-client` variant when the client IDs agree, the client-ID wording otherwise.
 */
export function keyNotFoundFinding(
  evidence: Record<string, EvidenceValue>,
  facts: KeyClientFacts,
): Finding {
  const agreed = keyClientAgreement(facts);
  return agreed
    ? finding("KEY_NOT_FOUND", { ...evidence, ...agreed }, "same-client")
    : finding("KEY_NOT_FOUND", evidence);
}
