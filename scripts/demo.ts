/**
 * `npm run demo`: the whole product offline, in one command. Starts the local WorkOS issuer,
 * the Convex stand-in running `example/convex`, and the example app's Vite dev server, prints
 * the URL and stops everything on Ctrl-C.
 *
 *   npm run demo                         # all good
 *   npm run demo -- --scenario unknown-kid
 *   npm run demo -- --list
 */
import { fileURLToPath } from "node:url";
import { loadExampleBackend } from "../demo/backend.js";
import { exitQuietlyOnClosedPipe, stopOnSignal } from "../demo/lifecycle.js";
import { startConvexStandin, type ConvexStandin } from "../demo/convexStandin.js";
import {
  createScenarioControl,
  scenarioListLines,
  SCENARIOS,
  type ScenarioControl,
} from "../demo/scenarios.js";
import { startWorkosIssuer, type LocalWorkosIssuer } from "../demo/workosIssuer.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const exampleRoot = `${root}example`;

interface Args {
  scenario: string;
  list: boolean;
  appPort: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { scenario: "all-good", list: false, appPort: 5173 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--list") args.list = true;
    else if (a === "--scenario") args.scenario = argv[++i] ?? "";
    else if (a === "--port") args.appPort = Number(argv[++i]);
    else if (a === "--help" || a === "-h") {
      console.log("Usage: npm run demo -- [--scenario <id>] [--port <app port>] [--list]");
      process.exit(0);
    } else throw new Error(`Unknown argument "${a}". Try --help.`);
  }
  if (!SCENARIOS.some((s) => s.id === args.scenario)) {
    throw new Error(
      `Unknown scenario "${args.scenario}". Known: ${SCENARIOS.map((s) => s.id).join(", ")}`,
    );
  }
  if (!Number.isInteger(args.appPort) || args.appPort < 0 || args.appPort > 65535)
    throw new Error("--port must be a port number");
  return args;
}

async function main(): Promise<void> {
  exitQuietlyOnClosedPipe();
  const args = parseArgs(process.argv.slice(2));
  if (args.list) {
    for (const line of scenarioListLines()) console.log(line);
    return;
  }

  const { onStop, stopAll } = stopOnSignal();

  try {
    const issuer: LocalWorkosIssuer = await startWorkosIssuer();
    onStop(() => issuer.close());
    // example/convex uses import.meta.glob and imports this package by name: load it through Vite.
    const loaded = await loadExampleBackend();
    onStop(() => loaded.close());
    let control: ScenarioControl | null = null;
    const convex: ConvexStandin = await startConvexStandin({
      backend: loaded.backend,
      env: { WORKOS_CLIENT_ID: issuer.clientId },
      workos: issuer,
      control: async (m, p, b) => (control ? control.handle(m, p, b) : null),
    });
    onStop(() => convex.close());
    control = await createScenarioControl({ issuer, convex }, args.scenario);

    console.log(`WorkOS issuer (local)   ${issuer.url}   client ID ${issuer.clientId}`);
    console.log(`Convex stand-in         ${convex.url}   (${loaded.backend.name})`);
    console.log(`Scenario                ${control.current.id}: ${control.current.title}`);
    console.log(
      `Switch scenarios        the picker in the app, or POST ${convex.url}/_demo/scenario {"id": "…"}`,
    );

    // The example reads these like a real project reads .env.local.
    Object.assign(process.env, {
      VITE_CONVEX_URL: convex.url,
      VITE_WORKOS_CLIENT_ID: issuer.clientId,
      VITE_WORKOS_API_HOSTNAME: issuer.hostname,
      VITE_WORKOS_PORT: String(issuer.port),
      VITE_WORKOS_HTTPS: "false",
      VITE_DEMO_CONTROL_URL: `${convex.url}/_demo/scenario`,
    });
    const { createServer } = await import("vite");
    const vite = await createServer({
      root: exampleRoot,
      configFile: `${exampleRoot}/vite.config.ts`,
      server: { host: "127.0.0.1", port: args.appPort, strictPort: false },
      clearScreen: false,
      logLevel: "warn",
      // The overlay is development-only; a shell with NODE_ENV=production must not hide it.
      define: { "process.env.NODE_ENV": JSON.stringify("development") },
    });
    await vite.listen();
    onStop(() => vite.close());
    const url = vite.resolvedUrls?.local[0] ?? `http://127.0.0.1:${args.appPort}/`;
    // "Switch and restart" comes back here, even from localhost after a redirect went there.
    control.appOrigin = url;
    console.log(`\n  Open ${url}\n`);
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
