import { defineComponent } from "convex/server";

/** The `authDiagnostics` component: install it with `app.use(authDiagnostics)` in `convex/convex.config.ts`. */
export default defineComponent("authDiagnostics");
