/**
 * Reads the project's files without trusting them to be ordinary: only regular files (a symlink
 * to one is fine) no larger than a cap. A FIFO would block the doctor forever, a link to
 * `/dev/zero` would read until memory runs out, and a huge file would be silently cut; each
 * becomes a refusal that says which file and why.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";

/** Local env files (`.env.local`, `--deployment-env`, `convex env list` output). */
export const ENV_FILE_MAX_BYTES = 1024 * 1024;
/** Source and JSON files (`auth.config.ts` and what it imports, `package.json`, functions). */
export const SOURCE_FILE_MAX_BYTES = 4 * 1024 * 1024;

/** The outcome of {@link readRegularFile}; `reason` completes "`file` …" and never holds content. */
export type FileRead = { ok: true; text: string } | { ok: false; missing: boolean; reason: string };

/** A byte count the way people read it: `600 MB`, `1 MiB`-style caps print as `1 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}

function kindOf(s: Stats): string {
  if (s.isDirectory()) return "a directory";
  if (s.isFIFO()) return "a FIFO (named pipe)";
  if (s.isCharacterDevice()) return "a character device";
  if (s.isBlockDevice()) return "a block device";
  if (s.isSocket()) return "a socket";
  return "not a regular file";
}

function refusal(s: Stats, maxBytes: number): string | null {
  if (!s.isFile()) {
    const kind = kindOf(s);
    return kind === "not a regular file"
      ? "is not a regular file"
      : `is ${kind}, not a regular file`;
  }
  if (s.size > maxBytes)
    return `is ${formatBytes(s.size)}, more than the ${formatBytes(maxBytes)} the doctor reads`;
  return null;
}

function errorReason(e: unknown): { missing: boolean; reason: string } {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === "ENOENT" || code === "ENOTDIR") return { missing: true, reason: "does not exist" };
  if (code === "EACCES" || code === "EPERM")
    return { missing: false, reason: "cannot be read (permission denied)" };
  if (code === "ELOOP") return { missing: false, reason: "is a symlink loop" };
  return {
    missing: false,
    reason: `cannot be read (${typeof code === "string" ? code : "unknown error"})`,
  };
}

// O_NONBLOCK makes opening a FIFO that appeared after the stat return at once instead of waiting
// for a writer; it does not change how a regular file reads. Windows has no such flag.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Reads a UTF-8 file if it is a regular file of at most `maxBytes` bytes.
 * @example readRegularFile("/app/.env.local", ENV_FILE_MAX_BYTES) // { ok: true, text: "A=1\n" }
 */
export function readRegularFile(path: string, maxBytes: number): FileRead {
  let fd: number;
  try {
    // Checking before opening keeps devices and FIFOs from being opened at all.
    const before = refusal(statSync(path), maxBytes);
    if (before) return { ok: false, missing: false, reason: before };
    fd = openSync(path, OPEN_FLAGS);
  } catch (e) {
    return { ok: false, ...errorReason(e) };
  }
  try {
    // The path may have been swapped between the stat and the open; judge what was opened.
    const opened = fstatSync(fd);
    const after = refusal(opened, maxBytes);
    if (after) return { ok: false, missing: false, reason: after };
    // Room for one byte more than the file's size tells a file that grew since the fstat.
    let buffer = Buffer.alloc(Math.min(opened.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes)
          return {
            ok: false,
            missing: false,
            reason: `is more than the ${formatBytes(maxBytes)} the doctor reads`,
          };
        const grown = Buffer.alloc(maxBytes + 1);
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return { ok: true, text: buffer.toString("utf8", 0, length) };
  } catch (e) {
    return { ok: false, ...errorReason(e) };
  } finally {
    closeSync(fd);
  }
}
