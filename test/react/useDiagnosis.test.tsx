// @vitest-environment jsdom
import { cleanup, renderHook, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { diagnose } from "../../src/core/diagnose.js";
import type { DiagnoseInput } from "../../src/core/types.js";
import { diagnosisContentKey, useDiagnosis } from "../../src/react/useDiagnosis.js";

afterEach(cleanup);

const signedOut: DiagnoseInput = { authKit: { isLoading: false, userId: null } };
const loading: DiagnoseInput = { authKit: { isLoading: true, userId: null } };

type Props = { input: DiagnoseInput; inputKey: string; enabled?: boolean };
function renderDiagnosis(initial: Props) {
  return renderHook(
    ({ input, inputKey, enabled = true }: Props) => useDiagnosis(input, inputKey, enabled, null),
    { initialProps: initial },
  );
}

describe("diagnosisContentKey", () => {
  it("ignores what changes by the clock alone", async () => {
    const a = await diagnose(signedOut);
    const later = {
      ...a,
      generatedAt: a.generatedAt + 5000,
      token: { header: null, claims: {}, expiresInSeconds: 1 },
    };
    const sooner = { ...later, token: { ...later.token, expiresInSeconds: 99 } };
    expect(diagnosisContentKey(later)).toBe(diagnosisContentKey(sooner));
    expect(diagnosisContentKey(a)).not.toBe(diagnosisContentKey(await diagnose(loading)));
  });
});

describe("useDiagnosis", () => {
  it("is null until the first diagnosis, then holds it", async () => {
    const { result } = renderDiagnosis({ input: signedOut, inputKey: "a" });
    expect(result.current).toBeNull();
    await waitFor(() => expect(result.current?.headline.code).toBe("AUTHKIT_SIGNED_OUT"));
  });

  it("runs again when the input key changes, and keeps the object when the content is the same", async () => {
    const { result, rerender } = renderDiagnosis({ input: signedOut, inputKey: "a" });
    await waitFor(() => expect(result.current).not.toBeNull());
    const first = result.current;
    rerender({ input: { ...signedOut }, inputKey: "b" });
    await new Promise((r) => setTimeout(r, 20));
    expect(result.current).toBe(first);
    rerender({ input: loading, inputKey: "c" });
    await waitFor(() => expect(result.current?.headline.code).toBe("AUTHKIT_LOADING"));
  });

  it("does not run a new input while the key stays the same", async () => {
    const { result, rerender } = renderDiagnosis({ input: signedOut, inputKey: "a" });
    await waitFor(() => expect(result.current).not.toBeNull());
    rerender({ input: loading, inputKey: "a" });
    await new Promise((r) => setTimeout(r, 20));
    expect(result.current?.headline.code).toBe("AUTHKIT_SIGNED_OUT");
  });

  it("diagnoses nothing when not enabled", async () => {
    const { result } = renderDiagnosis({ input: signedOut, inputKey: "a", enabled: false });
    await new Promise((r) => setTimeout(r, 20));
    expect(result.current).toBeNull();
  });
});
