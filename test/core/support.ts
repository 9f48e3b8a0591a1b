import { base64url } from "jose";
import type { TestKey } from "../support/tokens.js";

/**
 * Signs a token whose header and payload are given as raw JSON text, so tests can write literals
 * `JSON.stringify` cannot (`1.7e9`, `-0`, repeated names, unpaired surrogate escapes).
 */
export async function signRaw(
  key: TestKey,
  payloadText: string,
  headerText: string = JSON.stringify({ alg: key.alg, kid: key.kid }),
): Promise<string> {
  const headerPart = base64url.encode(headerText);
  const payloadPart = base64url.encode(payloadText);
  const input = new TextEncoder().encode(`${headerPart}.${payloadPart}`);
  const signature = await crypto.subtle.sign(
    key.alg === "RS256"
      ? { name: "RSASSA-PKCS1-v1_5" }
      : { name: "ECDSA", hash: { name: "SHA-256" } },
    key.privateKey,
    input,
  );
  return `${headerPart}.${payloadPart}.${base64url.encode(new Uint8Array(signature))}`;
}

/** A token whose header and payload are given as raw JSON text, with a dummy signature. */
export function unsigned(headerText: string, payloadText: string): string {
  return `${base64url.encode(headerText)}.${base64url.encode(payloadText)}.c2ln`;
}
