"use client";
/** The overlay's "live state" section: what AuthKit, Convex, the token and the server say now. */
import { formatEvidenceValue, providerVerdicts } from "../core/present.js";
import type { Diagnosis, NormalizedProvider, TokenCheck } from "../core/types.js";
import { Breakable, KeyValues } from "./overlayParts.js";
import type { AuthDiagnosticsFacts } from "./types.js";

/** A claim or header value as text (objects as JSON). */
function show(value: unknown): string {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    return JSON.stringify(value);
  }
  return formatEvidenceValue(
    Array.isArray(value) ? value.map(String) : value === undefined ? null : String(value),
  );
}

/** The deployed providers, numbered as in `auth.config.ts`, with checkToken's verdict on each. */
function ProviderTable({
  providers,
  check,
}: {
  providers: NormalizedProvider[];
  check: TokenCheck | null;
}) {
  const verdicts = providerVerdicts(providers, check);
  return (
    <table className="cad-table">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col" title="The order Convex tries providers in">
            tried
          </th>
          <th scope="col">issuer</th>
          <th scope="col">applicationID</th>
          <th scope="col">token</th>
        </tr>
      </thead>
      <tbody>
        {[...providers]
          .sort((a, b) => a.index - b.index)
          .map((p) => (
            // `data-label`s name the cells where a narrow panel stacks each row (see the styles).
            <tr key={p.index} data-provider={p.index}>
              <td data-label="#">{p.index}</td>
              <td data-label="tried">{p.convexOrder === null ? "–" : p.convexOrder + 1}</td>
              <td className="cad-value" data-label="issuer">
                <Breakable text={p.issuer ?? "none"} />
              </td>
              <td className="cad-value" data-label="applicationID">
                <Breakable text={p.applicationID ?? "none"} />
              </td>
              <td data-label="token">{verdicts.get(p.index)}</td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}

function authKitState(facts: AuthDiagnosticsFacts): string {
  if (facts.authKit.status === "unavailable") return `unavailable: ${facts.authKit.reason}`;
  if (facts.authKit.isLoading) return "loading";
  return facts.authKit.userId ? `signed in as ${facts.authKit.userId}` : "signed out";
}

function convexState(facts: AuthDiagnosticsFacts): string {
  if (!facts.convex.present) return "no ConvexProviderWithAuth";
  if (facts.convex.isLoading) return "loading";
  return facts.convex.isAuthenticated ? "authenticated" : "not authenticated";
}

/** The live facts behind a diagnosis. */
export function LiveState({
  facts,
  diagnosis,
}: {
  facts: AuthDiagnosticsFacts;
  diagnosis: Diagnosis | null;
}) {
  const report = facts.server.report;
  const claims = diagnosis?.token?.claims ?? null;
  const header = diagnosis?.token?.header ?? null;
  const expiresIn = diagnosis?.token?.expiresInSeconds ?? null;
  const skew =
    report && facts.server.receivedAt !== undefined
      ? Math.round((facts.server.receivedAt - report.serverTime) / 1000)
      : null;
  const { accessToken, server, probe } = facts;
  const connected = facts.convex.connected;
  return (
    <>
      <h3 className="cad-h">Live state</h3>
      <KeyValues
        entries={[
          ["AuthKit", authKitState(facts)],
          [
            "access token",
            accessToken.state === "error"
              ? `${accessToken.errorName}: ${accessToken.errorMessage}`
              : accessToken.state,
          ],
          ["Convex", convexState(facts)],
          [
            "WebSocket",
            connected === true ? "connected" : connected === false ? "not connected" : "…",
          ],
          ["server report", server.state === "error" ? `error: ${server.error}` : server.state],
          ["probe", probe.state === "done" ? `${probe.via}: ${probe.verdict}` : probe.state],
        ]}
      />
      {facts.serverErrors.length > 0 && (
        <>
          <h3 className="cad-h">What the server said</h3>
          <KeyValues entries={facts.serverErrors.map((t, i) => [`#${i + 1}`, t] as const)} />
        </>
      )}
      {(claims || header) && (
        <>
          <h3 className="cad-h">Access token (decoded)</h3>
          <KeyValues
            entries={[
              ...(["iss", "aud", "sub", "org_id"] as const).map(
                (k) => [k, show(claims?.[k])] as const,
              ),
              ["kid", show(header?.kid)],
              ["alg", show(header?.alg)],
              ["expires in", expiresIn === null ? "unknown" : `${expiresIn} s`],
            ]}
          />
        </>
      )}
      {report && (
        <>
          <h3 className="cad-h">Deployed providers vs token</h3>
          <ProviderTable providers={report.providers} check={diagnosis?.tokenCheck ?? null} />
          <h3 className="cad-h">Deployment env</h3>
          <KeyValues
            entries={report.env.map((e) => [
              e.name,
              e.set ? (e.value ?? `set (${e.length ?? "?"} chars)`) : "NOT SET",
            ])}
          />
          <h3 className="cad-h">Clocks</h3>
          <KeyValues
            entries={[
              ["server", new Date(report.serverTime).toISOString()],
              ["client", new Date(facts.server.receivedAt ?? facts.clientTime).toISOString()],
              ["client − server", skew === null ? "unknown" : `${skew} s`],
            ]}
          />
        </>
      )}
    </>
  );
}
