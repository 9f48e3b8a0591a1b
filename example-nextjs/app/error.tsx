"use client";

// Keeps the layout (and the overlay) when a page fails, e.g. the /server route's query.
export default function PageError({ error }: { error: Error & { digest?: string } }) {
  return (
    <main style={{ padding: 24 }}>
      <h1>This page failed on the server</h1>
      <p data-testid="page-error">
        {error.digest ? `Error digest ${error.digest}` : error.message}. The overlay names the
        cause.
      </p>
    </main>
  );
}
