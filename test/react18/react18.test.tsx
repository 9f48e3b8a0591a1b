// Proves the `react18` project really runs on React 18, with one React copy: the hook and
// overlay tests it re-runs (test/react/*.test.tsx) would otherwise prove nothing about 18.
import { cleanup, render, screen } from "@testing-library/react";
import { ConvexProvider, ConvexReactClient, useConvex } from "convex/react";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as React from "react";
import { useState } from "react";
import * as ReactDOM from "react-dom";
import { afterEach, describe, expect, it } from "vitest";
import { createFakeConvexServer } from "../support/fakeConvexServer.js";

/** What `import * as React from "react"` gives for the CJS package: its exports, maybe under `default`. */
const moduleExports = (ns: object): unknown =>
  "default" in ns ? (ns as { default: unknown }).default : ns;

afterEach(cleanup);

describe("the react18 project", () => {
  it("imports React 18 and react-dom 18", () => {
    expect(React.version).toMatch(/^18\./);
    expect(ReactDOM.version).toMatch(/^18\./);
    expect(ReactDOM.version).toBe(React.version);
  });

  it("has one React copy: the one react-dom 18 itself requires", () => {
    // Node's own resolution from the workspace that holds React 18, independent of the Vite aliases.
    const here = dirname(fileURLToPath(import.meta.url));
    const reactDomPath = createRequire(join(here, "deps/package.json")).resolve("react-dom");
    expect(reactDomPath).toContain(join("test", "react18", "deps", "node_modules", "react-dom"));
    const reactOfReactDom = createRequire(reactDomPath)("react");
    expect(reactOfReactDom).toBe(moduleExports(React));
    // React 19 is installed at the root (what this file would get without the aliases); it is not the one in use.
    const rootReact = createRequire(join(here, "../../package.json"))("react") as {
      version: string;
    };
    expect(rootReact.version).toMatch(/^19\./);
    expect(reactOfReactDom).not.toBe(rootReact);
  });

  it("renders through @testing-library/react with react-dom 18's renderer", () => {
    // react-dom 19 hoists a <title> rendered anywhere into document.head; react-dom 18 leaves
    // it where it was rendered. This is the renderer's behavior, not the version string.
    function Page() {
      const [n] = useState(1);
      return (
        <div>
          <title>react18 title</title>
          <p>count {n}</p>
        </div>
      );
    }
    const { container } = render(<Page />);
    expect(screen.getByText("count 1")).toBeTruthy();
    expect(container.querySelector("div > title")?.textContent).toBe("react18 title");
    expect(document.head.querySelector("title")).toBeNull();
  });

  it("shares that React with convex/react (its context and hooks work under react-dom 18)", async () => {
    const server = createFakeConvexServer({});
    const client = new ConvexReactClient(server.url, {
      webSocketConstructor: server.WebSocket,
      unsavedChangesWarning: false,
    });
    let seen: unknown = null;
    function Probe() {
      seen = useConvex();
      return <p>convex ok</p>;
    }
    try {
      render(
        <ConvexProvider client={client}>
          <Probe />
        </ConvexProvider>,
      );
      expect(screen.getByText("convex ok")).toBeTruthy();
      expect(seen).toBe(client);
    } finally {
      await client.close();
    }
  });
});
