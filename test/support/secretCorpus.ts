/**
 * One corpus of secret shapes every surface must hide: the Markdown, plain-text and JSON reports,
 * the overlay's DOM, the doctor's output and stored reports. Each value is built at run time so
 * no secret-shaped literal sits in the repository.
 */
import { makeKey, workosToken } from "./tokens.js";

/** A secret-shaped value and its name (the name is what test output shows). */
export interface SecretSample {
  name: string;
  value: string;
}

const b64url = (n: number, seed: string) =>
  Buffer.from(seed.repeat(Math.ceil((n * 3) / 4 / seed.length) + 1))
    .toString("base64url")
    .slice(0, n);

/** The secret shapes, including a real signed WorkOS-shaped access token. */
export async function secretShapes(): Promise<SecretSample[]> {
  const token = await workosToken(await makeKey("corpus_key"));
  const [header, payload] = token.split(".");
  return [
    { name: "signed access token", value: token },
    { name: "token cut after the payload", value: `${header}.${payload}` },
    { name: "token with an empty signature", value: `${header}.${payload}.` },
    { name: "minimal JWS", value: ["eyJhbGc", "eyJzdWI", "c2ln"].join(".") },
    {
      name: "three long base64url runs",
      value: [b64url(40, "first"), b64url(40, "second"), b64url(40, "third")].join("."),
    },
    { name: "WorkOS test API key", value: `sk_${"test"}_${b64url(24, "key")}` },
    { name: "WorkOS live API key in capitals", value: `SK_${"LIVE"}_${b64url(24, "KEY")}` },
  ];
}

/** A cookie password as a deployment would hold it: no recognizable shape, known only by value. */
export function knownSecretValue(): string {
  return `pw-${b64url(40, "cookie password")}`;
}

/** The marker each redacted shape is replaced by, or the absence of every value. */
export function expectNoSecret(
  output: string,
  samples: readonly SecretSample[],
  expect: (ok: boolean, message: string) => void,
): void {
  for (const s of samples) {
    // A cut-off token is a prefix of the whole one: look for the distinctive part of each.
    const probe = s.value.length > 24 ? s.value.slice(-24) : s.value;
    expect(!output.includes(probe), `${s.name} is visible in the output`);
  }
}
