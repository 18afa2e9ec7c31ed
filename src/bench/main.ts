/**
 * `npm run bench [-- NAME...]`: performance figures, printed as a table. A script, never a test:
 * the machine is noisy, so each bench runs several times and we quote the median.
 */
import { availableParallelism, cpus, loadavg as osLoadavg } from "node:os";
import { batchBench } from "./batch.js";
import { eventsBench, fitBench } from "./data.js";
import {
  type EngineBenchResult,
  loadSimJs,
  mmcBareLoop,
  mmcCallbacks,
  mmcGenerators,
  mmcSimJs,
  mmcTrajectory,
} from "./engine.js";
import { loadAcuteMedical, loadWholeTrust, runYears } from "./hospital.js";
import { mergeBench } from "./merge.js";
import { specialBench } from "./special.js";
import { studioBatchBench, studioBench } from "./studio.js";

interface Bench {
  name: string;
  description: string;
  run: () => void | Promise<void>;
}

const loadText = (): string =>
  osLoadavg()
    .map((x) => x.toFixed(1))
    .join(" ");

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function peakMemoryMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

const ENGINE_PATIENTS = 1_000_000;
const ENGINE_ROUNDS = 7;

type EngineRun = (n: number, seed: number) => EngineBenchResult;

/**
 * Runs every style once per round, round after round, so that a burst of load from other
 * processes hits all styles alike; ratios are taken within a round and their median quoted.
 */
function engineBench(styles: Record<string, EngineRun>): {
  rates: Record<string, number[]>;
  cpuRates: Record<string, number[]>;
} {
  const rates: Record<string, number[]> = {};
  const cpuRates: Record<string, number[]> = {};
  const waits: Record<string, number> = {};
  for (const [style, run] of Object.entries(styles)) {
    run(100_000, 99); // warm the JIT
    rates[style] = [];
    cpuRates[style] = [];
  }
  for (let round = 0; round < ENGINE_ROUNDS; round++) {
    for (const [style, run] of Object.entries(styles)) {
      const result = run(ENGINE_PATIENTS, round + 1);
      rates[style]!.push(result.patients / result.seconds);
      cpuRates[style]!.push(result.patients / result.cpuSeconds);
      if (round === 0) waits[style] = result.meanWait;
    }
  }
  for (const [style, r] of Object.entries(rates)) {
    console.log(
      `  ${style.padEnd(11)} median ${fmt(median(r))} patients/s (runs: ${r.map(fmt).join(", ")}); ` +
        `mean wait ${waits[style]!.toFixed(4)} (Erlang C: 0.6687)`,
    );
  }
  console.log(
    `  peak RSS ${peakMemoryMb().toFixed(0)} MB; load average ${osLoadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
  );
  return { rates, cpuRates };
}

/** Median over rounds of a's rate over b's in the same round. */
function medianRatio(a: number[], b: number[]): number {
  return median(a.map((x, i) => x / b[i]!));
}

/**
 * One simulated year of `scenario` against the bare loop's 1,000,000 patients, alternating round
 * by round so both see the same load; returns the seconds of each and their per-round ratios.
 */
function yearAgainstBareLoop(
  scenario: ReturnType<typeof loadAcuteMedical>,
  rounds = 5,
): { years: ReturnType<typeof runYears>[]; bare: number[]; ratios: number[]; cpuRatios: number[] } {
  mmcBareLoop(200_000, 99); // warm the JIT
  runYears(scenario, 1, 99);
  const years: ReturnType<typeof runYears>[] = [];
  const bare: EngineBenchResult[] = [];
  for (let r = 0; r < rounds; r++) {
    bare.push(mmcBareLoop(ENGINE_PATIENTS, r + 1));
    years.push(runYears(scenario, 1, r));
  }
  return {
    years,
    bare: bare.map((b) => b.seconds),
    ratios: years.map((y, i) => y.seconds / bare[i]!.seconds),
    cpuRatios: years.map((y, i) => y.cpuSeconds / bare[i]!.cpuSeconds),
  };
}

function fmt(x: number): string {
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)}k` : x.toFixed(2);
}

const benches: Bench[] = [
  {
    name: "engine",
    description:
      "M/M/10 at ρ = 0.9, 1,000,000 patients: the general API against a bare hand-written loop and SimJS",
    run: () => {
      const styles: Record<string, EngineRun> = {
        "bare loop": mmcBareLoop,
        callbacks: mmcCallbacks,
        trajectory: mmcTrajectory,
        generators: mmcGenerators,
      };
      if (loadSimJs()) styles.simjs = mmcSimJs;
      else
        console.log(
          "  simjs       not installed (npm i simjs@2.0.3, or CAREFLOW_BENCH_SIMJS=<path to sim.js>)",
        );
      const { rates, cpuRates } = engineBench(styles);
      for (const [clock, r] of [
        ["wall-clock", rates],
        ["CPU-time", cpuRates],
      ] as const) {
        const ratio = (a: string, b: string): string =>
          r[b] === undefined ? "n/a" : medianRatio(r[a]!, r[b]!).toFixed(2);
        console.log(
          `  ${clock} rates: callbacks ÷ bare loop ${ratio("callbacks", "bare loop")} (target ≥ 0.60); ` +
            `trajectory ÷ bare loop ${ratio("trajectory", "bare loop")}; ` +
            `callbacks ÷ simjs ${ratio("callbacks", "simjs")} (target ≥ 4); medians of per-round ratios`,
        );
      }
    },
  },
  {
    name: "hospital",
    description:
      "one simulated year of scenarios/acute-medical.yaml (target ≤ 1.45× the bare M/M/10 loop's 1,000,000 patients)",
    run: () => {
      for (const variant of ["standard", "d2a"]) {
        const { years, bare, ratios, cpuRatios } = yearAgainstBareLoop(loadAcuteMedical(variant));
        const seconds = years.map((r) => r.seconds);
        console.log(
          `  ${variant.padEnd(9)} 1 year: median ${median(seconds).toFixed(3)} s a replication ` +
            `(runs: ${seconds.map((s) => s.toFixed(3)).join(", ")}); ${years[0]!.spells} spells, ` +
            `${years[0]!.events} events`,
        );
        console.log(
          `            bare M/M/10 loop, 1,000,000 patients, in the same rounds: median ${median(bare).toFixed(3)} s; ` +
            `year ÷ bare loop: median ${median(ratios).toFixed(2)}× (runs: ${ratios.map((r) => r.toFixed(2)).join(", ")}; ` +
            "target ≤ 1.45×)",
        );
        console.log(
          `            in CPU time (what other processes took left out): year ÷ bare loop median ${median(cpuRatios).toFixed(2)}× ` +
            `(runs: ${cpuRatios.map((r) => r.toFixed(2)).join(", ")}); load average ${osLoadavg()[0]!.toFixed(1)}`,
        );
      }
      const trust = loadWholeTrust();
      runYears(trust, 1, 99);
      const trustRuns = [0, 1, 2, 3, 4].map((r) => runYears(trust, 1, r));
      console.log(
        `  whole trust (acute medical + theatre-lists) 1 year: median ${median(trustRuns.map((r) => r.seconds)).toFixed(3)} s ` +
          `(target ≤ 0.75 s); ${trustRuns[0]!.spells} spells`,
      );
      // Memory last, in runs of its own: the probes would slow timed runs (see runYears).
      const scenario = loadAcuteMedical("standard");
      const one = runYears(scenario, 1, 0, true);
      const ten = runYears(scenario, 10, 0, true);
      console.log(
        `  standard, peak live heap: 1 year ${one.heapMb.toFixed(0)} MB, 10 years ${ten.heapMb.toFixed(0)} MB ` +
          `(${ten.spells} spells; memory must not grow with the horizon)`,
      );
    },
  },
  {
    name: "fit",
    description: "careflow fit on 1,000,000 synthetic spells (target ≤ 30 s, peak memory < 1 GB)",
    run: fitBench,
  },
  {
    name: "events",
    description: "a simulated year of acute-medical with and without the patient event log (target ≤ 2×)",
    run: eventsBench,
  },
  {
    name: "batch",
    description:
      "1,000 replications of one simulated year of acute-medical, 1 worker and 2 workers (target ≤ 3 min, ≥ 1.85×)",
    run: batchBench,
  },
  {
    name: "studio",
    description:
      "one simulated year of acute-medical in careflow studio's Web Worker (headless Chromium) against Node (target ≤ 1.5×); 20 replications of two variants finished and charted in the studio against careflow batch -n 20 (target ≤ 2×)",
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
      const loadBefore = loadText();
      const b = await studioBatchBench();
      const cli = median(b.cliSeconds);
      const studio = median(b.studioSeconds);
      const list = (xs: number[]) => xs.map((s) => s.toFixed(1)).join(", ");
      console.log("  20 replications × 2 variants (standard, d2a), finished and charted:");
      console.log(`  careflow batch -n 20 median ${cli.toFixed(1)} s (runs: ${list(b.cliSeconds)})`);
      console.log(
        `  studio (chromium, ${b.workers} workers) median ${studio.toFixed(1)} s (runs: ${list(b.studioSeconds)})`,
      );
      console.log(`  ratio studio/batch: ${(studio / cli).toFixed(2)}× (target ≤ 2×)`);
      console.log(`  load average before ${loadBefore}, after ${loadText()} (${cpus().length} cores)`);
    },
  },
  {
    name: "merge",
    description:
      "careflow merge of 100 shards, 100,000 replications × 2 variants of synthetic records (target < 2 min, < 512 MB)",
    run: mergeBench,
  },
  {
    name: "special",
    description:
      "the normal quantile of truncated-normal and uncertain-input draws: our own against @stdlib's",
    run: specialBench,
  },
];

const wanted = process.argv.slice(2);
for (const bench of benches) {
  if (wanted.length > 0 && !wanted.includes(bench.name)) continue;
  console.log(`${bench.name}: ${bench.description}`);
  await bench.run();
}
