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

interface Timings {
  repeat: number;
  medianMs: number | null;
  scenarios: Array<{ id: string; expected: string; shown: string | null; medianMs: number | null }>;
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
      if (
        t.medianMs !== null &&
        t.scenarios.every((s) => s.medianMs !== null && s.shown === s.expected)
      )
        sections.verdict = {
          ...measuredHere(),
          medianMs: t.medianMs,
          repeat: t.repeat,
          scenarios: t.scenarios.map((s) => ({ id: s.id, code: s.expected, medianMs: s.medianMs })),
        };
    }
    recordNumbers(sections);
    console.info(
      "[e2e] numbers recorded in docs/numbers.json (docs/numbers.md, README.md, docs/demo.md)",
    );
  }
}
