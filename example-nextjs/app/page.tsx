"use client";

import { useAuth } from "@workos-inc/authkit-nextjs/components";
import { Authenticated, Unauthenticated, useQuery } from "convex/react";
import Link from "next/link";
import { api } from "@/convex/_generated/api";

export default function Home() {
  const { user, signOut } = useAuth();
  return (
    <main style={{ padding: 24, display: "flex", flexDirection: "column", gap: 16 }}>
      <h1>Convex + Next.js + WorkOS</h1>
      <Authenticated>
        <Content />
      </Authenticated>
      <Unauthenticated>
        <p>Log in to see who Convex thinks you are.</p>
      </Unauthenticated>
      {user ? (
        <button type="button" onClick={() => void signOut()}>
          Sign out {user.email}
        </button>
      ) : (
        <p>
          <a href="/sign-in">Sign in</a> · <a href="/sign-up">Sign up</a>
        </p>
      )}
    </main>
  );
}

function Content() {
  const viewer = useQuery(api.myFunctions.whoami);
  return (
    <>
      <p data-testid="viewer">
        Convex sees: {viewer === undefined ? "…" : (viewer?.subject ?? "nobody")}
      </p>
      <p>
        See the <Link href="/server">/server route</Link> for data loaded in a server component.
      </p>
    </>
  );
}
