/**
 * `npm run bench`: checkToken's median time with a warm JWKS cache next to bare
 * `jose.jwtVerify` on the same token and key, and the ratio between them (goal ≤ 1.5×).
 */
import { importJWK, jwtVerify } from "jose";
import { checkToken, createDocumentCache } from "../src/core/index.js";
import { measuredHere, recordNumbers } from "../scripts/numbers.js";
import {
  docsConfig,
  fakeFetch,
  jwksOf,
  makeKey,
  NOW,
  WORKOS_JWKS,
  workosToken,
} from "../test/support/tokens.js";

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 2000);
const WARMUP = 200;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

/**
 * Times `a` and `b` alternately, one call each per iteration, so both see the same machine load
 * (timing one block after the other let load drift decide the ratio).
 */
async function timePair(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
): Promise<[number[], number[]]> {
  for (let i = 0; i < WARMUP; i++) {
    await a();
    await b();
  }
  const sa: number[] = [];
  const sb: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const first = i % 2 === 0;
    for (const [fn, out] of first
      ? ([
          [a, sa],
          [b, sb],
        ] as const)
      : ([
          [b, sb],
          [a, sa],
        ] as const)) {
      const t0 = performance.now();
      await fn();
      out.push(performance.now() - t0);
    }
  }
  return [sa.sort((x, y) => x - y), sb.sort((x, y) => x - y)];
}

const median = (s: number[]) => s[Math.floor(s.length / 2)]!;
const p95 = (s: number[]) => s[Math.floor(s.length * 0.95)]!;
const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;

const key = await makeKey("key_bench");
const token = await workosToken(key);
const fetch = fakeFetch({ [WORKOS_JWKS()]: { body: jwksOf(key) } });
const cache = createDocumentCache();
const providers = docsConfig();
const publicKey = await importJWK(key.publicJwk, "RS256");

const first = await checkToken(token, providers, { now: NOW, fetch, cache });
if (first.verdict !== "accepted") throw new Error(`bench token not accepted: ${first.code}`);

console.log(
  `checkToken vs jose.jwtVerify, RS256 WorkOS-shaped token, ${ROUNDS} rounds × ${ITERATIONS} alternating iterations (after ${WARMUP} warm-up)`,
);
const ratios: number[] = [];
let jose: number[] = [];
let ours: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  [jose, ours] = await timePair(
    () => jwtVerify(token, publicKey, { currentDate: new Date(NOW) }),
    () => checkToken(token, providers, { now: NOW, fetch, cache }),
  );
  ratios.push(median(ours) / median(jose));
  console.log(
    `  round ${round + 1}: jose.jwtVerify median ${us(median(jose))}, checkToken median ${us(median(ours))}, ratio ${(median(ours) / median(jose)).toFixed(2)}×`,
  );
}
const malformed: number[] = [];
for (let i = 0; i < ITERATIONS; i++) {
  const t0 = performance.now();
  await checkToken("not.a.jwt", providers, { now: NOW, fetch, cache });
  malformed.push(performance.now() - t0);
}
malformed.sort((a, b) => a - b);
ratios.sort((a, b) => a - b);

console.log("");
console.log(
  `jose.jwtVerify           median ${us(median(jose))}   p95 ${us(p95(jose))}   (last round)`,
);
console.log(
  `checkToken (warm cache)  median ${us(median(ours))}   p95 ${us(p95(ours))}   (last round)`,
);
console.log(`checkToken (malformed)   median ${us(median(malformed))}   p95 ${us(p95(malformed))}`);
console.log(
  `ratio checkToken / jwtVerify, median of ${ROUNDS} rounds: ${median(ratios).toFixed(2)}× (range ${ratios[0]!.toFixed(2)}–${ratios.at(-1)!.toFixed(2)}×; goal ≤ 1.5×)`,
);
console.log(`JWKS fetches during the whole run: ${fetch.calls.length}`);

recordNumbers({
  checkToken: {
    ...measuredHere(),
    ratio: median(ratios),
    ratioMin: ratios[0]!,
    ratioMax: ratios.at(-1)!,
    rounds: ROUNDS,
    iterations: ITERATIONS,
    checkTokenUs: median(ours) * 1000,
    joseUs: median(jose) * 1000,
    malformedUs: median(malformed) * 1000,
  },
});
console.log("written to docs/numbers.json (and the docs that quote it)");
