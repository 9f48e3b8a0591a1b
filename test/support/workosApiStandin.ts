/**
 * A local stand-in for the WorkOS endpoints `convex-authkit-doctor --live` uses, on 127.0.0.1.
 * Request and response shapes follow WorkOS's public API reference
 * (https://workos.com/docs/reference/authkit, "List redirect URIs", "List CORS origins",
 * "Authenticate with refresh token"; https://workos.com/docs/reference/authkit/redirect-uri for
 * the RedirectUri object; list responses `{ object: "list", data, list_metadata: { before,
 * after } }` paged with `limit` and `after`):
 *
 * - `GET /user_management/redirect_uris` and `GET /user_management/cors_origins`: need
 *   `Authorization: Bearer <api key>` (401 otherwise).
 * - `POST /user_management/authenticate`: `client_secret` is the API key; an unknown or foreign
 *   `client_id` is `invalid_client`, a made-up refresh token `invalid_grant`.
 * - `GET /sso/jwks/<clientId>`: the environment's JWKS (`application/json`).
 *
 * It records every request (method, path, whether the key came in the header) so tests can
 * prove the key went only where it belongs.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One WorkOS environment as the stand-in serves it. */
export interface StandinEnvironment {
  apiKey: string;
  clientIds: string[];
  redirectUris: string[];
  corsOrigins: string[];
  /** The JWKS served at `/sso/jwks/<clientId>` for this environment's client IDs. */
  jwks: { keys: Array<Record<string, unknown>> };
  /** Page size the stand-in uses at most (to exercise pagination). Default 100. */
  pageSize?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  authorized: boolean;
}

export interface WorkosApiStandin {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString("utf8")));
    req.on("end", () => resolve(body));
  });
}

const TIMESTAMP = "2026-01-15T12:00:00.000Z";

/** Starts the stand-in on a free port of 127.0.0.1. */
export async function startWorkosApiStandin(env: StandinEnvironment): Promise<WorkosApiStandin> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const authorized = req.headers.authorization === `Bearer ${env.apiKey}`;
      requests.push({ method: req.method ?? "GET", path: url.pathname, authorized });
      const json = (status: number, body: unknown) =>
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

      const list = <T>(items: T[]) => {
        if (!authorized) return json(401, { message: "Unauthorized" });
        const limit = Math.min(
          Number(url.searchParams.get("limit") ?? 10) || 10,
          env.pageSize ?? 100,
        );
        const after = url.searchParams.get("after");
        const start = after === null ? 0 : Number(after.replace(/^cursor_/, ""));
        const page = items.slice(start, start + limit);
        const next = start + limit < items.length ? `cursor_${start + limit}` : null;
        return json(200, {
          object: "list",
          data: page,
          list_metadata: { before: start > 0 ? `cursor_${start}` : null, after: next },
        });
      };

      if (req.method === "GET" && url.pathname === "/user_management/redirect_uris")
        return list(
          env.redirectUris.map((uri, i) => ({
            object: "redirect_uri",
            id: `redir_${String(i).padStart(26, "0")}`,
            uri,
            default: i === 0,
            created_at: TIMESTAMP,
            updated_at: TIMESTAMP,
          })),
        );
      if (req.method === "GET" && url.pathname === "/user_management/cors_origins")
        return list(
          env.corsOrigins.map((origin, i) => ({
            object: "cors_origin",
            id: `cors_origin_${String(i).padStart(26, "0")}`,
            origin,
            created_at: TIMESTAMP,
            updated_at: TIMESTAMP,
          })),
        );
      if (req.method === "POST" && url.pathname === "/user_management/authenticate") {
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(await readBody(req)) as Record<string, unknown>;
        } catch {
          return json(400, { error: "invalid_request", error_description: "Invalid JSON." });
        }
        if (body.client_secret !== env.apiKey) return json(401, { message: "Unauthorized" });
        if (!env.clientIds.includes(String(body.client_id)))
          return json(400, { error: "invalid_client", error_description: "Invalid client ID." });
        if (body.grant_type !== "refresh_token")
          return json(400, { error: "unsupported_grant_type", error_description: "Unsupported." });
        return json(400, {
          error: "invalid_grant",
          error_description: "Refresh token is invalid or has expired.",
        });
      }
      const jwks = /^\/sso\/jwks\/([^/]+)$/.exec(url.pathname);
      if (req.method === "GET" && jwks) {
        if (!env.clientIds.includes(decodeURIComponent(jwks[1]!)))
          return json(404, { message: "Not Found" });
        return json(200, env.jwks);
      }
      return json(404, { message: "Not Found" });
    })();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
