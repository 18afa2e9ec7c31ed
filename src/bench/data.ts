/**
 * `npm run bench -- fit` and `npm run bench -- events`: fitting a million synthetic spells (time
 * and peak memory), and what the patient event log costs a simulated year of acute-medical.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EXAMPLE_EXTRACT } from "../fit/example-extract.js";
import { startFit } from "../fit/index.js";
import { syntheticExtractLines, syntheticExtractTime } from "../fit/synthetic.js";
import { simulateScenario } from "../model/run.js";
import { openEventLog } from "../node/event-logs.js";
import { loadAcuteMedical } from "./hospital.js";

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function fitBench(): void {
  // Scale the example's 55 admissions a day to about a million spells in its 364 days.
  const spec = {
    ...EXAMPLE_EXTRACT,
    groups: EXAMPLE_EXTRACT.groups.map((g) => ({ ...g, perDay: g.perDay * 50 })),
  };
  const lines = [...syntheticExtractLines(spec)].map((l) => l.split(","));
  const [header, ...rows] = lines;
  const seconds: number[] = [];
  let peakRss = 0;
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    const fit = startFit(header!, {}, { extractTime: syntheticExtractTime(spec) }, "bench.csv");
    for (let i = 0; i < rows.length; i++) fit.addRow(rows[i]!, i + 2);
    fit.finish();
    seconds.push((performance.now() - started) / 1000);
    peakRss = Math.max(peakRss, process.memoryUsage().rss / 2 ** 20);
  }
  console.log(
    `  ${rows.length} spells, rows already split (reading the file is separate): median ${median(seconds).toFixed(2)} s ` +
      `(runs: ${seconds.map((s) => s.toFixed(2)).join(", ")}; target ≤ 30 s with reading); RSS after ${peakRss.toFixed(0)} MB ` +
      "(includes the split rows held for the bench)",
  );
}

/** Wall-clock and CPU seconds of `work`: CPU time is what a loaded machine distorts least. */
function timed(work: () => void): { wall: number; cpu: number } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  work();
  const used = process.cpuUsage(cpu);
  return { wall: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6 };
}

export function eventsBench(): void {
  const scenario = loadAcuteMedical("standard");
  const dir = mkdtempSync(join(tmpdir(), "careflow-bench-events-"));
  const places = {
    wards: scenario.wards.map((w) => w.id),
    services: scenario.community.map((c) => c.id),
  };
  const off: { wall: number; cpu: number }[] = [];
  const logs = { csv: [] as { wall: number; cpu: number }[], ocel: [] as { wall: number; cpu: number }[] };
  let events = 0;
  for (let round = 0; round < 5; round++) {
    off.push(timed(() => simulateScenario(scenario, { replication: round })));
    for (const format of ["csv", "ocel"] as const) {
      const log = openEventLog(join(dir, `events.${format}`), format);
      logs[format].push(
        timed(() => {
          simulateScenario(scenario, {
            replication: round,
            patientEvents: log.sinkFor("standard", round, scenario.run.start, places),
          });
          log.close();
        }),
      );
      events = log.written;
    }
  }
  rmSync(dir, { recursive: true, force: true });
  const seconds = (xs: { wall: number; cpu: number }[]) =>
    `wall ${median(xs.map((x) => x.wall)).toFixed(3)} s, CPU ${median(xs.map((x) => x.cpu)).toFixed(3)} s`;
  console.log(`  acute-medical 1 year (${events} events), medians of 5: without log ${seconds(off)}`);
  for (const format of ["csv", "ocel"] as const) {
    // Each run is set against the run without a log made just before it: slow spells of load cancel.
    const ratios = (key: "wall" | "cpu") => off.map((o, i) => logs[format][i]![key] / o[key]);
    const wall = ratios("wall");
    console.log(
      `  with ${format === "csv" ? "CSV" : "OCEL 2.0 JSON"} log: ${seconds(logs[format])}; ` +
        `ratio median wall ${median(wall).toFixed(2)}× (runs: ${wall.map((r) => r.toFixed(2)).join(", ")}), ` +
        `CPU ${median(ratios("cpu")).toFixed(2)}×; target ≤ 2×`,
    );
  }
}
