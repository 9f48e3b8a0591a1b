// The app's function references. When `example/convex/_generated/api` is committed this file
// becomes `export { api } from "../convex/_generated/api";` — `anyApi` builds the same references.
import type { AuthDiagnosticsApi } from "convex-authkit-diagnostics/react";
import { anyApi } from "convex/server";

export const api = anyApi as unknown as { authDiagnostics: AuthDiagnosticsApi };
