/**
 * Evaluates a `convex/auth.config.ts` the way a Convex push does: with the deployment's
 * environment variables as `process.env`, failing when the file reads a variable that is not
 * set. The stand-in uses it so "wrong / missing WORKOS_CLIENT_ID on the deployment" are real.
 */
import { readFileSync } from "node:fs";
import ts from "typescript";

/** The deployment environment a config is evaluated with (unset = `undefined` or absent). */
export type DeploymentEnv = Record<string, string | undefined>;

export type AuthConfigEvaluation =
  | { ok: true; providers: unknown[]; envRead: string[] }
  | { ok: false; error: string; unsetEnvVars: string[]; envRead: string[] };

/** The text `npx convex dev` prints when auth.config.ts reads an unset variable. */
export function authConfigEnvUnsetMessage(name: string): string {
  return `Environment variable ${name} is used in auth config file but its value was not set`;
}

/**
 * Transpiles and runs the config source with `env` as `process.env`. Never throws: a syntax
 * error, a runtime import or a missing `providers` array is reported as `{ ok: false }`.
 */
export function evaluateAuthConfig(source: string, env: DeploymentEnv): AuthConfigEvaluation {
  const envRead = new Set<string>();
  const unset = new Set<string>();
  const envProxy = new Proxy({} as Record<string, string | undefined>, {
    get(_target, key) {
      if (typeof key !== "string") return undefined;
      envRead.add(key);
      const value = env[key];
      if (value === undefined) unset.add(key);
      return value;
    },
    has(_target, key) {
      return typeof key === "string" && env[key] !== undefined;
    },
  });
  let code: string;
  try {
    code = ts.transpileModule(source, {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: false,
      },
      reportDiagnostics: false,
    }).outputText;
  } catch (e) {
    return {
      ok: false,
      error: `auth.config.ts could not be compiled: ${e instanceof Error ? e.message : String(e)}`,
      unsetEnvVars: [],
      envRead: [],
    };
  }
  const module = { exports: {} as Record<string, unknown> };
  const requireStub = (name: string) => {
    throw new Error(
      `auth.config.ts imports "${name}" at run time; the stand-in only evaluates self-contained configs`,
    );
  };
  try {
    new Function("exports", "module", "require", "process", code)(
      module.exports,
      module,
      requireStub,
      { env: envProxy },
    );
  } catch (e) {
    return {
      ok: false,
      error: `auth.config.ts threw: ${e instanceof Error ? e.message : String(e)}`,
      unsetEnvVars: [...unset],
      envRead: [...envRead],
    };
  }
  if (unset.size > 0) {
    const first = [...unset][0]!;
    return {
      ok: false,
      error: authConfigEnvUnsetMessage(first),
      unsetEnvVars: [...unset],
      envRead: [...envRead],
    };
  }
  const exported = (module.exports.default ?? module.exports) as { providers?: unknown };
  if (!exported || !Array.isArray(exported.providers)) {
    return {
      ok: false,
      error: "auth.config.ts has no default export with a `providers` array",
      unsetEnvVars: [],
      envRead: [...envRead],
    };
  }
  return { ok: true, providers: exported.providers, envRead: [...envRead] };
}

/** Reads and evaluates a config file. */
export function evaluateAuthConfigFile(path: string, env: DeploymentEnv): AuthConfigEvaluation {
  let source: string;
  try {
    source = readFileSync(path, "utf8");
  } catch (e) {
    return {
      ok: false,
      error: `cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`,
      unsetEnvVars: [],
      envRead: [],
    };
  }
  return evaluateAuthConfig(source, env);
}
