/**
 * The project's installed `convex` package and whether this Node.js can run its CLI. convex 1.49
 * needs Node.js 22 (`engines.node` `>=22.0.0`); under an older Node `npx convex dev` and the
 * doctor's `convex env list` fail with errors that do not say why.
 */
import { createRequire } from "node:module";
import { join, relative, sep } from "node:path";
import { finding } from "../core/index.js";
import type { CheckSection } from "./checks.js";
import { readRegularFile, SOURCE_FILE_MAX_BYTES } from "./files.js";
import { nextSatisfyingMajor, satisfiesRange } from "./nodeRange.js";

/** What the installed `convex` package says about itself. */
export interface ConvexPackageInfo {
  version: string;
  /** `engines.node`, or `null` when it has none. */
  nodeRange: string | null;
  /** Its package.json, relative to the project (forward slashes). */
  file: string;
}

/** Reads the project's installed `convex/package.json` (Node's resolution from the project), or `null`. */
export function readConvexPackage(projectDir: string): ConvexPackageInfo | null {
  let path: string;
  try {
    path = createRequire(join(projectDir, "package.json")).resolve("convex/package.json");
  } catch {
    return null;
  }
  const read = readRegularFile(path, SOURCE_FILE_MAX_BYTES);
  if (!read.ok) return null;
  try {
    const pkg = JSON.parse(read.text) as { version?: unknown; engines?: { node?: unknown } };
    if (typeof pkg.version !== "string") return null;
    return {
      version: pkg.version,
      nodeRange: typeof pkg.engines?.node === "string" ? pkg.engines.node : null,
      file: relative(projectDir, path).split(sep).join("/"),
    };
  } catch {
    return null;
  }
}

/** Whether `nodeVersion` can run the project's convex CLI: `false` only when its range says no. */
export function nodeFitsConvex(pkg: ConvexPackageInfo | null, nodeVersion: string): boolean {
  if (!pkg?.nodeRange) return true;
  return satisfiesRange(nodeVersion, pkg.nodeRange) !== false;
}

/** Why `convex env list` was not run under this Node, for `DEPLOYMENT_ENV_UNAVAILABLE`. */
export function nodeTooOldReason(pkg: ConvexPackageInfo, nodeVersion: string): string {
  return `the project's \`convex\` ${pkg.version} needs Node.js \`${pkg.nodeRange}\` and this is Node.js ${nodeVersion}, so \`npx convex env list\` was not run (see NODE_TOO_OLD_FOR_CONVEX)`;
}

/**
 * The "Convex package" checklist section, present only when this Node.js does not satisfy the
 * installed convex's `engines.node` (`NODE_TOO_OLD_FOR_CONVEX`); `null` otherwise, including
 * when convex is not installed or its range cannot be read.
 */
export function convexPackageSection(
  pkg: ConvexPackageInfo | null,
  nodeVersion: string,
): CheckSection | null {
  if (pkg?.nodeRange == null || satisfiesRange(nodeVersion, pkg.nodeRange) !== false) return null;
  const major = nextSatisfyingMajor(nodeVersion, pkg.nodeRange);
  return {
    id: "convex-package",
    title: "Convex package",
    findings: [
      finding("NODE_TOO_OLD_FOR_CONVEX", {
        convexVersion: pkg.version,
        required: pkg.nodeRange,
        node: nodeVersion,
        suggested: major === null ? null : String(major),
        file: pkg.file,
      }),
    ],
    facts: [],
  };
}
