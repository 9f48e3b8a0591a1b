/** How the hooks turn a caught value into text: errors thrown by adapters and clients are not always `Error`s. */

/** The message of an `Error`, or the value as text. */
export const describeError = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * What a failed `getAccessToken()` tells about itself: AuthKit's `RefreshError` carries
 * `isTransient` and `status` (a lock timeout is transient too); a `TypeError` from `fetch` is a
 * network failure, which may also pass. Read by property, since class identity does not survive
 * bundling.
 */
export function tokenFailureOf(e: unknown): {
  errorName: string;
  errorMessage: string;
  transient: boolean | null;
  status: number | null;
} {
  const fields = (typeof e === "object" && e !== null ? e : {}) as {
    isTransient?: unknown;
    status?: unknown;
  };
  const name = errorName(e);
  const transient =
    typeof fields.isTransient === "boolean"
      ? fields.isTransient
      : name === "TypeError"
        ? true
        : null;
  return {
    errorName: name,
    errorMessage: describeError(e),
    transient,
    status: typeof fields.status === "number" ? fields.status : null,
  };
}

/** The `name` of an `Error` (`"Error"` when blank), or the value's `typeof`. */
export const errorName = (e: unknown): string =>
  e instanceof Error ? e.name || "Error" : typeof e;
