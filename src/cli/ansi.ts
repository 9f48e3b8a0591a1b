/**
 * Minimal ANSI color and spinner helpers (no dependency). Color follows the de-facto
 * conventions: `NO_COLOR` (any non-empty value) turns it off, `FORCE_COLOR` (non-empty, not
 * `0`/`false`) turns it on, otherwise it is on only when stdout is a terminal.
 */

/** Whether to color output, given the flag (`--color`/`--no-color`), the env and the TTY. */
export function shouldColor(
  flag: boolean | null,
  env: Record<string, string | undefined>,
  isTTY: boolean,
): boolean {
  if (flag !== null) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force.toLowerCase() !== "false";
  if (env.TERM === "dumb") return false;
  return isTTY;
}

/** Color functions; identity functions when color is off. */
export interface Palette {
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

function wrap(open: number, close: number): (s: string) => string {
  return (s) => `\u001b[${open}m${s}\u001b[${close}m`;
}

const PLAIN: Palette = {
  red: String,
  green: String,
  yellow: String,
  cyan: String,
  dim: String,
  bold: String,
};

/** A palette that colors when `enabled`, and returns text unchanged otherwise. */
export function palette(enabled: boolean): Palette {
  if (!enabled) return PLAIN;
  return {
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
    dim: wrap(2, 22),
    bold: wrap(1, 22),
  };
}

// ESC, then a CSI sequence such as `[31m` or `[2K`.
const ANSI_ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, "g");

/** Removes ANSI escape sequences (for tests and width computations). */
export function stripAnsi(s: string): string {
  return s.replace(ANSI_ESCAPE, "");
}

/** A writable the spinner draws on (stderr in the CLI). */
export interface SpinnerStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/** A running spinner; `stop()` erases it. A no-op object when the stream is not a terminal. */
export interface Spinner {
  update(text: string): void;
  stop(): void;
}

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/**
 * Starts a spinner on `stream` only when it is a TTY and `enabled`; otherwise returns a no-op,
 * so piped output and CI logs never contain spinner frames.
 */
export function startSpinner(stream: SpinnerStream, text: string, enabled: boolean): Spinner {
  if (!enabled || stream.isTTY !== true) return { update() {}, stop() {} };
  let frame = 0;
  let label = text;
  const draw = () => {
    stream.write(`\r\u001b[2K${FRAMES[frame % FRAMES.length]} ${label}`);
    frame++;
  };
  draw();
  const timer = setInterval(draw, 80);
  timer.unref?.();
  return {
    update(next) {
      label = next;
    },
    stop() {
      clearInterval(timer);
      stream.write("\r\u001b[2K");
    },
  };
}
