import { AuthDiagnostics } from "convex-authkit-diagnostics";
import { components } from "./_generated/api";
import authConfig from "./auth.config";

// `npx convex run authDiagnostics:diagnoseAuth '{"clientId":"client_…"}'`, or the dashboard's
// function runner ("Act as a user" to see an identity).
export const { diagnoseAuth, verifyToken, reportDiagnosis, recentReports } = new AuthDiagnostics(
  components.authDiagnostics,
  {
    authConfig,
  },
).api();
