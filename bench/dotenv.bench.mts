/**
 * `npm run bench:dotenv`: parseDotenv on a file with one unterminated quote near the top, the
 * case where the previous parser searched the rest of the file again on every line. Prints the
 * median of a few runs at 10,000 and 100,000 lines (goal: 100,000 lines under 1 s), and the
 * previous parser at 10,000 lines for comparison (at 100,000 it took about a minute).
 */
import { parseDotenv } from "../src/cli/dotenv.js";
import { parseDotenvReference } from "../test/cli/dotenvReference.js";

const RUNS = Number(process.env.BENCH_ROUNDS ?? 5);
const GOAL_MS = 1000;

// Short lines keep 100,000 of them under the 1 MiB the doctor reads from an env file.
const key = (i: number) => `K${i.toString(36)}`;
function file(lines: number): string {
  const out = ["FIRST=1", 'OPEN="this quote is never closed'];
  for (let i = 0; i < lines - 2; i++) out.push(`${key(i)}=${i % 10}`);
  return out.join("\n");
}

function medianMs(parse: (text: string) => unknown, text: string, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    parse(text);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const small = file(10_000);
const large = file(100_000);
const check = parseDotenv(large);
if (large.length > 1024 * 1024 || check.warnings.length !== 1 || check.vars[key(99_997)] !== "7")
  throw new Error("bench input did not parse as expected");

console.log(`parseDotenv, one unterminated quote at line 2, median of ${RUNS} runs`);
console.log(`  10,000 lines:  ${medianMs(parseDotenv, small, RUNS).toFixed(1)} ms`);
const ms = medianMs(parseDotenv, large, RUNS);
console.log(
  `  100,000 lines: ${ms.toFixed(1)} ms (goal < ${GOAL_MS} ms: ${ms < GOAL_MS ? "met" : "NOT met"})`,
);
console.log(
  `  previous parser, 10,000 lines: ${medianMs(parseDotenvReference, small, 1).toFixed(1)} ms (one run)`,
);
