/**
 * One corpus of secret shapes, one test over every surface: whatever the engine or a shell puts
 * in a finding, no surface shows it and no stored report keeps it.
 */
import { createElement, Fragment } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { collectSecrets, scrub } from "../../src/cli/redact.js";
import { finding } from "../../src/core/catalogue.js";
import { evidenceEntries } from "../../src/core/present.js";
import { renderJSON, renderMarkdown, renderText } from "../../src/core/render.js";
import type { Diagnosis } from "../../src/core/types.js";
import { FindingItem, Headline, KeyValues } from "../../src/react/overlayParts.js";
import { runDoctor } from "../cli/helpers.js";
import {
  expectNoSecret,
  knownSecretValue,
  secretShapes,
  type SecretSample,
} from "../support/secretCorpus.js";
import { CLIENT_ID, docsConfig } from "../support/tokens.js";
import { authConfig } from "./app/diagnostics.js";
import { app, testApp } from "./setup.js";

let shapes: SecretSample[];
beforeAll(async () => {
  shapes = await secretShapes();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** A diagnosis whose headline, findings and server texts all carry `secret`. */
function diagnosisWith(secret: string): Diagnosis {
  const headline = finding("ACCESS_TOKEN_UNAVAILABLE", {
    errorName: "RefreshError",
    errorMessage: `refresh failed for ${secret}`,
  });
  const rejected = finding("CONVEX_REJECTED", {
    serverMessage: `Could not decode token ${secret}`,
    cause: "KEY_NOT_FOUND",
  });
  return {
    headline,
    findings: [headline, rejected, finding("TOKEN_MALFORMED", { detail: secret })],
    ok: false,
    token: {
      header: { kid: secret },
      claims: { sub: "user_1", note: secret },
      expiresInSeconds: 1,
    },
    tokenCheck: null,
    generatedAt: 0,
  };
}

/** Every rendering of a diagnosis a person or a machine can see. */
async function everySurface(secret: string): Promise<Record<string, string>> {
  const d = diagnosisWith(secret);
  const overlay = renderToStaticMarkup(
    createElement(
      Fragment,
      null,
      createElement(Headline, { f: d.headline }),
      ...d.findings.map((f) => createElement(FindingItem, { f, key: f.code })),
      createElement(KeyValues, { entries: [["server said", secret]] }),
    ),
  );
  const doctor = await runDoctor(["--explain", `Error: ${secret}`]);
  const doctorJson = await runDoctor(["--json", "--explain", secret]);
  return {
    markdown: renderMarkdown(d),
    text: renderText(d),
    json: JSON.stringify(renderJSON(d)),
    evidence: d.findings.flatMap((f) => evidenceEntries(f).map(([, v]) => v)).join("\n"),
    overlay,
    doctor: doctor.stdout + doctor.stderr,
    doctorJson: doctorJson.stdout + doctorJson.stderr,
  };
}

describe("one corpus of secret shapes, hidden on every surface", () => {
  test("no report, overlay part or doctor output shows any secret shape, and no report stores one", async () => {
    const t = testApp();
    authConfig.providers = docsConfig();
    for (const sample of shapes) {
      const outputs = await everySurface(sample.value);
      for (const [surface, output] of Object.entries(outputs)) {
        expectNoSecret(output, [sample], (ok, message) =>
          expect(ok, `${surface}: ${message}`).toBe(true),
        );
      }
      const stored = await t.mutation(app.diagnostics.reportingReportDiagnosis, {
        headline: "ACCESS_TOKEN_UNAVAILABLE",
        codes: ["ACCESS_TOKEN_UNAVAILABLE"],
        claims: { sub: "user_1", note: sample.value },
        clientId: CLIENT_ID,
        sessionId: "session-secrets",
      });
      expect(stored, `stored report with ${sample.name}`).toMatchObject({
        ok: false,
        reason: "secret_detected",
      });
    }
  });

  test("a deployment's secret value without a recognizable shape is hidden where that value is known", async () => {
    const password = knownSecretValue();
    vi.stubEnv("WORKOS_COOKIE_PASSWORD", password);
    const sample = [{ name: "cookie password", value: password }];
    // The doctor passes everything it prints through the redactor with the secrets it read.
    const printed = scrub(
      `detail: ${password}`,
      collectSecrets([{ WORKOS_COOKIE_PASSWORD: password }], []),
    );
    expectNoSecret(printed, sample, (ok, message) => expect(ok, `doctor: ${message}`).toBe(true));
    // The component's wrapper reads the deployment's secret values and refuses copies of them.
    const t = testApp();
    const stored = await t.mutation(app.diagnostics.reportingReportDiagnosis, {
      headline: "ACCESS_TOKEN_UNAVAILABLE",
      codes: ["ACCESS_TOKEN_UNAVAILABLE"],
      claims: { sub: "user_1", pasted: password },
      sessionId: "session-known",
    });
    expect(stored).toMatchObject({ ok: false, reason: "secret_detected" });
    // And diagnoseAuth never echoes it, even when it was pasted into WORKOS_CLIENT_ID.
    vi.stubEnv("WORKOS_CLIENT_ID", password);
    const report = await t.query(app.diagnostics.diagnoseAuth, {});
    expectNoSecret(JSON.stringify(report), sample, (ok, message) =>
      expect(ok, `diagnoseAuth: ${message}`).toBe(true),
    );
    expect(report.env.find((e) => e.name === "WORKOS_CLIENT_ID")).toMatchObject({
      set: true,
      value: null,
      length: password.length,
    });
  });
});
