import { compareBytes } from "./providers.js";
import { defineMember, type JsonNode, type JsonObject } from "./serdeJson.js";
import type { PredictedIdentity } from "./types.js";

// biscuit's `RegisteredClaims` consumes these members (even when `null`), so they never reach
// `payload.private` (biscuit `src/lib.rs:736-764, 1024-1032`).
const REGISTERED = new Set(["iss", "sub", "aud", "exp", "nbf", "iat", "jti"]);

/**
 * An object's members as serde_json's `Map` holds them with `preserve_order` (convex-backend
 * `Cargo.toml:199`): document order, a repeated name keeping its first position and its last
 * value. Unlike a JS object, integer-like names are not moved to the front.
 */
export function mapEntries(node: JsonObject): Array<[string, JsonNode]> {
  const index = new Map<string, number>();
  const out: Array<[string, JsonNode]> = [];
  for (const [k, v] of node.entries) {
    const at = index.get(k);
    if (at === undefined) {
      index.set(k, out.length);
      out.push([k, v]);
    } else out[at] = [k, v];
  }
  return out;
}

/**
 * `extract_custom_jwt_claims` (convex-backend `crates/keybroker/src/broker.rs:676-690`): walks
 * the members in document order; a nested object contributes its own flattened members as
 * `key.nested` (an empty object contributes nothing); every other value is kept. Each insert
 * into the `BTreeMap` overwrites, so when two paths flatten to one name the later one in the
 * document wins: `{"a.b":1,"a":{"b":2}}` gives `a.b = 2`.
 */
function extractCustomClaims(node: JsonObject, skip: ReadonlySet<string>): Map<string, unknown> {
  const result = new Map<string, unknown>();
  for (const [key, value] of mapEntries(node)) {
    if (skip.has(key)) continue;
    if (value.kind === "object") {
      for (const [nested, v] of extractCustomClaims(value, new Set()))
        result.set(`${key}.${nested}`, v);
    } else result.set(key, value.value);
  }
  return result;
}

/**
 * What `ctx.auth.getUserIdentity()` returns for an accepted customJwt token
 * (`UserIdentity::from_custom_jwt`, convex-backend `crates/keybroker/src/broker.rs:507-546`).
 * The JSON handed to the function (`crates/convex/sync_types/src/types/json.rs:867-1004`) holds
 * `tokenIdentifier`, `issuer`, `subject`, then the custom claims in byte order (a `BTreeMap`);
 * a claim with one of the first three names replaces that value in place (serde_json's
 * `Map::insert`). Only the exact top-level name `fva` is removed (`broker.rs:530`), so a nested
 * `fva` object stays as `fva.*`. The function's `JSON.parse` keeps `__proto__` as an own member
 * and moves integer-like names to the front, as this object does.
 */
export function customJwtIdentity(
  iss: string,
  sub: string,
  payload: JsonObject,
): PredictedIdentity {
  const claims = extractCustomClaims(payload, REGISTERED);
  claims.delete("fva");
  const identity = {} as PredictedIdentity;
  defineMember(identity, "tokenIdentifier", `${iss}|${sub}`);
  defineMember(identity, "issuer", iss);
  defineMember(identity, "subject", sub);
  for (const name of [...claims.keys()].sort(compareBytes))
    defineMember(identity, name, claims.get(name));
  return identity;
}
