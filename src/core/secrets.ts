/**
 * One secret detector and one redactor for every surface: the Markdown / text / JSON reports,
 * the overlay, the doctor's output and the component's stored reports all call these, so a value
 * one of them hides is hidden by all of them.
 *
 * What counts as a secret:
 * - a JWT: a compact JWS (`header.payload.signature`, or a cut-off `header.payload`) whose header
 *   is base64url JSON (`eyJ…`), or three long base64url runs joined by dots (a re-encoded token);
 * - a WorkOS API key: `sk_test_…` / `sk_live_…`, in any letter case;
 * - an opaque token: a random-looking run of at least 20 base64url characters (a signature on its
 *   own, a refresh token, a key, a cookie password), or of at least 40 hex-like characters; see
 *   {@link isRandomLooking} for the exact rule and why IDs like `user_01J…` are not matched;
 * - a value the caller knows is secret (e.g. the deployment's `WORKOS_COOKIE_PASSWORD`).
 *
 * Invisible characters (zero-width spaces, joiners, soft hyphens, bidi marks, control characters)
 * are ignored inside a token, so a token split by them is still found, and redacted whole.
 *
 * Everything here is linear in the input: character-class scans only, no backtracking patterns,
 * no recursion over text or over nested values.
 */

/** Auth env vars that are secrets: their values are never shown, only whether they are set. */
export const SECRET_ENV_VARS = [
  "WORKOS_API_KEY",
  "WORKOS_COOKIE_PASSWORD",
  "WORKOS_WEBHOOK_SECRET",
] as const;

/** Auth env vars whose values are public and may be shown. */
export const PUBLIC_ENV_VARS = ["WORKOS_CLIENT_ID"] as const;

const SECRET_NAME = /KEY|SECRET|PASSWORD|TOKEN|PRIVATE|CREDENTIAL|COOKIE|SALT|SIGNATURE/i;

/**
 * Whether a variable or claim name holds a secret value (`WORKOS_API_KEY`, `refresh_token`, …).
 * @example isSecretName("WORKOS_COOKIE_PASSWORD") // true
 */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** What kind of secret a string holds. */
export type SecretKind = "jwt" | "api-key" | "opaque-token" | "known-secret";

/**
 * Characters that render as nothing: Unicode's default-ignorable code points (zero-width space
 * and joiners, word joiner, soft hyphen, BOM, bidi controls, variation selectors, Hangul fillers,
 * tag characters; test/core/secrets.test.ts checks this table against `\p{DI}`) and the C0/C1
 * controls other than tab, line feed and carriage return.
 */
const INVISIBLE_RANGES: readonly (readonly [number, number])[] = [
  [0x00, 0x08],
  [0x0b, 0x0c],
  [0x0e, 0x1f],
  [0x7f, 0x9f],
  [0xad, 0xad],
  [0x34f, 0x34f],
  [0x61c, 0x61c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x206f],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
  [0xfff0, 0xfff8],
  [0x1bca0, 0x1bca3],
  [0x1d173, 0x1d17a],
  [0xe0000, 0xe0fff],
];

/** Whether a code point renders as nothing (see {@link INVISIBLE_RANGES}). */
export function isInvisible(cp: number): boolean {
  if ((cp >= 0x20 && cp < 0x7f) || (cp > 0x9f && cp < 0xad)) return false;
  for (const [from, to] of INVISIBLE_RANGES) {
    if (cp < from) return false;
    if (cp <= to) return true;
  }
  return false;
}

const INVISIBLE_SOURCE = INVISIBLE_RANGES.map(
  ([from, to]) => `\\u{${from.toString(16)}}-\\u{${to.toString(16)}}`,
).join("");
/** A single-character test needs no quantifier, so a regular expression is safe here. */
const HAS_INVISIBLE = new RegExp(`[${INVISIBLE_SOURCE}]`, "u");

/** Members of a token run: base64url and dots (JWTs, keys, base64url tokens). */
const TOKEN_CHAR = 1;
/** Members of a standard-base64 run: `+`, `/`, `=` (only runs holding `+` or `/` are looked at). */
const STD_CHAR = 2;
const ASCII_RUN = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  const alnum = /[A-Za-z0-9]/.test(ch);
  if (alnum || "_.-".includes(ch)) ASCII_RUN[c]! |= TOKEN_CHAR;
  if (alnum || "+/=".includes(ch)) ASCII_RUN[c]! |= STD_CHAR;
  if (isInvisible(c)) ASCII_RUN[c]! |= TOKEN_CHAR | STD_CHAR;
}

/**
 * Calls `visit(start, end)` for every maximal run of `kind` characters (invisible ones count as
 * members of every run) until it returns `true`. A hand-written scan: a regular expression with a
 * repeated Unicode class overflows the engine's stack on multi-megabyte runs.
 */
function scanRuns(
  text: string,
  kind: typeof TOKEN_CHAR | typeof STD_CHAR,
  visit: (start: number, end: number) => boolean | void,
): void {
  let start = -1;
  for (let i = 0; i < text.length;) {
    const c = text.charCodeAt(i);
    let width = 1;
    let member: boolean;
    if (c < 128) member = (ASCII_RUN[c]! & kind) !== 0;
    else {
      const cp = text.codePointAt(i)!;
      if (cp > 0xffff) width = 2;
      member = isInvisible(cp);
    }
    if (member) {
      if (start === -1) start = i;
    } else if (start !== -1) {
      if (visit(start, i) === true) return;
      start = -1;
    }
    i += width;
  }
  if (start !== -1) visit(start, text.length);
}

/** WorkOS API key prefixes; a key is one of them (any letter case) and at least 8 letters or digits. */
const API_KEY_PREFIXES = ["sk_test_", "sk_live_"] as const;
/** Known secret values shorter than this are not matched: they would hide ordinary words. */
const MIN_KNOWN_SECRET = 6;

const MARKERS: Record<SecretKind, string> = {
  jwt: "[redacted JWT]",
  "api-key": "[redacted API key]",
  "opaque-token": "[redacted token]",
  "known-secret": "[redacted]",
};

/**
 * `text` without its invisible characters. When `at` is given, `at[i]` is set to the index in
 * `text` of the result's character `i`. A scan, linear and without regular expressions.
 */
function withoutInvisible(text: string, at?: Int32Array): string {
  if (at === undefined && !HAS_INVISIBLE.test(text)) return text;
  // Code units into a buffer, decoded in chunks: no per-character strings for the collector.
  const units = new Uint16Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let cp = c;
    let width = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        cp = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
        width = 2;
      }
    }
    if (!isInvisible(cp)) {
      for (let k = 0; k < width; k++) {
        if (at !== undefined) at[n] = i + k;
        units[n++] = text.charCodeAt(i + k);
      }
    }
    i += width - 1;
  }
  let out = "";
  for (let i = 0; i < n; i += 8192) {
    out += String.fromCharCode(...units.subarray(i, Math.min(n, i + 8192)));
  }
  return out;
}

const isAlnum = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * Whether a run holds a WorkOS API key, in any letter case. A scan, not a regular expression: a
 * quantified pattern over a multi-megabyte run overflows the regular-expression engine's stack.
 */
function hasApiKey(clean: string): boolean {
  const lower = clean.toLowerCase();
  for (const prefix of API_KEY_PREFIXES) {
    for (let i = lower.indexOf(prefix); i !== -1; i = lower.indexOf(prefix, i + 1)) {
      const start = i + prefix.length;
      let n = 0;
      while (n < 8 && start + n < lower.length && isAlnum(lower.charCodeAt(start + n))) n++;
      if (n === 8) return true;
    }
  }
  return false;
}

/**
 * Length of a lowercase `word_` prefix of an ID (`user_`, `org_`, `sso_oidc_key_pair_`): not part
 * of the ID's randomness. Words are 1 to 24 letters.
 */
function idPrefixLength(text: string, from: number, to: number): number {
  let end = 0;
  let word = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122 && word < 24) word++;
    else if (c === 95 && word > 0) {
      end = i + 1 - from;
      word = 0;
    } else break;
  }
  return end;
}

/** Whether one base64url-and-dots run (invisible characters removed) is (part of) a JWT. */
function isJwtRun(run: string): boolean {
  if (run.length < 8) return false;
  if (!run.includes(".")) return run.startsWith("eyJ") && run.length >= 16;
  // Walks the dot-separated parts without splitting (a run can have millions of them), keeping
  // the two before the current one: a (two back), b (one back), c (current).
  let aLength = -1;
  let bLength = -1;
  let bHeader = false;
  let found = false;
  forEachPart(run, (start, end) => {
    const length = end - start;
    const header = run.startsWith("eyJ", start);
    // header.payload[.signature]: the header (or a cut-off token's first part) is `{"…` encoded
    if (header && length >= 16) found = true;
    else if (bHeader && bLength >= 5 && length >= 2) found = true;
    else if (aLength >= 16 && bLength >= 16 && length >= 16) found = true;
    aLength = bLength;
    bLength = length;
    bHeader = header;
    return found;
  });
  return found;
}

/** Calls `visit(start, end)` for each dot-separated part of `run` until it returns `true`. */
function forEachPart(run: string, visit: (start: number, end: number) => boolean): void {
  let start = 0;
  for (;;) {
    const dot = run.indexOf(".", start);
    const end = dot === -1 ? run.length : dot;
    if (visit(start, end) || dot === -1) return;
    start = dot + 1;
  }
}

/**
 * Whether a run without separators looks random rather than like a word, a name or an ID.
 *
 * - At least 20 characters (after a lowercase `word_` ID prefix) mixing lower case, upper case
 *   and digits (or `-`, `_`, `+`, `/`), where the character class changes between at least 40% of
 *   neighbors. Random base64url changes class between ~64% of neighbors, camelCase names and words
 *   between ~25–38%; ULID-based IDs (`01JTESTCLIENT…`) have no lower case, UUIDs and hex no upper case.
 * - Or at least 40 characters of one letter case mixed with digits (at least 10% each), changing
 *   class between at least 30% of neighbors: hex secrets such as a 64-character client secret.
 *
 * Measured on random strings (`npm run bench`): it misses about 4–6% of 20–24-character
 * alphanumeric strings, 0.7% of 32-character and 0.1% of 43-character base64url strings, and none
 * of 86 characters or more (an RS256 signature has 342).
 */
export function isRandomLooking(run: string): boolean {
  return randomLookingAt(run, 0, run.length);
}

function randomLookingAt(text: string, from: number, to: number): boolean {
  if (to - from < 20) return false;
  const body = text.slice(from + idPrefixLength(text, from, to), to);
  const n = body.length;
  if (n < 20) return false;
  let lower = 0;
  let upper = 0;
  let digits = 0;
  let other = 0;
  let changes = 0;
  let previous = -1;
  for (let i = 0; i < n; i++) {
    const c = body.charCodeAt(i);
    let cls: number;
    if (c >= 97 && c <= 122) {
      lower++;
      cls = 0;
    } else if (c >= 65 && c <= 90) {
      upper++;
      cls = 1;
    } else if (c >= 48 && c <= 57) {
      digits++;
      cls = 2;
    } else {
      other++;
      cls = 2;
    }
    if (previous !== -1 && cls !== previous) changes++;
    previous = cls;
  }
  if (lower > 0 && upper > 0 && digits + other > 0 && changes >= 0.4 * (n - 1)) return true;
  const letters = lower + upper;
  const oneCase = lower === 0 || upper === 0;
  return n >= 40 && oneCase && digits >= 0.1 * n && letters >= 0.1 * n && changes >= 0.3 * (n - 1);
}

/** The kind of secret one token run holds (invisible characters removed), or `null`. */
function runKind(clean: string): SecretKind | null {
  if (isJwtRun(clean)) return "jwt";
  if (hasApiKey(clean)) return "api-key";
  let random = false;
  forEachPart(clean, (start, end) => (random = randomLookingAt(clean, start, end)));
  return random ? "opaque-token" : null;
}

/** Whether a standard-base64 run holds a random-looking value (only runs with `+` or `/`). */
function isStdBase64Secret(clean: string): boolean {
  if (!clean.includes("+") && !clean.includes("/")) return false;
  let end = clean.length;
  while (end > 0 && clean.charCodeAt(end - 1) === 61) end--; // trailing `=` padding
  return isRandomLooking(clean.slice(0, end));
}

function usableKnown(known: readonly string[] | undefined): string[] {
  if (!known) return [];
  const values = known
    .filter((s): s is string => typeof s === "string")
    .map((s) => withoutInvisible(s))
    .filter((s) => s.length >= MIN_KNOWN_SECRET);
  // Longest first, so a secret containing another is replaced whole.
  return [...new Set(values)].sort((a, b) => b.length - a.length);
}

function kindOf(text: string, secrets: readonly string[]): SecretKind | null {
  let found: SecretKind | null = null;
  scanRuns(text, TOKEN_CHAR, (start, end) => {
    found = runKind(withoutInvisible(text.slice(start, end)));
    return found !== null;
  });
  if (found) return found;
  scanRuns(text, STD_CHAR, (start, end) => {
    if (isStdBase64Secret(withoutInvisible(text.slice(start, end)))) found = "opaque-token";
    return found !== null;
  });
  if (found) return found;
  if (secrets.length > 0) {
    const visible = withoutInvisible(text);
    if (secrets.some((s) => visible.includes(s))) return "known-secret";
  }
  return null;
}

/**
 * The kind of secret `text` contains, or `null`.
 * @example secretKindOf("Bearer eyJhbGciOi.eyJzdWIi.c2ln") // "jwt"
 */
export function secretKindOf(text: string, known?: readonly string[]): SecretKind | null {
  return kindOf(text, usableKnown(known));
}

/** Replaces every occurrence of a known secret, also when invisible characters are mixed into it. */
function redactKnown(text: string, secrets: readonly string[]): string {
  if (secrets.length === 0) return text;
  if (!HAS_INVISIBLE.test(text)) {
    let out = text;
    for (const secret of secrets) {
      if (out.includes(secret)) out = out.split(secret).join(MARKERS["known-secret"]);
    }
    return out;
  }
  // Match on the visible characters, then cut the same spans (invisible ones included) out of
  // the original: `at[i]` is the original index of visible character `i`.
  const at = new Int32Array(text.length);
  const visible = withoutInvisible(text, at);
  const cuts: [number, number][] = [];
  const taken = new Uint8Array(visible.length);
  for (const secret of secrets) {
    // Non-overlapping, left to right, like `split`; spans a longer secret took are skipped.
    let i = visible.indexOf(secret);
    while (i !== -1) {
      const end = i + secret.length;
      if (!taken[i] && !taken[end - 1]) {
        taken.fill(1, i, end);
        cuts.push([at[i]!, at[end - 1]! + 1]);
        i = visible.indexOf(secret, end);
      } else {
        i = visible.indexOf(secret, i + 1);
      }
    }
  }
  if (cuts.length === 0) return text;
  cuts.sort((a, b) => a[0] - b[0]);
  let out = "";
  let last = 0;
  for (const [start, end] of cuts) {
    out += text.slice(last, start) + MARKERS["known-secret"];
    last = end;
  }
  return out + text.slice(last);
}

/**
 * Returns `text` with every JWT, WorkOS API key, opaque token and known secret value replaced by
 * a marker (`[redacted JWT]`, `[redacted API key]`, `[redacted token]`, `[redacted]`).
 * @example redactSecrets("token: eyJhbGciOi.eyJzdWIi.c2ln") // "token: [redacted JWT]"
 */
export function redactSecrets(text: string, known?: readonly string[]): string {
  const afterKnown = redactKnown(text, usableKnown(known));
  const afterTokens = replaceRuns(afterKnown, TOKEN_CHAR, (run) => {
    const kind = runKind(withoutInvisible(run));
    return kind ? MARKERS[kind] : null;
  });
  return replaceRuns(afterTokens, STD_CHAR, (run) =>
    isStdBase64Secret(withoutInvisible(run)) ? MARKERS["opaque-token"] : null,
  );
}

/** `text` with each run `replace` returns a string for replaced by it. */
function replaceRuns(
  text: string,
  kind: typeof TOKEN_CHAR | typeof STD_CHAR,
  replace: (run: string) => string | null,
): string {
  const pieces: string[] = [];
  let last = 0;
  scanRuns(text, kind, (start, end) => {
    const marker = replace(text.slice(start, end));
    if (marker !== null) {
      pieces.push(text.slice(last, start), marker);
      last = end;
    }
  });
  if (last === 0) return text;
  pieces.push(text.slice(last));
  return pieces.join("");
}

const MAX_REDACT_DEPTH = 16;

/**
 * Copies claims for display or storage, at any depth: string values under a secret-looking name
 * (`refresh_token`) masked, every other string and every key redacted with {@link redactSecrets}.
 */
export function redactClaims(claims: Record<string, unknown>): Record<string, unknown> {
  const redact = (text: string) => redactSecrets(text);
  return redactValue(claims, redact, true, 0) as Record<string, unknown>;
}

/**
 * Copies a JSON-like value with every string and every key redacted with {@link redactSecrets}
 * (`known` secret values included); nesting beyond 16 levels becomes `"[nested too deep]"`. With
 * `shapes: false` only the `known` values are cut out, and the rest is left as it is.
 * @example redactValues({ note: "sk_test_0123456789" }) // { note: "[redacted API key]" }
 */
export function redactValues<T>(
  value: T,
  known?: readonly string[],
  options: { shapes?: boolean } = {},
): T {
  const secrets = usableKnown(known);
  const redact =
    options.shapes === false
      ? (text: string) => redactKnown(text, secrets)
      : (text: string) => redactSecrets(text, secrets);
  return redactValue(value, redact, false, 0) as T;
}

function redactValue(
  value: unknown,
  redact: (text: string) => string,
  maskSecretNames: boolean,
  depth: number,
): unknown {
  if (typeof value === "string") return redact(value);
  if (typeof value !== "object" || value === null) return value;
  if (depth >= MAX_REDACT_DEPTH) return "[nested too deep]";
  if (Array.isArray(value))
    return value.map((item) => redactValue(item, redact, maskSecretNames, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const redacted = redact(key);
    let safe = redacted;
    // Two keys redacted to the same marker must not overwrite each other.
    for (let i = 2; safe !== key && safe in out; i++) safe = `${redacted} ${i}`;
    out[safe] =
      maskSecretNames && typeof inner === "string" && isSecretName(key)
        ? "[redacted]"
        : redactValue(inner, redact, maskSecretNames, depth + 1);
  }
  return out;
}

/** What {@link findSecretLike} found, and where (a JSON-path-like location, never the value). */
export interface SecretLike {
  kind: SecretKind;
  path: string;
}

/** Keys longer than this are shortened in reported paths (they were checked, but add nothing). */
const MAX_PATH_KEY = 64;

/**
 * Walks a value (every key and string, at any depth) and reports the first secret-shaped string.
 * The result names the location only, so it can be returned without leaking the secret. The walk
 * uses an explicit stack (no recursion) and visits each object once.
 */
export function findSecretLike(
  value: unknown,
  known?: readonly string[],
  path = "$",
): SecretLike | null {
  const secrets = usableKnown(known);
  const stack: [unknown, string][] = [[value, path]];
  const seen = new WeakSet<object>();
  while (stack.length > 0) {
    const [current, at] = stack.pop()!;
    if (typeof current === "string") {
      const kind = kindOf(current, secrets);
      if (kind) return { kind, path: at };
      continue;
    }
    if (typeof current !== "object" || current === null || seen.has(current)) continue;
    seen.add(current);
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push([current[i], `${at}[${i}]`]);
      continue;
    }
    const entries = Object.entries(current);
    for (const [key] of entries) {
      const kind = kindOf(key, secrets);
      if (kind) return { kind, path: `${at} (a key)` };
    }
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, inner] = entries[i]!;
      const shown = key.length > MAX_PATH_KEY ? `${key.slice(0, MAX_PATH_KEY)}…` : key;
      stack.push([inner, `${at}.${shown}`]);
    }
  }
  return null;
}

/** A short description of a secret kind, for refusals. */
export function describeSecretKind(kind: SecretKind): string {
  switch (kind) {
    case "jwt":
      return "a JWT";
    case "api-key":
      return "an API key";
    case "opaque-token":
      return "an opaque token";
    case "known-secret":
      return "a secret env value";
  }
}
