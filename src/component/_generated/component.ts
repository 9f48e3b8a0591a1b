/* eslint-disable */
/**
 * Generated `ComponentApi` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import type { FunctionReference } from "convex/server";

/**
 * A utility for referencing a Convex component's exposed API.
 *
 * Useful when expecting a parameter like `components.myComponent`.
 * Usage:
 * ```ts
 * async function myFunction(ctx: QueryCtx, component: ComponentApi) {
 *   return ctx.runQuery(component.someFile.someQuery, { ...args });
 * }
 * ```
 */
export type ComponentApi<Name extends string | undefined = string | undefined> =
  {
    reports: {
      list: FunctionReference<
        "query",
        "internal",
        { clientKey?: string; limit?: number },
        Array<{
          _creationTime: number;
          _id: string;
          bytes: number;
          claims: null | Record<string, any>;
          clientId: null | string;
          clientKey: string;
          clientTime: null | number;
          codes: Array<string>;
          expiresAt: number;
          headline: string;
          ok: boolean;
          tier?: number;
          tokenHeader: null | Record<string, any>;
          userAgent: null | string;
          version: string;
        }>,
        Name
      >;
      prune: FunctionReference<
        "mutation",
        "internal",
        { batch?: number; maxRows?: number },
        { deleted: number; more: boolean },
        Name
      >;
      store: FunctionReference<
        "mutation",
        "internal",
        {
          clientKey: string;
          ipKey?: string;
          limits: {
            globalPerMinute: number;
            maxBytes: number;
            maxRows: number;
            perClientPerMinute: number;
            ttlMs: number;
          };
          report: {
            claims: null | Record<string, any>;
            clientId: null | string;
            clientTime: null | number;
            codes: Array<string>;
            headline: string;
            ok: boolean;
            tokenHeader: null | Record<string, any>;
            userAgent: null | string;
          };
          version: string;
        },
        | { id: string; ok: true }
        | {
            detail: string;
            ok: false;
            reason:
              | "disabled"
              | "invalid"
              | "too_large"
              | "secret_detected"
              | "rate_limited";
            retryAfterMs: null | number;
          },
        Name
      >;
    };
  };
