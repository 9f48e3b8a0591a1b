/**
 * `npm run bench:component`: the median time of one `diagnoseAuth` call in convex-test
 * (goal ≤ 5 ms). A benchmark, not a test: it prints numbers and asserts nothing about speed.
 */
import { test, vi } from "vitest";
import { measuredHere, recordNumbers } from "../scripts/numbers.js";
import { CLIENT_ID, docsConfig, OTHER_CLIENT_ID } from "../test/support/tokens.js";
import { authConfig } from "../test/component/app/diagnostics.js";
import { app, testApp } from "../test/component/setup.js";

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 1000);

test("diagnoseAuth's median time in convex-test", async () => {
  vi.stubEnv("WORKOS_CLIENT_ID", CLIENT_ID);
  authConfig.providers = docsConfig();
  const t = testApp().withIdentity({ subject: "user_1" });
  for (let i = 0; i < 20; i++)
    await t.query(app.diagnostics.diagnoseAuth, { clientId: OTHER_CLIENT_ID });
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t0 = performance.now();
    await t.query(app.diagnostics.diagnoseAuth, { clientId: OTHER_CLIENT_ID });
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)]!;
  const p95 = samples[Math.floor(samples.length * 0.95)]!;
  console.log(
    `diagnoseAuth in convex-test: median ${median.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms over ${ITERATIONS} calls (goal ≤ 5 ms)`,
  );
  vi.unstubAllEnvs();
  recordNumbers({
    diagnoseAuth: { ...measuredHere(), medianMs: median, p95Ms: p95, calls: ITERATIONS },
  });
});
