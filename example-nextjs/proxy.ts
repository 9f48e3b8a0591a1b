import { authkitMiddleware } from "@workos-inc/authkit-nextjs";
import { withProxyDiagnostics } from "convex-authkit-diagnostics/nextjs/server";
import { diagnosticsEnabled, eagerAuth, redirectUriOverride } from "@/lib/settings";

// As in Convex's Next.js + AuthKit starter. `withProxyDiagnostics` (development only) keeps a
// failing proxy from turning every page into a bare 500, so the overlay can name the cause.
export default withProxyDiagnostics(
  authkitMiddleware({
    eagerAuth,
    middlewareAuth: {
      enabled: true,
      unauthenticatedPaths: ["/", "/sign-in", "/sign-up"],
    },
    // The starter sets this for Vercel preview and production deployments; the demo's
    // "redirect URI to a missing route" scenario sets it with DEMO_REDIRECT_URI.
    redirectUri: redirectUriOverride,
  }),
  { enabled: diagnosticsEnabled },
);

export const config = {
  matcher: [
    // The starter's matcher (skip Next.js internals and static files), except that `/uncovered`
    // is left out on purpose: the demo's "proxy not covering the page" scenario opens it.
    "/((?!_next|uncovered|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)",
    // Always run for API routes
    "/(api|trpc)(.*)",
  ],
};
