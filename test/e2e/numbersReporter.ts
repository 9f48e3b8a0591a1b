/**
 * A vitest reporter for `npm run test:e2e`: after a run of the whole e2e project that passed, it
 * records the e2e duration and the scenarios' time to verdict (from
 * test-results/e2e/timings.json, written by scenarios.test.ts) in docs/numbers.json, which
 * regenerates the docs that quote them (scripts/numbers.ts). A partial or failed run records
 * nothing.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Reporter, TestModule, TestRunEndReason } from "vitest/node";
import { measuredHere, recordNumbers } from "../../scripts/numbers.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const timingsFile = fileURLToPath(new URL("../../test-results/e2e/timings.json", import.meta.url));

const nextTimingsFile = fileURLToPath(
  new URL("../../test-results/e2e/next-timings.json", import.meta.url),
);

/** What nextjs.test.ts writes to test-results/e2e/next-timings.json. */
interface NextTimings {
  builds: Record<string, number>;
  scenarios: Array<{
    id: string;
    expected: string;
    shown: string | null;
    verdictMs: number;
    serverStartMs: number;
  }>;
}

/** What scenarios.test.ts writes to test-results/e2e/timings.json. */
interface Timings {
  repeat: number;
  medianVerdictMs: number | null;
  order2: string[];
  order2Label: string;
  scenarios: Array<{
    id: string;
    verdict: string;
    verdictMs: number | null;
    signedOut: string;
    signedOutMedianMs: number | null;
    signedIn: string;
    signedInMedianMs: number | null;
    order2SignedOutMs: number | null;
    order2SignedInMs: number | null;
  }>;
}

export default class NumbersReporter implements Reporter {
  private started = 0;

  onTestRunStart(): void {
    this.started = performance.now();
  }

  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    _errors: unknown,
    reason: TestRunEndReason,
  ): void {
    const e2eFiles = readdirSync(here).filter((f) => f.endsWith(".test.ts"));
    const ran = new Set(testModules.map((m) => m.moduleId.slice(here.length)));
    const whole = e2eFiles.every((f) => ran.has(f)) && ran.size === e2eFiles.length;
    if (reason !== "passed" || !whole || testModules.some((m) => !m.ok())) return;
    const tests = testModules.reduce((n, m) => n + [...m.children.allTests()].length, 0);
    const sections: Parameters<typeof recordNumbers>[0] = {
      e2e: {
        ...measuredHere(),
        durationS: Math.round((performance.now() - this.started) / 1000),
        files: e2eFiles.length,
        tests,
        // The same reading of E2E_REPEAT as scenarios.test.ts.
        repeat: Math.min(Math.max(Number(process.env.E2E_REPEAT ?? 1) || 1, 1), 5),
      },
    };
    if (existsSync(timingsFile)) {
      const t = JSON.parse(readFileSync(timingsFile, "utf8")) as Timings;
      if (t.medianVerdictMs !== null && t.scenarios.every((s) => s.verdictMs !== null))
        sections.verdict = {
          ...measuredHere(),
          medianMs: t.medianVerdictMs,
          repeat: t.repeat,
          order2: { label: t.order2Label, ids: t.order2 },
          scenarios: t.scenarios.map((s) => ({
            id: s.id,
            code: s.verdict,
            medianMs: s.verdictMs,
            signedOut: s.signedOut,
            signedOutMs: s.signedOutMedianMs,
            signedIn: s.signedIn,
            signedInMs: s.signedInMedianMs,
            order2SignedOutMs: s.order2SignedOutMs,
            order2SignedInMs: s.order2SignedInMs,
          })),
        };
    }
    if (existsSync(nextTimingsFile)) {
      const t = JSON.parse(readFileSync(nextTimingsFile, "utf8")) as NextTimings;
      if (t.scenarios.length > 0 && t.scenarios.every((s) => s.shown === s.expected)) {
        const sorted = t.scenarios.map((s) => s.verdictMs).sort((a, b) => a - b);
        const m = Math.floor(sorted.length / 2);
        sections.next = {
          ...measuredHere(),
          medianMs: sorted.length % 2 ? sorted[m]! : Math.round((sorted[m - 1]! + sorted[m]!) / 2),
          builds: t.builds,
          scenarios: t.scenarios.map((s) => ({
            id: s.id,
            code: s.expected,
            medianMs: s.verdictMs,
            startMs: s.serverStartMs,
          })),
        };
      }
    }
    recordNumbers(sections);
    console.info(
      "[e2e] numbers recorded in docs/numbers.json (docs/numbers.md, README.md, docs/demo.md)",
    );
  }
}
