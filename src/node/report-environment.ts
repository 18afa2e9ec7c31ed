/** The report environment under Node: vega's browser builds read once from node_modules. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { version as vegaVersion } from "vega";
import { version as vegaLiteVersion } from "vega-lite";
import { formatReportTime, inlineSafeScript, type ReportEnvironment } from "../report/environment.js";
import { CAREFLOW_VERSION } from "../version.js";

const require = createRequire(import.meta.url);

/** A package's root folder, found from its entry point (their `exports` hide package.json). */
function packageRoot(name: string): string {
  let dir = dirname(require.resolve(name));
  for (let i = 0; i < 6; i++) {
    try {
      const manifest: unknown = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      if (typeof manifest === "object" && manifest !== null && "name" in manifest && manifest.name === name)
        return dir;
    } catch {
      // no package.json at this level; keep climbing
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`cannot find the folder of package "${name}"`);
}

function packageVersion(root: string): string {
  try {
    const manifest: unknown = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    if (
      typeof manifest === "object" &&
      manifest !== null &&
      "version" in manifest &&
      typeof manifest.version === "string"
    ) {
      return manifest.version;
    }
  } catch {
    // fall through
  }
  return "unknown";
}

/** The browser (UMD) builds, in load order: vega-lite needs vega, vega-embed needs both. */
const BROWSER_BUILDS = [
  { name: "vega", file: "build/vega.min.js" },
  { name: "vega-lite", file: "build/vega-lite.min.js" },
  { name: "vega-embed", file: "build/vega-embed.min.js" },
] as const;

let cached: Omit<ReportEnvironment, "generatedAt"> | undefined;

export function nodeReportEnvironment(now: Date = new Date()): ReportEnvironment {
  cached ??= {
    scripts: BROWSER_BUILDS.map(({ name, file }) =>
      inlineSafeScript(readFileSync(join(packageRoot(name), file), "utf8")),
    ),
    versions: {
      careflow: CAREFLOW_VERSION,
      runtime: process.version,
      vega: vegaVersion,
      vegaLite: vegaLiteVersion,
      vegaEmbed: packageVersion(packageRoot("vega-embed")),
    },
  };
  return { ...cached, generatedAt: formatReportTime(now) };
}
