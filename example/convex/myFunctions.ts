import { v } from "convex/values";
import { query } from "./_generated/server";

/** Who Convex thinks the caller is: the quickest check that auth works end to end. */
export const whoami = query({
  args: {},
  returns: v.union(v.null(), v.object({ subject: v.string(), issuer: v.string() })),
  handler: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    return identity === null ? null : { subject: identity.subject, issuer: identity.issuer };
  },
});
