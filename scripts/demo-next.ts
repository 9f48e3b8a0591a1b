/**
 * `npm run demo:next`: the Next.js example (`example-nextjs/`, laid out like Convex's
 * Next.js + AuthKit starter) offline, in one command. Starts the local WorkOS issuer and the
 * Convex stand-in, builds this package (the example imports `dist/`), runs the example with
 * `next dev` (or `next build` + `next start` with `--production`), prints the URL and stops
 * everything on Ctrl-C.
 *
 *   npm run demo:next                                    # all good
 *   npm run demo:next -- --scenario cookie-password-too-short
 *   npm run demo:next -- --production                    # next build + next start, overlay kept
 *   npm run demo:next -- --list
 */
import { loadExampleBackend } from "../demo/backend.js";
import { exitQuietlyOnClosedPipe, stopOnSignal } from "../demo/lifecycle.js";
import { startConvexStandin } from "../demo/convexStandin.js";
import {
  appUrlFor,
  buildNextExample,
  buildPackage,
  freePort,
  startNextExample,
  type RunningNextApp,
} from "../demo/nextApp.js";
import {
  applyNextScenario,
  NEXT_SCENARIOS,
  nextScenarioById,
  nextServerEnv,
} from "../demo/nextScenarios.js";
import { scenarioListLines } from "../demo/scenarios.js";
import { startWorkosIssuer } from "../demo/workosIssuer.js";

interface Args {
  scenario: string;
  list: boolean;
  port: number;
  production: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { scenario: "all-good", list: false, port: 3000, production: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--list") args.list = true;
    else if (a === "--scenario") args.scenario = argv[++i] ?? "";
    else if (a === "--port") args.port = Number(argv[++i]);
    else if (a === "--production") args.production = true;
    else if (a === "--help" || a === "-h") {
      console.log(
        "Usage: npm run demo:next -- [--scenario <id>] [--port <app port>] [--production] [--list]",
      );
      process.exit(0);
    } else throw new Error(`Unknown argument "${a}". Try --help.`);
  }
  nextScenarioById(args.scenario);
  if (!Number.isInteger(args.port) || args.port <= 0 || args.port > 65535)
    throw new Error("--port must be a port number");
  return args;
}

async function main(): Promise<void> {
  exitQuietlyOnClosedPipe();
  const args = parseArgs(process.argv.slice(2));
  if (args.list) {
    for (const line of scenarioListLines(NEXT_SCENARIOS)) console.log(line);
    return;
  }
  const scenario = nextScenarioById(args.scenario);
  const { onStop, stopAll } = stopOnSignal();

  try {
    const issuer = await startWorkosIssuer();
    onStop(() => issuer.close());
    const loaded = await loadExampleBackend();
    onStop(() => loaded.close());
    const convex = await startConvexStandin({
      backend: loaded.backend,
      env: { WORKOS_CLIENT_ID: issuer.clientId },
      workos: issuer,
      port: await freePort(),
    });
    onStop(() => convex.close());
    await applyNextScenario(scenario, { issuer, convex });
    const appUrl = appUrlFor(args.port);
    console.log(`WorkOS issuer (local)   ${issuer.url}   client ID ${issuer.clientId}`);
    console.log(`Convex stand-in         ${convex.url}   (${loaded.backend.name})`);
    console.log(`Scenario                ${scenario.id}: ${scenario.description}`);
    console.log("Building the package (the example imports dist/)…");
    await buildPackage();
    const build = { convexUrl: convex.url, appUrl, diagnostics: true };
    if (args.production) {
      console.log("next build (overlay kept)…");
      await buildNextExample({ ...build, distDir: ".next-demo" });
    }
    const app: RunningNextApp = await startNextExample({
      mode: args.production ? "start" : "dev",
      port: args.port,
      env: nextServerEnv(scenario, { issuer, appUrl }),
      diagnostics: true,
      ...(args.production ? { distDir: ".next-demo" } : { build }),
      inheritOutput: true,
    });
    onStop(() => app.stop());
    console.log(`\n  Open ${app.url}${scenario.then ? `, sign in, then ${scenario.then}` : ""}\n`);
    console.log("Press Ctrl-C to stop.");
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    await stopAll(1);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
