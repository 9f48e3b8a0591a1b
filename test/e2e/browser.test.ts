import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, type LaunchedBrowser } from "./browser.js";

let launched: LaunchedBrowser;
let server: Server;
let url: string;

beforeAll(async () => {
  // The page computes its text with JavaScript, so reading it proves scripts run.
  server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(
      `<!doctype html><title>smoke</title><p id="out">static</p><script>document.getElementById("out").textContent = "rendered by " + ["java", "script"].join("");</script>`,
    );
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  launched = await launchBrowser();
  console.info(
    `[e2e] Chromium from ${launched.source}: resolve ${launched.resolveMs} ms, launch ${launched.launchMs} ms (${launched.browser.version()})`,
  );
}, 60_000);

afterAll(async () => {
  await launched?.browser.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
});

describe("real Chromium", () => {
  it("loads a page from a local server and reads text its script rendered", async () => {
    const page = await launched.browser.newPage();
    const t0 = performance.now();
    await page.goto(url);
    await expect.poll(() => page.textContent("#out")).toBe("rendered by javascript");
    console.info(`[e2e] page load to text: ${Math.round(performance.now() - t0)} ms`);
    await page.close();
  });
});
