import { withAuth } from "@workos-inc/authkit-nextjs";
import { withAuthDiagnostics } from "convex-authkit-diagnostics/nextjs/server";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { ConvexClientProvider } from "@/components/ConvexClientProvider";
import { api } from "@/convex/_generated/api";
import { convexAuthBridge, diagnosticsEnabled } from "@/lib/settings";

export const metadata: Metadata = { title: "Convex + Next.js + WorkOS" };

export default async function RootLayout({ children }: Readonly<{ children: ReactNode }>) {
  // `withAuth()` as in the starter; in development `withAuthDiagnostics` also reports what the
  // server knows (proxy, env, redirect URI, Convex's verdict on this token) to the overlay.
  const { accessToken, diagnostics } = await withAuthDiagnostics(withAuth, {
    api: api.authDiagnostics,
    enabled: diagnosticsEnabled,
  });
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", margin: 0 }}>
        <ConvexClientProvider
          expectAuth={!!accessToken}
          diagnostics={diagnostics}
          bridge={convexAuthBridge}
        >
          {children}
        </ConvexClientProvider>
      </body>
    </html>
  );
}
