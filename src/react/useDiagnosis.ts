"use client";
import { useEffect, useRef, useState } from "react";
import { diagnose } from "../core/diagnose.js";
import type { DiagnoseInput, Diagnosis, FetchLike } from "../core/types.js";

/** A diagnosis's content without what changes by the clock alone (generation time, seconds left). */
export function diagnosisContentKey(d: Diagnosis): string {
  return JSON.stringify({
    ...d,
    generatedAt: 0,
    token: d.token ? { ...d.token, expiresInSeconds: 0 } : null,
  });
}

/**
 * Runs `diagnose()` whenever the input's content (`inputKey`) changes and holds the latest
 * answer; a diagnosis equal in content to the one held is not published, so callers re-render
 * only on real change. Out-of-order answers are dropped. `null` until the first one arrives.
 */
export function useDiagnosis(
  input: DiagnoseInput,
  inputKey: string,
  enabled: boolean,
  jwksFetch: FetchLike | null,
): Diagnosis | null {
  const inputRef = useRef(input);
  inputRef.current = input;
  const [diagnosis, setDiagnosis] = useState<Diagnosis | null>(null);
  const heldKey = useRef<string | null>(null);
  const runSeq = useRef(0);
  useEffect(() => {
    if (!enabled) return;
    const seq = ++runSeq.current;
    void diagnose({ ...inputRef.current, clientTime: Date.now() }, { fetch: jwksFetch }).then(
      (d) => {
        if (seq !== runSeq.current) return;
        const key = diagnosisContentKey(d);
        if (key === heldKey.current) return;
        heldKey.current = key;
        setDiagnosis(d);
      },
      () => {
        // diagnose() does not reject; nothing to surface if it ever did.
      },
    );
  }, [inputKey, enabled, jwksFetch]);
  return diagnosis;
}
