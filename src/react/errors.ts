/** How the hooks turn a caught value into text: errors thrown by adapters and clients are not always `Error`s. */

/** The message of an `Error`, or the value as text. */
export const describeError = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The `name` of an `Error` (`"Error"` when blank), or the value's `typeof`. */
export const errorName = (e: unknown): string =>
  e instanceof Error ? e.name || "Error" : typeof e;
