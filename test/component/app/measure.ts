/**
 * Calls the component's `reports:store` the way the app-side wrapper does (a nested mutation in
 * the app's transaction) and returns what the whole transaction read and wrote, as Convex counts
 * it (`ctx.meta.getTransactionMetrics()`).
 */
import { componentsGeneric, mutationGeneric } from "convex/server";
import { v } from "convex/values";
import type { ComponentApi } from "../../../src/component/_generated/component.js";

const components = componentsGeneric() as unknown as {
  authDiagnostics: ComponentApi<"authDiagnostics">;
};

export const measuredStore = mutationGeneric({
  args: { store: v.any() },
  handler: async (ctx, { store }) => {
    const result = await ctx.runMutation(components.authDiagnostics.reports.store, store);
    const metrics = await ctx.meta.getTransactionMetrics();
    return {
      result,
      bytesRead: metrics.bytesRead.used,
      documentsScanned: metrics.documentsRead.used,
      indexRangesRead: metrics.databaseQueries.used,
      bytesWritten: metrics.bytesWritten.used,
      documentsWritten: metrics.documentsWritten.used,
    };
  },
});
