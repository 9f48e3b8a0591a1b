import { compareBytes } from "./providers.js";
import type { PredictedIdentity } from "./types.js";

// Registered claims never reach a customJwt identity's extra fields; `fva` changes on every
// refresh and is dropped so it does not invalidate query caches.
const CUSTOM_JWT_DROPPED = new Set(["iss", "sub", "aud", "exp", "nbf", "iat", "jti", "fva"]);

function flatten(obj: Record<string, unknown>, out: Record<string, unknown>, prefix: string): void {
  // Convex walks claims in sorted key order and later keys overwrite earlier ones.
  for (const key of Object.keys(obj).sort(compareBytes)) {
    const value = obj[key];
    const name = prefix + key;
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      flatten(value as Record<string, unknown>, out, `${name}.`);
    } else {
      out[name] = value;
    }
  }
}

/** What `ctx.auth.getUserIdentity()` returns for an accepted customJwt token. */
export function customJwtIdentity(
  iss: string,
  sub: string,
  payload: Record<string, unknown>,
): PredictedIdentity {
  const top: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(payload)) if (!CUSTOM_JWT_DROPPED.has(k)) top[k] = v;
  const claims: Record<string, unknown> = {};
  flatten(top, claims, "");
  delete claims.fva;
  return { tokenIdentifier: `${iss}|${sub}`, issuer: iss, subject: sub, ...claims };
}

// OIDC standard claims become typed camelCase fields; these claims are consumed by the ID-token
// structure itself or dropped, and so never appear as extra fields.
const OIDC_STANDARD: Record<string, string> = {
  name: "name",
  given_name: "givenName",
  family_name: "familyName",
  nickname: "nickname",
  preferred_username: "preferredUsername",
  profile: "profileUrl",
  picture: "pictureUrl",
  website: "websiteUrl",
  email: "email",
  email_verified: "emailVerified",
  gender: "gender",
  birthdate: "birthday",
  zoneinfo: "timezone",
  locale: "language",
  phone_number: "phoneNumber",
  phone_number_verified: "phoneNumberVerified",
};
const OIDC_CONSUMED = new Set([
  "iss",
  "sub",
  "aud",
  "exp",
  "iat",
  "auth_time",
  "nonce",
  "acr",
  "amr",
  "azp",
  "at_hash",
  "c_hash",
  "jti",
  "nbf",
  "fva",
  "address",
  "updated_at",
]);

/** What `ctx.auth.getUserIdentity()` returns for an accepted OIDC token. */
export function oidcIdentity(
  iss: string,
  sub: string,
  payload: Record<string, unknown>,
): PredictedIdentity {
  const identity: PredictedIdentity = {
    tokenIdentifier: `${iss}|${sub}`,
    issuer: iss,
    subject: sub,
  };
  for (const [claim, field] of Object.entries(OIDC_STANDARD)) {
    const v = payload[claim];
    if (v !== undefined && v !== null) identity[field] = v;
  }
  const address = payload.address as { formatted?: unknown } | undefined;
  if (address && typeof address.formatted === "string") identity.address = address.formatted;
  if (typeof payload.updated_at === "number")
    identity.updatedAt = new Date(payload.updated_at * 1000)
      .toISOString()
      .replace(".000Z", "+00:00");
  for (const [k, v] of Object.entries(payload)) {
    if (!OIDC_CONSUMED.has(k) && !(k in OIDC_STANDARD)) identity[k] = v;
  }
  return identity;
}
