/**
 * Stand-ins for the few packages an `auth.config.ts` written the current ways reaches at run
 * time. The doctor bundles the project's own files but never loads its packages (they would run
 * unconfined code and need the file system), so:
 *
 * - `convex/server`, `convex/values` (and other `convex/*` entries): the Convex docs' config reads
 *   `env` from `./_generated/server` (convex ≥ 1.44), and that generated file, `_generated/api`
 *   and the project's function files import builders (`queryGeneric`, `anyApi`,
 *   `componentsGeneric()`, `v.string()`, …) at run time. Nothing they return can end up in the
 *   providers, so each is an inert value: any property or call gives another one.
 * - `@convex-dev/workos-authkit`: `new AuthKit(components.workOSAuthKit, options)` reads the same
 *   env vars in the same order as the package (0.2.x) and `getAuthConfigProviders()` returns the
 *   same two providers, so an unset variable is named like in a hand-written config.
 * - `./_generated/server` and `./_generated/api` when codegen has not run yet.
 *
 * The modules are CommonJS source bundled into the evaluated code, so everything they create
 * lives inside the evaluation's `node:vm` context.
 */

/** The esbuild namespace of stand-in modules. */
export const STAND_IN_NAMESPACE = "doctor-stand-in";

/** Which stand-in a package import gets, or `null` when the package has none. */
export function standInFor(specifier: string): StandInName | null {
  if (specifier === "convex" || specifier.startsWith("convex/")) return "convex";
  if (specifier === "@convex-dev/workos-authkit") return "workos-authkit";
  return null;
}

/** Which stand-in a relative import that does not resolve gets (codegen not run yet), or `null`. */
export function generatedStandInFor(specifier: string): StandInName | null {
  if (/(^|\/)_generated\/server(\.[cm]?[jt]s)?$/.test(specifier)) return "generated-server";
  if (/(^|\/)_generated\/api(\.[cm]?[jt]s)?$/.test(specifier)) return "generated-api";
  return null;
}

/** The stand-in modules. */
export type StandInName = "convex" | "workos-authkit" | "generated-server" | "generated-api";

/** How each stand-in is named in the checklist. */
export const STAND_IN_LABELS: Readonly<Record<StandInName, string>> = {
  convex:
    "`convex/server`, `convex/values` (their builders and references are inert; only env values reach the providers)",
  "workos-authkit":
    "`@convex-dev/workos-authkit` (`AuthKit` reads `WORKOS_CLIENT_ID`, `WORKOS_API_KEY`, `WORKOS_WEBHOOK_SECRET`, `WORKOS_ACTION_SECRET` and returns its two providers, as the package does)",
  "generated-server": "`_generated/server` (not generated yet: `env` is the deployment's env)",
  "generated-api": "`_generated/api` (not generated yet: inert references)",
};

// Any property, call or construction of an inert value gives an inert value. It is not a
// thenable, converts to a short string and is dropped by JSON.stringify (it is a function).
const INERT = String.raw`
var inertTarget = function () {};
var inert = new Proxy(inertTarget, {
  get: function (_t, key) {
    if (key === "then" || key === "__esModule" || key === "toJSON") return undefined;
    if (key === Symbol.toPrimitive) return function () { return "[inert]"; };
    if (typeof key === "symbol") return undefined;
    return inert;
  },
  apply: function () { return inert; },
  construct: function () { return inert; },
  has: function () { return true; },
  set: function () { return true; },
});
`;

// `import { x } from "…"` compiles to a copy of the module's own properties on an object whose
// prototype is the module's prototype; this prototype makes every other name inert as well.
const INERT_MODULE = String.raw`
var fallback = new Proxy(Object.create(null), {
  get: function (_t, key) {
    if (typeof key === "symbol" || key === "then" || key === "__esModule") return undefined;
    return inert;
  },
});
module.exports = Object.create(fallback);
`;

const SOURCES: Readonly<Record<StandInName, string>> = {
  convex: INERT + INERT_MODULE,
  "generated-api": INERT + INERT_MODULE,
  "generated-server": INERT + INERT_MODULE + "module.exports.env = globalThis.process.env;\n",
  "workos-authkit":
    INERT +
    String.raw`
function AuthKit(component, options) {
  var o = options || {};
  var env = globalThis.process.env;
  var missing = [];
  function need(value, name) {
    if (!value) missing.push(name);
    return value;
  }
  var clientId = need(o.clientId != null ? o.clientId : env.WORKOS_CLIENT_ID, "WORKOS_CLIENT_ID");
  need(o.apiKey != null ? o.apiKey : env.WORKOS_API_KEY, "WORKOS_API_KEY");
  need(o.webhookSecret != null ? o.webhookSecret : env.WORKOS_WEBHOOK_SECRET, "WORKOS_WEBHOOK_SECRET");
  if (missing.length > 0) throw new Error("Missing environment variables: " + missing.join(", "));
  if (o.actionSecret == null) void env.WORKOS_ACTION_SECRET;
  var apiHostname = o.apiHostname;
  this.component = component;
  this.options = options;
  this.getAuthConfigProviders = function () {
    var base = "https://" + (apiHostname != null ? apiHostname : "api.workos.com");
    var jwks = "https://api.workos.com/sso/jwks/" + clientId;
    return [
      { type: "customJwt", issuer: base + "/", algorithm: "RS256", jwks: jwks, applicationID: clientId },
      { type: "customJwt", issuer: base + "/user_management/" + clientId, algorithm: "RS256", jwks: jwks },
    ];
  };
  // Everything else (events, actions, registerRoutes, getAuthUser, workos, …) is inert.
  return new Proxy(this, {
    get: function (target, key) {
      if (key in target || typeof key === "symbol" || key === "then") return target[key];
      return inert;
    },
  });
}
module.exports = { AuthKit: AuthKit };
`,
};

/** The CommonJS source of a stand-in module. */
export function standInSource(name: StandInName): string {
  return SOURCES[name];
}
