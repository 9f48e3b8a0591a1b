import { createRootRoute, createRouter } from "@tanstack/react-router";
import { AuthProviders } from "./AuthProviders";

// A real app passes its generated route tree (routeTree.gen.ts); one root route suffices here.
const routeTree = createRootRoute();

export function getRouter() {
  return createRouter({ routeTree, InnerWrap: AuthProviders });
}
