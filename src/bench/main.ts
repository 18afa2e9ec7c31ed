/**
 * `npm run bench [-- NAME...]`: performance figures, printed as a table. A script, never a test:
 * the machine is noisy, so each bench runs several times and we quote the median.
 */
import { batchBench } from "./batch.js";
import { type EngineBenchResult, mmcCallbacks, mmcGenerators, mmcTrajectory } from "./engine.js";
import { loadAcuteMedical, loadWholeTrust, runYears } from "./hospital.js";
import { studioBench } from "./studio.js";

interface Bench {
  name: string;
  description: string;
  run: () => void | Promise<void>;
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
      engineBench("generators", mmcGenerators);
    },
  },
  {
    name: "hospital",
    description: "one simulated year of scenarios/acute-medical.yaml (target ≤ 0.5 s a replication)",
    run: () => {
      for (const variant of ["standard", "d2a"]) {
        const scenario = loadAcuteMedical(variant);
        runYears(scenario, 1, 99); // warm the JIT
        const years1 = [0, 1, 2, 3, 4].map((r) => runYears(scenario, 1, r));
        const seconds = years1.map((r) => r.seconds);
        console.log(
          `  ${variant.padEnd(9)} 1 year: median ${median(seconds).toFixed(3)} s a replication ` +
            `(runs: ${seconds.map((s) => s.toFixed(3)).join(", ")}); ${years1[0]!.spells} spells, ` +
            `${years1[0]!.events} events; peak heap ${Math.max(...years1.map((r) => r.heapMb)).toFixed(0)} MB`,
        );
      }
      const trust = loadWholeTrust();
      runYears(trust, 1, 99);
      const trustRuns = [0, 1, 2, 3, 4].map((r) => runYears(trust, 1, r));
      console.log(
        `  whole trust (acute medical + theatre-lists) 1 year: median ${median(trustRuns.map((r) => r.seconds)).toFixed(3)} s ` +
          `(target ≤ 0.75 s); ${trustRuns[0]!.spells} spells`,
      );
      const scenario = loadAcuteMedical("standard");
      const ten = runYears(scenario, 10, 0);
      console.log(
        `  standard 10 years: ${ten.seconds.toFixed(2)} s, ${ten.spells} spells; peak heap ${ten.heapMb.toFixed(0)} MB ` +
          "(compare with 1 year above: memory must not grow with the horizon)",
      );
    },
  },
  {
    name: "batch",
    description:
      "1,000 replications of one simulated year of acute-medical, 1 worker and 2 workers (target ≤ 3 min, ≥ 1.8×)",
    run: batchBench,
  },
  {
    name: "studio",
    description:
      "one simulated year of acute-medical in careflow studio's Web Worker (headless Chromium) against Node (target ≤ 1.5×)",
    run: async () => {
      const r = await studioBench();
      const node = median(r.nodeSeconds);
      const web = median(r.browserSeconds);
      const runs = (xs: number[]) => xs.map((s) => s.toFixed(3)).join(", ");
      console.log(`  node     median ${node.toFixed(3)} s a replication (runs: ${runs(r.nodeSeconds)})`);
      console.log(
        `  chromium median ${web.toFixed(3)} s a replication (runs: ${runs(r.browserSeconds)}; ${r.browser})`,
      );
      console.log(`  ratio browser/node: ${(web / node).toFixed(2)}×`);
    },
  },
];

const wanted = process.argv.slice(2);
for (const bench of benches) {
  if (wanted.length > 0 && !wanted.includes(bench.name)) continue;
  console.log(`${bench.name}: ${bench.description}`);
  await bench.run();
}
