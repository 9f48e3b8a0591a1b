/**
 * The numbers the docs quote (speed, bundle size, time to verdict, e2e duration) live in one
 * file, docs/numbers.json, written only by what measures them: `npm run bench` (checkToken,
 * diagnoseAuth, bundle size) and the e2e run (time to verdict, e2e duration). Each writer calls
 * `recordNumbers`, which also regenerates docs/numbers.md and the generated blocks of README.md
 * and docs/demo.md; test/core/numbers.test.ts fails when any of them differs from the JSON, so
 * no number can be edited by hand or drift. `npm run numbers` regenerates the docs from the JSON.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";

const REPO = fileURLToPath(new URL("..", import.meta.url));
export const NUMBERS_JSON = `${REPO}docs/numbers.json`;
export const NUMBERS_MD = `${REPO}docs/numbers.md`;

/** Where and when a section was measured. */
export interface Measured {
  /** ISO date (day) of the measurement. */
  measuredAt: string;
  /** E.g. `2 cores, Node v20.20.2`. */
  machine: string;
}

/** Every measured number. Each section is replaced whole by the writer that measures it. */
export interface Numbers {
  checkToken?: Measured & {
    ratio: number;
    ratioMin: number;
    ratioMax: number;
    rounds: number;
    iterations: number;
    checkTokenUs: number;
    joseUs: number;
    malformedUs: number;
  };
  diagnoseAuth?: Measured & { medianMs: number; p95Ms: number; calls: number };
  size?: Measured & {
    /** Bytes the example's production bundle grows by with the diagnostics' call sites. */
    residueBytes: number;
    /** Overlay markers found in the production bundle (0 = none of its code). */
    markers: number;
    devGzipKB: number;
    devWithCoreGzipKB: number;
    /** The Vite starter built from the README: bytes its production bundle grows by. */
    starterOverlayBytes?: number;
    starterHookBytes?: number;
    /** Overlay or engine markers found in those two bundles (0 = none of the code). */
    starterMarkers?: number;
  };
  verdict?: Measured & {
    medianMs: number;
    repeat: number;
    /** Order 2 (same tab, after the scenario before): how it was ordered and the ids in order. */
    order2?: { label: string; ids: string[] };
    scenarios: Array<{
      id: string;
      /** The scenario's own headline (its verdict). */
      code: string;
      /** ms until the verdict first appeared (order 1, median over the runs). */
      medianMs: number | null;
      /** The headline before sign-in and ms from page load until it first appeared. */
      signedOut?: string;
      signedOutMs?: number | null;
      /** The headline after sign-in and ms from the Sign in click until it first appeared. */
      signedIn?: string;
      signedInMs?: number | null;
      order2SignedOutMs?: number | null;
      order2SignedInMs?: number | null;
    }>;
  };
  /** The Next.js e2e (test/e2e/nextjs.test.ts): `next build` + `next start` of example-nextjs. */
  next?: Measured & {
    medianMs: number;
    /** Build times, ms: the package, the example with the overlay kept, the plain production build. */
    builds: Record<string, number>;
    scenarios: Array<{ id: string; code: string; medianMs: number; startMs: number }>;
  };
  e2e?: Measured & {
    durationS: number;
    files: number;
    tests: number;
    /** `E2E_REPEAT`: how many times each scenario ran. */
    repeat: number;
  };
}

/** When and where a measurement runs. */
export function measuredHere(): Measured {
  return {
    measuredAt: new Date().toISOString().slice(0, 10),
    machine: `${cpus().length} cores, Node ${process.version}`,
  };
}

export function readNumbers(path = NUMBERS_JSON): Numbers {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Numbers;
  } catch {
    return {};
  }
}

const when = (m: Measured) => `${m.measuredAt}, ${m.machine}`;
const fixed = (n: number, digits: number) => n.toFixed(digits);

/** The rows of the summary table: what, the number, what measures it, when. */
function rows(n: Numbers): string[][] {
  const out: string[][] = [];
  if (n.checkToken) {
    const c = n.checkToken;
    out.push([
      "`checkToken`, RS256, warm JWKS cache, vs bare `jose.jwtVerify`",
      `${fixed(c.ratio, 2)}× (median of ${c.rounds} rounds of ${c.iterations.toLocaleString("en-US")} alternating calls, range ${fixed(c.ratioMin, 2)}–${fixed(c.ratioMax, 2)}×; goal ≤ 1.5×): ${Math.round(c.checkTokenUs)} µs vs ${Math.round(c.joseUs)} µs`,
      "`npm run bench`",
      when(c),
    ]);
    out.push([
      "`checkToken` on a malformed token, median",
      `${fixed(c.malformedUs, 1)} µs`,
      "`npm run bench`",
      when(c),
    ]);
  }
  if (n.diagnoseAuth) {
    const d = n.diagnoseAuth;
    out.push([
      "`diagnoseAuth` in convex-test, median / p95",
      `${fixed(d.medianMs, 2)} ms / ${fixed(d.p95Ms, 2)} ms over ${d.calls.toLocaleString("en-US")} calls (goal ≤ 5 ms)`,
      "`npm run bench`",
      when(d),
    ]);
  }
  if (n.size) {
    const s = n.size;
    out.push([
      "Overlay + hook + logger in the example's **production** bundle",
      `${s.markers === 0 ? "0 B of their code (no overlay marker)" : `${s.markers} overlay marker(s) found`}; ${s.residueBytes} B of call-site residue (the app's own props and two one-line stubs)`,
      "`npm run bench`",
      when(s),
    ]);
    if (s.starterHookBytes !== undefined && s.starterOverlayBytes !== undefined)
      out.push([
        "The README followed in the Vite starter, **production** bundle: overlay usage / `useAuthDiagnostics()` usage",
        `${s.starterMarkers === 0 ? "0 B of diagnostics code in either (no overlay or engine marker)" : `${s.starterMarkers} marker(s) found`}; the bundle grows by ${s.starterOverlayBytes} B / ${s.starterHookBytes} B of call sites`,
        "`npm run bench`",
        when(s),
      ]);
    out.push([
      "Overlay + hook + logger, development build, gzip",
      `${fixed(s.devGzipKB, 1)} KB (goal ≤ 12 KB), ${fixed(s.devWithCoreGzipKB, 1)} KB with the core engine`,
      "`npm run bench`",
      when(s),
    ]);
  }
  if (n.verdict) {
    const v = n.verdict;
    out.push([
      "Scenario e2e in a real Chromium, time until the scenario's headline first appeared, median",
      `${v.medianMs} ms over ${v.scenarios.length} scenarios (${v.repeat} run${v.repeat === 1 ? "" : "s"} each)`,
      "`npm run test:e2e`",
      when(v),
    ]);
  }
  if (n.next) {
    const x = n.next;
    out.push([
      "Next.js e2e (`next build` + `next start`), page load → verdict, sign-in and navigation included, median",
      `${x.medianMs} ms over ${x.scenarios.length} scenarios`,
      "`npm run test:e2e`",
      when(x),
    ]);
  }
  if (n.e2e) {
    const e = n.e2e;
    out.push([
      "The whole e2e project",
      `${e.durationS} s (${e.files} files, ${e.tests} tests, each scenario ${e.repeat}×)`,
      "`npm run test:e2e`",
      when(e),
    ]);
  }
  return out;
}

function table(header: string[], body: string[][], align?: string[]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
  return [
    line(header),
    `| ${(align ?? header.map(() => "---")).join(" | ")} |`,
    ...body.map(line),
  ].join("\n");
}

/** The summary table (README's Performance section and the top of docs/numbers.md). */
export function summaryTable(n: Numbers): string {
  const r = rows(n);
  if (r.length === 0) return "_Nothing measured yet: run `npm run bench` and `npm run test:e2e`._";
  return table(["What", "Number", "Measured by", "When"], r);
}

/** The per-scenario timing table of the e2e run (docs/demo.md and docs/numbers.md). */
export function verdictTable(n: Numbers): string {
  const v = n.verdict;
  if (!v) return "_Not measured yet: run `npm run test:e2e`._";
  const code = (c: string | undefined) => (c ? `\`${c}\`` : "–");
  const ms = (x: number | null | undefined) => (x === null || x === undefined ? "–" : String(x));
  const runs = `${v.repeat} run${v.repeat === 1 ? "" : "s"}`;
  const lines = [
    `Measured ${when(v)}, ${runs} per scenario in order 1. "Signed out" counts from \`page.goto\`, "Signed in" from the click on **Sign in** (the redirect to the issuer and back included); "ms to verdict" is the one of the two that shows the scenario's own headline. Order 2 counts from the click on "Switch and restart", in the same tab after the scenario before.`,
    "",
    table(
      [
        "Scenario",
        "Headline (verdict)",
        "ms to verdict",
        "Signed out",
        "ms",
        "Signed in",
        "ms",
        "Order 2: signed out / signed in, ms",
      ],
      v.scenarios.map((s) => [
        code(s.id),
        code(s.code),
        ms(s.medianMs),
        code(s.signedOut),
        ms(s.signedOutMs),
        code(s.signedIn),
        ms(s.signedInMs),
        `${ms(s.order2SignedOutMs)} / ${ms(s.order2SignedInMs)}`,
      ]),
      ["---", "---", "---:", "---", "---:", "---", "---:", "---:"],
    ),
    "",
    `Median time to verdict over ${v.scenarios.length} scenarios: **${v.medianMs} ms**.${
      v.order2 ? ` Order 2 ran ${v.order2.label}: ${v.order2.ids.map(code).join(", ")}.` : ""
    }`,
  ];
  if (n.e2e)
    lines.push(
      "",
      `The whole e2e project (${n.e2e.files} files, ${n.e2e.tests} tests, each scenario ${n.e2e.repeat}× in order 1) took ${n.e2e.durationS} s (${when(n.e2e)}).`,
    );
  return lines.join("\n");
}

/** The Next.js e2e's per-scenario table (docs/demo.md and docs/numbers.md). */
export function nextTable(n: Numbers): string {
  const x = n.next;
  if (!x) return "_Not measured yet: run `npm run test:e2e`._";
  const builds = Object.entries(x.builds)
    .map(([k, v]) => `${k.replace(/Ms$/, "")} ${Math.round(v / 1000)} s`)
    .join(", ");
  return [
    `Measured ${when(x)}, one run of \`test/e2e/nextjs.test.ts\`, from \`page.goto\` (the AuthKit sign-in and the navigation the scenario makes included) to the overlay headlining the scenario's code; "start" is \`next start\` to its first HTTP answer:`,
    "",
    table(
      ["Scenario", "Headline code", "ms", "start ms"],
      x.scenarios.map((s) => [
        `\`${s.id}\``,
        `\`${s.code}\``,
        String(s.medianMs),
        String(s.startMs),
      ]),
      ["---", "---", "---:", "---:"],
    ),
    "",
    `Median **${x.medianMs} ms**. Builds: ${builds}.`,
  ].join("\n");
}

/** docs/numbers.md. */
export function numbersMarkdown(n: Numbers): string {
  return `# Measured numbers

<!-- Generated from docs/numbers.json by scripts/numbers.ts; \`npm run bench\` and the e2e run rewrite both. Do not edit. -->

Every number the docs quote, as last measured. \`npm run bench\` writes the speed and size rows,
\`npm run test:e2e\` (part of \`npm test\`) the browser rows; nothing here is typed by hand.

${summaryTable(n)}

## Time until each headline first appeared, per scenario

${verdictTable(n)}

## Next.js: time from page load to verdict, per scenario

${nextTable(n)}
`;
}

const BLOCKS = {
  readme: {
    file: `${REPO}README.md`,
    start: "<!-- numbers:summary:start -->",
    end: "<!-- numbers:summary:end -->",
    render: summaryTable,
  },
  demo: {
    file: `${REPO}docs/demo.md`,
    start: "<!-- numbers:verdict:start -->",
    end: "<!-- numbers:verdict:end -->",
    render: verdictTable,
  },
  next: {
    file: `${REPO}docs/demo.md`,
    start: "<!-- numbers:next:start -->",
    end: "<!-- numbers:next:end -->",
    render: nextTable,
  },
} as const;

/** The text between a block's markers, or `null` when the markers are missing. */
export function blockOf(text: string, start: string, end: string): string | null {
  const from = text.indexOf(start);
  const to = text.indexOf(end, from);
  if (from < 0 || to < 0) return null;
  return text.slice(from + start.length, to).replace(/^\n|\n$/g, "");
}

/** Each generated text and what it should be: the test compares them. */
export function generatedDocs(
  n: Numbers,
): Array<{ file: string; actual: string | null; expected: string }> {
  return [
    { file: NUMBERS_MD, actual: safeRead(NUMBERS_MD), expected: numbersMarkdown(n) },
    ...Object.values(BLOCKS).map((b) => ({
      file: b.file,
      actual: blockOf(safeRead(b.file) ?? "", b.start, b.end),
      expected: b.render(n),
    })),
  ];
}

function safeRead(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

/** Rewrites docs/numbers.md and the generated blocks from `n`. */
export function writeDocs(n: Numbers): void {
  writeFileSync(NUMBERS_MD, numbersMarkdown(n));
  for (const b of Object.values(BLOCKS)) {
    const text = readFileSync(b.file, "utf8");
    const from = text.indexOf(b.start);
    const to = text.indexOf(b.end, from);
    if (from < 0 || to < 0) throw new Error(`${b.file} lacks ${b.start} … ${b.end}`);
    writeFileSync(
      b.file,
      `${text.slice(0, from + b.start.length)}\n${b.render(n)}\n${text.slice(to)}`,
    );
  }
}

/** Replaces the given sections in docs/numbers.json and regenerates every doc that quotes them. */
export function recordNumbers(sections: Numbers): void {
  const n = { ...readNumbers(), ...sections };
  writeFileSync(NUMBERS_JSON, `${JSON.stringify(n, null, 2)}\n`);
  writeDocs(n);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeDocs(readNumbers());
  console.log("docs/numbers.md, README.md and docs/demo.md regenerated from docs/numbers.json");
}
