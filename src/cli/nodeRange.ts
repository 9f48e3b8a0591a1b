/**
 * Just enough of npm's semver ranges to judge a package's `engines.node`: comparator sets joined
 * by `||`, each a space-separated list of `>=`, `>`, `<=`, `<`, `=`, `^`, `~`, x-ranges (`20.x`,
 * `20`, `*`) and hyphen ranges (`20.0.0 - 22`). Prerelease tags are ignored. A range it cannot
 * read is `null`, never a guess.
 */

type Version = [number, number, number];

interface Comparator {
  op: ">=" | ">" | "<=" | "<" | "=";
  v: Version;
}

function cmp(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** Parses `1`, `1.2`, `1.2.3`, `v1.2.3`, `1.x`, `1.2.*` (prerelease and build dropped); missing parts are `null`. */
function parsePartial(text: string): [number | null, number | null, number | null] | null {
  const m =
    /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.exec(
      text,
    );
  if (!m) return null;
  const part = (s: string | undefined) => (s === undefined || /^[xX*]$/.test(s) ? null : Number(s));
  const major = part(m[1]);
  const minor = major === null ? null : part(m[2]);
  const patch = minor === null ? null : part(m[3]);
  return [major, minor, patch];
}

/** Parses a full version such as `20.20.2` or `v22.12.0`. */
export function parseVersion(text: string): Version | null {
  const p = parsePartial(text.trim());
  if (!p || p[0] === null) return null;
  return [p[0], p[1] ?? 0, p[2] ?? 0];
}

/** The comparators one range element stands for (an x-range becomes a pair). */
function comparators(op: string, text: string): Comparator[] | null {
  const p = parsePartial(text);
  if (!p) return null;
  const [major, minor, patch] = p;
  const low: Version = [major ?? 0, minor ?? 0, patch ?? 0];
  if (major === null) return op === "" || op === "=" || op === ">=" ? [] : null;
  const next: Version =
    minor === null ? [major + 1, 0, 0] : patch === null ? [major, minor + 1, 0] : low;
  const partial = minor === null || patch === null;
  switch (op) {
    case "":
    case "=":
      return partial
        ? [
            { op: ">=", v: low },
            { op: "<", v: next },
          ]
        : [{ op: "=", v: low }];
    case ">=":
      return [{ op: ">=", v: low }];
    case ">":
      return [{ op: partial ? ">=" : ">", v: partial ? next : low }];
    case "<":
      return [{ op: "<", v: low }];
    case "<=":
      return [{ op: partial ? "<" : "<=", v: partial ? next : low }];
    case "~":
      return [
        { op: ">=", v: low },
        { op: "<", v: minor === null ? [major + 1, 0, 0] : [major, minor + 1, 0] },
      ];
    case "^": {
      const upper: Version =
        major > 0 || minor === null
          ? [major + 1, 0, 0]
          : minor > 0 || patch === null
            ? [0, minor + 1, 0]
            : [0, 0, (patch ?? 0) + 1];
      return [
        { op: ">=", v: low },
        { op: "<", v: upper },
      ];
    }
    default:
      return null;
  }
}

function parseSet(text: string): Comparator[] | null {
  const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text.trim());
  if (hyphen) {
    const from = comparators(">=", hyphen[1]!);
    const to = comparators("<=", hyphen[2]!);
    return from && to ? [...from, ...to] : null;
  }
  const out: Comparator[] = [];
  // `>= 20` is `>=20`.
  const tokens = text
    .trim()
    .replace(/(>=|<=|>|<|=|\^|~)\s+/g, "$1")
    .split(/\s+/);
  for (const token of tokens) {
    if (token === "") continue;
    const m = /^(>=|<=|>|<|=|\^|~)?(.*)$/.exec(token)!;
    const c = comparators(m[1] ?? "", m[2]!);
    if (!c) return null;
    out.push(...c);
  }
  return out;
}

function test(v: Version, c: Comparator): boolean {
  const d = cmp(v, c.v);
  switch (c.op) {
    case ">=":
      return d >= 0;
    case ">":
      return d > 0;
    case "<=":
      return d <= 0;
    case "<":
      return d < 0;
    case "=":
      return d === 0;
  }
}

/** Parses a range into comparator sets, or `null` when it is not one this module reads. */
function parseRange(range: string): Comparator[][] | null {
  const sets: Comparator[][] = [];
  for (const part of range.split("||")) {
    const set = parseSet(part);
    if (!set) return null;
    sets.push(set);
  }
  return sets;
}

/**
 * Whether `version` satisfies `range`; `null` when either cannot be read.
 * @example satisfiesRange("20.20.2", ">=22.0.0") // false
 */
export function satisfiesRange(version: string, range: string): boolean | null {
  const v = parseVersion(version);
  const sets = parseRange(range);
  if (!v || !sets) return null;
  return sets.some((set) => set.every((c) => test(v, c)));
}

/**
 * The lowest Node.js major above `version` whose releases can satisfy `range` (the lower bounds
 * of its comparators), e.g. `22` for `>=22.0.0`; `null` when there is none or the range is unread.
 */
export function nextSatisfyingMajor(version: string, range: string): number | null {
  const v = parseVersion(version);
  const sets = parseRange(range);
  if (!v || !sets) return null;
  const candidates = sets
    .flatMap((set) => set.filter((c) => c.op === ">=" || c.op === "=").map((c) => c.v))
    .filter((c) => cmp(c, v) > 0 && sets.some((set) => set.every((k) => test(c, k))))
    .sort(cmp);
  return candidates[0]?.[0] ?? null;
}
