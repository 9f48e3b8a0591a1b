import { withAuth } from "@workos-inc/authkit-nextjs";
import { preloadQuery, preloadedQueryResult } from "convex/nextjs";
import { api } from "@/convex/_generated/api";
import Whoami from "./inner";

// As in the starter's /server route: the query runs on the server with the session's token.
export default async function ServerPage() {
  const { accessToken } = await withAuth();
  const preloaded = await preloadQuery(api.myFunctions.whoami, {}, { token: accessToken });
  const data = preloadedQueryResult(preloaded);
  return (
    <main style={{ padding: 24 }}>
      <h1>Server-rendered</h1>
      <p data-testid="server-viewer">The server saw: {data?.subject ?? "nobody"}</p>
      <Whoami preloaded={preloaded} />
    </main>
  );
}
