/**
 * The comparison of WorkOS client IDs between the app, the deployment's `WORKOS_CLIENT_ID` and
 * the providers of the auth config. The component's `diagnoseAuth`, `diagnose()` and the doctor
 * all call {@link compareClientIds}, so the three surfaces give the same verdict for the same facts.
 */
import { finding } from "./catalogue.js";
import { truncate } from "./present.js";
import { secretKindOf } from "./secrets.js";
import type { EvidenceValue, Finding, NormalizedProvider } from "./types.js";
import { isNamedClientId, isWorkOSClientId } from "./workos.js";

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
