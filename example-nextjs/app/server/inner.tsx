"use client";

import { usePreloadedQuery, type Preloaded } from "convex/react";
import type { api } from "@/convex/_generated/api";

export default function Whoami({
  preloaded,
}: {
  preloaded: Preloaded<typeof api.myFunctions.whoami>;
}) {
  const data = usePreloadedQuery(preloaded);
  return <p>Reactive, from the browser: {data?.subject ?? "nobody"}</p>;
}
