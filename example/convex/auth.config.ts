// Exactly the configuration the Convex AuthKit docs recommend
// (https://docs.convex.dev/auth/authkit/): two customJwt providers, because WorkOS issues access
// tokens as `https://api.workos.com/` (older environments, with an `aud`) or as
// `https://api.workos.com/user_management/<clientId>` (newer ones, without `aud`).
// Types `process` for the browser's tsconfig too, which reaches this file through
// `_generated/api` and `authDiagnostics.ts` (README step 1); esbuild drops the line.
declare const process: { env: Record<string, string | undefined> };

const clientId = process.env.WORKOS_CLIENT_ID;

const authConfig = {
  providers: [
    {
      type: "customJwt",
      issuer: `https://api.workos.com/`,
      algorithm: "RS256",
      applicationID: clientId,
      jwks: `https://api.workos.com/sso/jwks/${clientId}`,
    },
    {
      type: "customJwt",
      issuer: `https://api.workos.com/user_management/${clientId}`,
      algorithm: "RS256",
      jwks: `https://api.workos.com/sso/jwks/${clientId}`,
    },
  ],
};

export default authConfig;
