/**
 * `npm run bench [-- NAME...]`: performance figures, printed as a table. A script, never a test:
 * the machine is noisy, so each bench runs several times and we quote the median.
 */
import { type EngineBenchResult, mmcCallbacks, mmcTrajectory } from "./engine.js";

interface Bench {
  name: string;
  description: string;
  run: () => void;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function peakMemoryMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

function engineBench(style: string, run: (n: number, seed: number) => EngineBenchResult): void {
  const patients = 1_000_000;
  run(100_000, 99); // warm the JIT
  const results: EngineBenchResult[] = [];
  for (let i = 0; i < 5; i++) results.push(run(patients, i + 1));
  const rates = results.map((r) => r.patients / r.seconds);
  const eventRates = results.map((r) => r.events / r.seconds);
  console.log(
    `  ${style.padEnd(11)} median ${fmt(median(rates))} patients/s, ${fmt(median(eventRates))} events/s ` +
      `(runs: ${rates.map(fmt).join(", ")}); mean wait ${results[0]!.meanWait.toFixed(4)}; ` +
      `peak RSS ${peakMemoryMb().toFixed(0)} MB`,
  );
}

function fmt(x: number): string {
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)}k` : x.toFixed(2);
}

const benches: Bench[] = [
  {
    name: "engine",
    description: "M/M/10 at ρ = 0.9, 1,000,000 patients (target ≥ 2,000,000 patients/s)",
    run: () => {
      engineBench("callbacks", mmcCallbacks);
      engineBench("trajectory", mmcTrajectory);
    },
  },
];

const wanted = process.argv.slice(2);
for (const bench of benches) {
  if (wanted.length > 0 && !wanted.includes(bench.name)) continue;
  console.log(`${bench.name}: ${bench.description}`);
  bench.run();
}
