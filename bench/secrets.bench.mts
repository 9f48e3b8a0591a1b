/**
 * `npm run bench:secrets`: the one secret detector on hostile sizes and on random strings.
 *
 * 1. `redactSecrets` (with known secrets) on 1 MiB and 8 MiB of each shape that once overflowed
 *    the stack or looked quadratic; the 8 MiB time should be about 8× the 1 MiB time (goal: at most
 *    12×, i.e. linear).
 * 2. How many random strings the opaque-token rule catches, by length and alphabet (the miss rates
 *    quoted in `isRandomLooking`'s documentation).
 */
import { isRandomLooking, redactSecrets } from "../src/core/secrets.js";
import {
  DEPLOYMENT_SECRETS,
  randomAlphanumeric,
  randomString,
  seededRandom,
} from "../test/support/smugglingCorpus.js";

const RUNS = Number(process.env.BENCH_ROUNDS ?? 3);
const MAX_RATIO = 12;
const MiB = 1024 * 1024;
const known = Object.values(DEPLOYMENT_SECRETS);

const shapes: Record<string, (size: number) => string> = {
  "JWT-shaped run": (n) => `eyJ${"A".repeat(n / 2)}.${"B".repeat(n / 2)}.sig`,
  "API-key-shaped run": (n) => `sk_test_${"a".repeat(n)}`,
  "dots (eyJhbGc.…)": (n) => "eyJhbGc.".repeat(n / 8),
  "ID-prefix-shaped run (a_a_…)": (n) => "a_".repeat(n / 2),
  "zero-width spaces (ab\u200b…)": (n) => "ab\u200b".repeat(n / 3),
  "many short tokens": (n) => "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln ".repeat(n / 42),
};

function medianMs(text: string): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    redactSecrets(text, known);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

console.log(`redactSecrets with known secrets, median of ${RUNS} runs`);
let allLinear = true;
for (const [name, make] of Object.entries(shapes)) {
  const small = medianMs(make(MiB));
  const large = medianMs(make(8 * MiB));
  const ratio = large / Math.max(small, 0.01);
  allLinear &&= ratio <= MAX_RATIO;
  console.log(
    `  ${name.padEnd(32)} 1 MiB ${small.toFixed(0).padStart(5)} ms   8 MiB ${large.toFixed(0).padStart(6)} ms   ×${ratio.toFixed(1)}`,
  );
}
console.log(`  linear (8 MiB ≤ ${MAX_RATIO}× 1 MiB): ${allLinear ? "met" : "NOT met"}`);

console.log("\nopaque-token rule on 100,000 random strings each (share caught)");
const random = seededRandom(2026);
const cases: [string, () => string][] = [
  ["alphanumeric, 20", () => randomAlphanumeric(random, 20)],
  ["alphanumeric, 24", () => randomAlphanumeric(random, 24)],
  ["alphanumeric, 32", () => randomAlphanumeric(random, 32)],
  ["base64url, 22 (16 bytes)", () => randomString(random, 22)],
  ["base64url, 32 (24 bytes)", () => randomString(random, 32)],
  ["base64url, 43 (32 bytes)", () => randomString(random, 43)],
  ["base64url, 86 (64 bytes)", () => randomString(random, 86)],
  ["hex, 40", () => randomString(random, 40, "0123456789abcdef")],
  ["hex, 64", () => randomString(random, 64, "0123456789abcdef")],
];
for (const [name, make] of cases) {
  let caught = 0;
  for (let i = 0; i < 100_000; i++) if (isRandomLooking(make())) caught++;
  console.log(`  ${name.padEnd(28)} ${((caught / 1000).toFixed(2) + "%").padStart(8)}`);
}
