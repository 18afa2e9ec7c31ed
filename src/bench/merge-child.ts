/**
 * `node dist/bench/merge-child.js merge <shard dirs...> --out DIR [--no-report]`: merges in this
 * process through the Node adapter (the library call `careflow merge` makes), then prints its
 * exit code, wall and CPU time and peak resident memory as one JSON line on stderr, for the merge
 * bench (a process's own peak RSS is the figure a cluster's memory limit applies to).
 */
import { mergeBatches } from "../node/merge.js";

const args = process.argv.slice(2).filter((a) => a !== "merge");
const outAt = args.indexOf("--out");
const report = !args.includes("--no-report");
const outDir = outAt >= 0 ? args[outAt + 1] : undefined;
const inputs = args.filter((a, i) => !a.startsWith("--") && (outAt < 0 || i !== outAt + 1));

const started = performance.now();
let code = 0;
try {
  await mergeBatches({ inputs, ...(outDir ? { outDir } : {}), report });
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  code = 1;
}
process.stderr.write(
  `${JSON.stringify({
    code,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
process.exitCode = code;
