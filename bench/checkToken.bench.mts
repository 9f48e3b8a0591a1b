/**
 * `npm run bench`: checkToken's median time with a warm JWKS cache next to bare
 * `jose.jwtVerify` on the same token and key, and the ratio between them (goal ≤ 1.5×).
 */
import { importJWK, jwtVerify } from "jose";
import { checkToken, createDocumentCache } from "../src/core/index.js";
import { docsConfig, fakeFetch, jwksOf, makeKey, NOW, WORKOS_JWKS, workosToken } from "../test/support/tokens.js";

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 2000);
const WARMUP = 200;

async function timeEach(label: string, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  process.stdout.write(`  measured ${label}\n`);
  return samples;
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

console.log(`checkToken vs jose.jwtVerify, RS256 WorkOS-shaped token, ${ITERATIONS} iterations each (after ${WARMUP} warm-up)`);
const jose = await timeEach("jose.jwtVerify", () => jwtVerify(token, publicKey, { currentDate: new Date(NOW) }));
const ours = await timeEach("checkToken (warm JWKS cache)", () => checkToken(token, providers, { now: NOW, fetch, cache }));
const malformed = await timeEach("checkToken (malformed token)", () => checkToken("not.a.jwt", providers, { now: NOW, fetch, cache }));

console.log("");
console.log(`jose.jwtVerify           median ${us(median(jose))}   p95 ${us(p95(jose))}`);
console.log(`checkToken (warm cache)  median ${us(median(ours))}   p95 ${us(p95(ours))}`);
console.log(`checkToken (malformed)   median ${us(median(malformed))}   p95 ${us(p95(malformed))}`);
console.log(`ratio checkToken / jwtVerify (median): ${(median(ours) / median(jose)).toFixed(2)}×  (goal ≤ 1.5×)`);
console.log(`JWKS fetches during the whole run: ${fetch.calls.length}`);
