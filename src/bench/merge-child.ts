/**
 * `node dist/bench/merge-child.js <careflow arguments>`: runs the careflow CLI in this process,
 * then prints its exit code, wall and CPU time and peak resident memory as one JSON line on stderr, for
 * the merge bench (a process's own peak RSS is the figure a cluster's memory limit applies to).
 */
import { main } from "../cli/main.js";

const started = performance.now();
const code = await main(["node", "careflow", ...process.argv.slice(2)]);
process.stderr.write(
  `${JSON.stringify({
    code,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
process.exitCode = code;
