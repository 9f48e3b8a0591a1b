// Runs before every test file of the `*-convex-current` projects, so none can pass on the
// root's convex 1.48: `convex` must be the release test/convex-current/deps installed, whose
// version vitest.config.ts passes in CONVEX_CURRENT_VERSION.
import { version } from "convex";

const expected = process.env.CONVEX_CURRENT_VERSION;

if (!expected || version !== expected) {
  throw new Error(
    `this project resolved convex ${version}; expected ${expected ?? "(unknown)"} from test/convex-current/deps/node_modules`,
  );
}
