"use client";
// What both Next.js client entries export unchanged.
export { useAuthKitNextjs } from "./adapter.js";
export {
  authKitSessionAdapter,
  sessionSnapshotOf,
  type AuthKitSessionAuth,
  type AuthKitSessionAccessToken,
  type AuthKitSessionHooks,
} from "../react/authkitSession.js";
export {
  isNextServerReport,
  serverFindingsFor,
  type NextServerReport,
  type NextServerFacts,
  type ServerTokenVerdict,
  type WithAuthOutcome,
} from "./report.js";
export * from "../react/shared.js";
