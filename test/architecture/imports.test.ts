/**
 * The shape of the code, kept by a test: no import cycles (between files or between folders), the
 * folders depend one way down the layers, and the pipeline's folders use no Node built-ins and
 * no `process`, so the same code runs in a browser. The graph comes from the sources' own
 * import statements (every import in src/ is a static `from "..."` or `import("...")`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../../src", import.meta.url));

/** Bottom to top: a folder may import only from its own layer or the ones before it. */
const LAYERS: readonly (readonly string[])[] = [
  ["version.ts", "engine"],
  ["stats"],
  ["queueing"],
  ["scenario"],
  ["model"],
  ["fit"],
  ["output"],
  ["batch"],
  ["capacity"],
  ["report"],
  ["pipeline.ts"],
  ["node", "studio"],
  ["cli", "bench", "build", "index.ts"],
];

/** Platform-free: no `node:` imports, no `process`, no Buffer. */
const PIPELINE = [
  "version.ts",
  "engine",
  "stats",
  "queueing",
  "scenario",
  "model",
  "fit",
  "output",
  "batch",
  "capacity",
  "report",
  "pipeline.ts",
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(path) ? [path] : [];
  });
}

/** A file's unit: its top folder under src, or the file itself at the top. */
const unitOf = (file: string): string => relative(SRC, file).split("/")[0]!;

interface Source {
  file: string;
  text: string;
  /** Imported project files (resolved .ts paths) and bare specifiers (packages, node:…). */
  local: string[];
  external: string[];
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
}

/** "./app.js" names app.ts or app.tsx (the studio's components). */
function resolveLocal(specifier: string): string {
  const ts = specifier.replace(/\.js$/, ".ts");
  return existsSync(ts) ? ts : `${ts}x`;
}

function readSource(file: string): Source {
  const text = readFileSync(file, "utf8");
  const code = stripComments(text);
  const specifiers = [
    ...code.matchAll(/\bfrom\s+"([^"]+)"/g),
    ...code.matchAll(/\bimport\s*\(\s*"([^"]+)"\s*\)/g),
    ...code.matchAll(/^\s*import\s+"([^"]+)"/gm),
  ].map((m) => m[1]!);
  const local: string[] = [];
  const external: string[] = [];
  for (const s of specifiers) {
    if (s.startsWith(".")) local.push(resolveLocal(resolve(dirname(file), s)));
    else external.push(s);
  }
  return { file, text: code, local, external };
}

const sources = sourceFiles(SRC).map(readSource);
const byFile = new Map(sources.map((s) => [s.file, s]));
const name = (file: string): string => relative(SRC, file);

/** Strongly connected components with more than one member (or a self-import): the cycles. */
function cycles(nodes: readonly string[], edges: (node: string) => readonly string[]): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    indices.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges(v)) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, indices.get(w)!));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || edges(v).includes(v)) found.push(component.sort());
    }
  };
  for (const v of nodes) if (!indices.has(v)) visit(v);
  return found;
}

describe("the import graph", () => {
  it("resolves every relative import to a file in src/", () => {
    const missing = sources.flatMap((s) =>
      s.local.filter((t) => !byFile.has(t)).map((t) => `${name(s.file)} → ${name(t)}`),
    );
    expect(missing).toEqual([]);
  });

  it("has no cycle between files", () => {
    const found = cycles(
      sources.map((s) => s.file),
      (f) => byFile.get(f)?.local ?? [],
    ).map((c) => c.map(name).join(" ↔ "));
    expect(found).toEqual([]);
  });

  it("has no cycle between folders", () => {
    const units = [...new Set(sources.map((s) => unitOf(s.file)))];
    const edges = new Map<string, Set<string>>();
    for (const s of sources) {
      const from = unitOf(s.file);
      for (const t of s.local) {
        const to = unitOf(t);
        if (to !== from) (edges.get(from) ?? edges.set(from, new Set()).get(from)!).add(to);
      }
    }
    expect(cycles(units, (u) => [...(edges.get(u) ?? [])])).toEqual([]);
  });

  it("points one way: no folder imports from a layer above it", () => {
    const layer = (unit: string): number => LAYERS.findIndex((l) => l.includes(unit));
    const unknown = [...new Set(sources.map((s) => unitOf(s.file)))].filter((u) => layer(u) < 0);
    expect(unknown, "every folder of src/ has a layer in this test").toEqual([]);
    const upward = sources.flatMap((s) =>
      s.local
        .filter((t) => layer(unitOf(t)) > layer(unitOf(s.file)))
        .map((t) => `${name(s.file)} → ${name(t)}`),
    );
    expect(upward).toEqual([]);
  });

  it("keeps the pipeline platform-free: no node: imports, process or Buffer", () => {
    const offending = sources
      .filter((s) => PIPELINE.includes(unitOf(s.file)))
      .flatMap((s) => {
        const problems = s.external
          .filter(
            (x) =>
              x.startsWith("node:") ||
              ["fs", "path", "os", "worker_threads", "child_process", "piscina"].includes(x),
          )
          .map((x) => `${name(s.file)} imports ${x}`);
        if (/\bprocess\.|\bBuffer\.|\bsetImmediate\(/.test(s.text))
          problems.push(`${name(s.file)} uses process, Buffer or setImmediate`);
        return problems;
      });
    expect(offending).toEqual([]);
  });

  it("keeps the pipeline's transcendentals engine-independent: only src/engine/math.ts computes them", () => {
    // Math.exp and friends, and `**` (Math.pow) unless the exponent is an integer literal, round
    // differently in Chromium and Node: the same seed would give different bits in the studio.
    const mathCall =
      /\bMath\.(exp|expm1|log|log1p|log2|log10|pow|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|asinh|acosh|atanh|cbrt|hypot)\b/g;
    const power = /\*\*(?!\s*-?\d+(?![\d.eE]))/;
    const mathModule = join(SRC, "engine", "math.ts");
    const offending = sources
      .filter((s) => PIPELINE.includes(unitOf(s.file)) && s.file !== mathModule)
      .flatMap((s) => [
        ...[...s.text.matchAll(mathCall)].map((m) => `${name(s.file)} uses ${m[0]}`),
        ...(power.test(s.text) ? [`${name(s.file)} uses ** with a non-literal exponent`] : []),
      ]);
    expect(offending).toEqual([]);
    expect(power.test("const f = 10 ** digits;"), "the ** pattern catches a variable exponent").toBe(true);
    expect(power.test("const f = x ** 2.5;"), "and a fractional one").toBe(true);
    expect(power.test("const d = 2 ** -33 + x ** 2;"), "and lets integer literals be").toBe(false);
  });

  it("keeps the studio a browser app: it imports neither src/node nor Node built-ins", () => {
    const studio = sources.filter((s) => unitOf(s.file) === "studio");
    expect(studio.length, "the studio's sources are found").toBeGreaterThan(0);
    const offending = studio.flatMap((s) => [
      ...s.local.filter((t) => unitOf(t) === "node").map((t) => `${name(s.file)} → ${name(t)}`),
      ...s.external.filter((x) => x.startsWith("node:")).map((x) => `${name(s.file)} imports ${x}`),
      ...(/\bprocess\.|\bBuffer\./.test(s.text) ? [`${name(s.file)} uses process or Buffer`] : []),
    ]);
    expect(offending).toEqual([]);
  });

  it("keeps argv and the terminal in src/cli: no library below it reads process.argv or writes to stdout", () => {
    const offending = sources
      .filter((s) => !["cli", "bench", "build"].includes(unitOf(s.file)))
      .filter((s) => /process\.argv|process\.stdout|process\.exit|console\.log/.test(s.text))
      .map((s) => name(s.file));
    expect(offending).toEqual([]);
  });
});
