import { defineApp } from "convex/server";
import authDiagnostics from "convex-authkit-diagnostics/convex.config.js";

const app = defineApp();
app.use(authDiagnostics);

export default app;
