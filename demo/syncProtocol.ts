import { Base64 } from "convex/values";

/** A sync-protocol timestamp: base64 of the number's 8 little-endian bytes. */
export function encodeTs(ts: number): string {
  const bytes = new Uint8Array(8);
  let v = BigInt(ts);
  for (let i = 0; i < 8; i++) {
    bytes[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return Base64.fromByteArray(bytes);
}
