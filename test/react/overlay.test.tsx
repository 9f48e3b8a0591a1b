// @vitest-environment jsdom
import { cleanup, fireEvent, render, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { AuthDiagnosticsOverlay, OVERLAY_STORAGE_KEY } from "../../src/react/overlay.js";
import { makeKey, olderDocsConfig, workosToken, type TestKey } from "../support/tokens.js";
import { api, serverReport, setup, type Setup } from "./harness.js";

let key: TestKey;
beforeAll(async () => {
  key = await makeKey("key_A");
});
let current: Setup | null = null;
afterEach(async () => {
  cleanup();
  await current?.close();
  current = null;
  localStorage.clear();
  vi.unstubAllEnvs();
  vi.resetModules();
});

const nowS = () => Math.floor(Date.now() / 1000);

async function rejectedSetup() {
  const token = await workosToken(key, { iat: nowS() - 30, exp: nowS() + 300 });
  const s = setup({
    authKit: { user: { id: "user_01JTESTUSER0000000000000" }, token },
    authenticate: () => ({ ok: false, error: "No auth provider found matching the given token" }),
    report: () => serverReport({ providers: olderDocsConfig() }),
  });
  current = s;
  return { s, token };
}

function shadow(container: HTMLElement) {
  const host = container.querySelector("[data-convex-auth-diagnostics]") as HTMLElement;
  expect(host).not.toBeNull();
  return { host, root: host.shadowRoot! };
}

describe("AuthDiagnosticsOverlay", () => {
  it("renders the headline, findings and evidence inside a shadow root", async () => {
    const { s } = await rejectedSetup();
    const { container } = render(
      <s.Providers>
        <AuthDiagnosticsOverlay
          api={api}
          authKit={s.authKit.adapter}
          logger={s.logger}
          probe={false}
          initialIsOpen
        />
      </s.Providers>,
    );
    const { host, root } = shadow(container);
    expect(root).toBeTruthy();
    await waitFor(
      () => expect(root.querySelector('[data-finding="AUDIENCE_MISSING"]')).not.toBeNull(),
      { timeout: 5000 },
    );
    expect(host.getAttribute("data-code")).not.toBe("PENDING");
    expect(root.querySelector("[data-headline]")!.getAttribute("data-headline")).toBe(
      host.getAttribute("data-code"),
    );
    // Evidence: the server's captured text and the provider comparison are shown.
    await waitFor(() =>
      expect(root.textContent).toContain("No auth provider found matching the given token"),
    );
    expect(root.textContent).toContain("token has no aud");
    // Styles live in the shadow root only, with prefixed class names.
    expect(root.querySelector("style")!.textContent).toContain(".cad-root");
    expect(document.head.querySelectorAll("style")).toHaveLength(0);
  });

  it("copies a redacted Markdown report that does not contain the token", async () => {
    const { s, token } = await rejectedSetup();
    const writeText = vi.fn(async (_: string) => {});
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    const { container } = render(
      <s.Providers>
        <AuthDiagnosticsOverlay
          api={api}
          authKit={s.authKit.adapter}
          logger={s.logger}
          probe={false}
          initialIsOpen
        />
      </s.Providers>,
    );
    const { root } = shadow(container);
    await waitFor(
      () => expect(root.querySelector('[data-finding="AUDIENCE_MISSING"]')).not.toBeNull(),
      { timeout: 5000 },
    );
    const copy = root.querySelector(
      'button[aria-label="Copy report as Markdown"]',
    ) as HTMLButtonElement;
    fireEvent.click(copy);
    await waitFor(() => expect(writeText).toHaveBeenCalled());
    expect(writeText).toHaveBeenCalledTimes(1);
    const md = writeText.mock.calls[0]![0];
    expect(md).toContain("AUDIENCE_MISSING");
    expect(md).toContain("user_01JTESTUSER0000000000000");
    expect(md).not.toContain(token);
    expect(md).not.toContain(token.split(".")[2]!);
    await waitFor(() => expect(copy.textContent).toBe("Copied"));
  });

  it("opens and closes with the keyboard, closes on Escape and returns focus to the toggle", async () => {
    const s = setup({ authKit: { user: null }, report: () => serverReport({}) });
    current = s;
    const { container } = render(
      <s.Providers>
        <AuthDiagnosticsOverlay api={api} authKit={s.authKit.adapter} logger={s.logger} />
      </s.Providers>,
    );
    const { host, root } = shadow(container);
    await waitFor(() => expect(root.querySelector("button.cad-toggle")).not.toBeNull());
    const toggle = root.querySelector("button.cad-toggle") as HTMLButtonElement;
    expect(toggle.getAttribute("type")).toBe("button");
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(toggle.getAttribute("aria-label")).toMatch(/Show Convex auth diagnostics/);
    toggle.focus();
    fireEvent.click(toggle); // Enter/Space on a <button> fire click
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(root.querySelector('[role="dialog"]')).not.toBeNull();
    expect(JSON.parse(localStorage.getItem(OVERLAY_STORAGE_KEY)!)).toEqual({ open: true });
    const close = root.querySelector(
      'button[aria-label="Close auth diagnostics"]',
    ) as HTMLButtonElement;
    close.focus();
    fireEvent.keyDown(close, { key: "Escape" });
    expect(root.querySelector('[role="dialog"]')).toBeNull();
    expect(host.getAttribute("data-open")).toBe("false");
    await waitFor(() => expect(root.activeElement).toBe(toggle));
    expect(JSON.parse(localStorage.getItem(OVERLAY_STORAGE_KEY)!)).toEqual({ open: false });
  });

  it("restores the persisted open state and applies position, theme and nonce", async () => {
    localStorage.setItem(OVERLAY_STORAGE_KEY, JSON.stringify({ open: true }));
    const s = setup({ authKit: { user: null }, report: () => serverReport({}) });
    current = s;
    const { container } = render(
      <s.Providers>
        <AuthDiagnosticsOverlay
          api={api}
          authKit={s.authKit.adapter}
          logger={s.logger}
          position="top-left"
          theme="dark"
          nonce="abc123"
        />
      </s.Providers>,
    );
    const { root } = shadow(container);
    await waitFor(() => expect(root.querySelector('[role="dialog"]')).not.toBeNull());
    const wrapper = root.querySelector(".cad-root")!;
    expect(wrapper.classList.contains("cad-top-left")).toBe(true);
    expect(wrapper.classList.contains("cad-dark")).toBe(true);
    expect(root.querySelector("style")!.getAttribute("nonce")).toBe("abc123");
    expect(root.querySelector("style")!.textContent).toContain("prefers-reduced-motion");
  });

  it("renders nothing from the default entry when NODE_ENV is production", async () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.resetModules();
    const entry = await import("../../src/react/index.js");
    const s = setup({ authKit: { user: null }, report: () => serverReport({}) });
    current = s;
    const { container } = render(
      <s.Providers>
        <entry.AuthDiagnosticsOverlay api={api} authKit={s.authKit.adapter} />
      </s.Providers>,
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(container.innerHTML).toBe("");
    expect(entry.createAuthDiagnosticsLogger()).toBeUndefined();
  });

  it("renders the overlay from the default entry in development and always from /production", async () => {
    vi.stubEnv("NODE_ENV", "development");
    vi.resetModules();
    const dev = await import("../../src/react/index.js");
    vi.stubEnv("NODE_ENV", "production");
    vi.resetModules();
    const prod = await import("../../src/react/production.js");
    const s = setup({ authKit: { user: null }, report: () => serverReport({}) });
    current = s;
    const { container } = render(
      <s.Providers>
        <dev.AuthDiagnosticsOverlay api={api} authKit={s.authKit.adapter} />
        <prod.AuthDiagnosticsOverlay api={api} authKit={s.authKit.adapter} />
      </s.Providers>,
    );
    expect(container.querySelectorAll("[data-convex-auth-diagnostics]")).toHaveLength(2);
    expect(typeof dev.createAuthDiagnosticsLogger({ console: null })?.getSnapshot).toBe("function");
  });
});
