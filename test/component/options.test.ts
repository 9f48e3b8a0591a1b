import { describe, expect, test } from "vitest";
import { AuthDiagnostics } from "../../src/client/index.js";
import type { ComponentApi } from "../../src/component/_generated/component.js";
import { docsConfig } from "../support/tokens.js";

const component = {} as ComponentApi;
const authConfig = { providers: docsConfig() };

describe("new AuthDiagnostics(component, options)", () => {
  test("accepts the minimal options", () => {
    expect(() => new AuthDiagnostics(component, { authConfig })).not.toThrow();
  });

  test("reports every problem with the options in one error", () => {
    const make = () =>
      new AuthDiagnostics(
        undefined as never,
        {
          authConfig: undefined,
          enabled: "yes",
          authorize: true,
          reports: { enabled: 1, maxRows: 0, maxBytes: 10_000_000, ttlMs: 1.5 },
        } as never,
      );
    expect(make).toThrow(/components\.authDiagnostics/);
    expect(make).toThrow(/`authConfig` is required/);
    expect(make).toThrow(/`enabled` must be a boolean/);
    expect(make).toThrow(/`authorize` must be a function/);
    expect(make).toThrow(/`reports\.enabled` must be a boolean/);
    expect(make).toThrow(/`reports\.maxRows` must be an integer from 1 to 1000 \(got 0\)/);
    expect(make).toThrow(/`reports\.maxBytes` must be an integer from 256 to 16384/);
    expect(make).toThrow(/`reports\.ttlMs` must be an integer/);
  });

  test("a global rate above the rows kept is accepted: the rate limiter keeps its own memory", () => {
    expect(
      () =>
        new AuthDiagnostics(component, {
          authConfig,
          reports: { maxRows: 10, globalPerMinute: 20 },
        }),
    ).not.toThrow();
  });

  test("the largest limits are accepted: one store call stays within half of Convex's limits", () => {
    expect(
      () =>
        new AuthDiagnostics(component, {
          authConfig,
          reports: {
            enabled: true,
            maxRows: 1000,
            maxBytes: 16_384,
            perClientPerMinute: 60,
            globalPerMinute: 600,
            ttlMs: 90 * 24 * 60 * 60 * 1000,
          },
        }),
    ).not.toThrow();
  });

  test("missing options altogether get a clear error", () => {
    expect(() => new AuthDiagnostics(component, undefined as never)).toThrow(
      /options are required/,
    );
  });
});
