import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const reactDoc = readFileSync(join(root, "docs/react.md"), "utf8");

/** `{ module: names }` of every `import { … } from "…"` in `code`. */
function importsOf(code: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const m of code.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+"([^"]+)"/g)) {
    const names = out.get(m[2]!) ?? new Set<string>();
    for (const n of m[1]!.split(",")) if (n.trim()) names.add(n.trim().replace(/^type\s+/, ""));
    out.set(m[2]!, names);
  }
  return out;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name.startsWith(".") || name === "node_modules") return [];
    return statSync(p).isDirectory() ? filesUnder(p) : /\.tsx?$/.test(name) ? [p] : [];
  });
}

test("the TanStack Start recipe in docs/react.md is the type-checked example-tanstack file", () => {
  const block =
    /<!-- tanstack-recipe:start -->\n```tsx\n([\s\S]*?)```\n<!-- tanstack-recipe:end -->/.exec(
      reactDoc,
    )?.[1];
  expect(block).toBe(readFileSync(join(root, "example-tanstack/src/AuthProviders.tsx"), "utf8"));
});

test("every name the Next.js recipe in docs/react.md imports is imported the same way by example-nextjs", () => {
  const section = reactDoc.slice(
    reactDoc.indexOf("## Next.js App Router"),
    reactDoc.indexOf("## TanStack Start"),
  );
  const blocks = [...section.matchAll(/```tsx?\n([\s\S]*?)```/g)].map((m) => m[1]!).join("\n");
  const example = importsOf(
    filesUnder(join(root, "example-nextjs"))
      .map((f) => readFileSync(f, "utf8"))
      .join("\n"),
  );
  const documented = importsOf(blocks);
  expect(documented.size).toBeGreaterThan(5);
  for (const [module, names] of documented)
    for (const name of names)
      expect(example.get(module)?.has(name), `${name} from ${module}`).toBe(true);
});
