/**
 * `npm run demo` as a user runs it: it starts the issuer, the stand-in (running example/convex)
 * and the example app, prints the URL, and Ctrl-C (SIGINT to the terminal's process group)
 * stops all of it, leaving no port listening.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

let child: ChildProcess | null = null;
afterEach(() => {
  // Never leave the demo behind, whatever failed.
  if (child?.pid && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  child = null;
});

/** Resolves with true when something accepts connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function waitFor<T>(what: string, ms: number, poll: () => T | null): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      const value = poll();
      if (value !== null) {
        clearInterval(timer);
        resolve(value);
      } else if (Date.now() - started > ms) {
        clearInterval(timer);
        reject(new Error(`Timed out after ${ms} ms waiting for ${what}`));
      }
    }, 100);
  });
}

describe("npm run demo", () => {
  it("prints the app URL with all three servers up and stops every one of them on Ctrl-C", async () => {
    let output = "";
    // A process group of its own, like a terminal's foreground job: Ctrl-C signals all of it.
    child = spawn("npm", ["run", "--silent", "demo", "--", "--port", "0"], {
      cwd: root,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, FORCE_COLOR: "0" },
    });
    child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    const exited = new Promise<void>((resolve) => child!.once("exit", () => resolve()));

    const appUrl = await waitFor(
      "the app URL",
      45_000,
      () => /Open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1] ?? null,
    ).catch((e: Error) => {
      throw new Error(`${e.message}; demo output:\n${output}`);
    });
    const standinUrl = /Convex stand-in\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1]!;
    const issuerUrl = /WorkOS issuer \(local\)\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1]!;
    const ports = [appUrl, standinUrl, issuerUrl].map((u) => Number(new URL(u).port));

    // The app is served, and the stand-in runs the example's own diagnoseAuth.
    expect(await (await fetch(appUrl)).text()).toContain('<div id="root">');
    const report = (await (
      await fetch(`${standinUrl}/api/query`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ path: "authDiagnostics:diagnoseAuth", args: [{}], format: "json" }),
      })
    ).json()) as {
      status: string;
      value: { providers: unknown[]; env: { name: string; set: boolean }[] };
    };
    expect(report.status).toBe("success");
    expect(report.value.providers).toHaveLength(2);
    expect(report.value.env.find((e) => e.name === "WORKOS_CLIENT_ID")?.set).toBe(true);
    for (const port of ports) expect(await listening(port)).toBe(true);

    process.kill(-child.pid!, "SIGINT");
    // npm itself dies of the SIGINT at once (as in a terminal); the demo must then close its
    // servers and exit, leaving nothing of the process group behind.
    await exited;
    const groupAlive = () => {
      try {
        process.kill(-child!.pid!, 0);
        return true;
      } catch {
        return false;
      }
    };
    await waitFor("the demo's processes to exit", 15_000, () => (groupAlive() ? null : true)).catch(
      (e: Error) => {
        throw new Error(`${e.message}; demo output:\n${output}`);
      },
    );
    expect(output).toContain("Stopping");
    for (const port of ports)
      expect(await listening(port), `port ${port} still listening`).toBe(false);
  }, 90_000);
});
