/**
 * Builds careflow studio into dist/studio/: the app and its Web Worker bundled by esbuild from
 * src/studio/ (which imports the same pipeline as the library), the page and its styles, the
 * chart libraries' browser builds copied from node_modules (served locally: the app works
 * offline), and the shipped scenarios for the picker. `npm run build` runs it after tsc.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const require = createRequire(import.meta.url);

/** vega-lite needs vega, vega-embed needs both: the page loads them in this order. */
export const VENDOR_SCRIPTS = [
  { name: "vega", file: "build/vega.min.js" },
  { name: "vega-lite", file: "build/vega-lite.min.js" },
  { name: "vega-embed", file: "build/vega-embed.min.js" },
] as const;

/** A package's folder, found from its entry point (their `exports` hide package.json). */
function packageFolder(root: string, name: string): string {
  let dir = dirname(require.resolve(name, { paths: [root] }));
  while (!existsSync(join(dir, "package.json")) || basename(dir) !== name) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the folder of package "${name}"`);
    dir = parent;
  }
  return dir;
}

export async function buildStudio(root: string): Promise<string> {
  const source = join(root, "src", "studio");
  const out = join(root, "dist", "studio");
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, "vendor"), { recursive: true });
  mkdirSync(join(out, "scenarios"), { recursive: true });
  await build({
    entryPoints: { app: join(source, "main.tsx"), worker: join(source, "worker.ts") },
    outdir: out,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: ["es2022"],
    minify: true,
    sourcemap: true,
    jsx: "automatic",
    jsxImportSource: "preact",
    // The pipeline imports vega-lite for types only; anything else from node_modules is bundled.
    logLevel: "warning",
    legalComments: "linked",
  });
  copyFileSync(join(source, "index.html"), join(out, "index.html"));
  copyFileSync(join(source, "studio.css"), join(out, "studio.css"));
  for (const { name, file } of VENDOR_SCRIPTS) {
    copyFileSync(join(packageFolder(root, name), file), join(out, "vendor", `${name}.min.js`));
  }
  const scenarios = readdirSync(join(root, "scenarios")).filter((f) => f.endsWith(".yaml"));
  for (const file of scenarios) copyFileSync(join(root, "scenarios", file), join(out, "scenarios", file));
  writeFileSync(join(out, "scenarios", "index.json"), `${JSON.stringify(scenarios.sort())}\n`);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  const out = await buildStudio(root);
  process.stdout.write(`careflow studio built in ${out}\n`);
}
