/**
 * The demo scripts' shutdown: what was started is stopped newest first, once, on Ctrl-C,
 * SIGTERM or a failed start.
 */
export interface Lifecycle {
  /** Registers how to stop something just started. */
  onStop(stop: () => Promise<void>): void;
  /** Stops everything registered, newest first, then exits with `code`. Runs once. */
  stopAll(code: number): Promise<void>;
}

/** A lifecycle whose `stopAll(0)` runs on SIGINT and SIGTERM. */
export function stopOnSignal(log: (line: string) => void = console.log): Lifecycle {
  const stops: (() => Promise<void>)[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log("\nStopping…");
    // Newest first: the app, then the stand-in, then the issuer.
    for (const stop of stops.reverse()) await stop().catch((e: unknown) => console.error(e));
    process.exit(code);
  };
  process.on("SIGINT", () => void stopAll(0));
  process.on("SIGTERM", () => void stopAll(0));
  return { onStop: (stop) => void stops.push(stop), stopAll };
}

/** `--list | head` closes the pipe early: end quietly instead of throwing EPIPE. */
export function exitQuietlyOnClosedPipe(): void {
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
}
