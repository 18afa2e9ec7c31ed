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
import { CsvEventLog } from "../node/event-log.js";
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

export function eventsBench(): void {
  const scenario = loadAcuteMedical("standard");
  const dir = mkdtempSync(join(tmpdir(), "careflow-bench-events-"));
  const off: number[] = [];
  const csv: number[] = [];
  let events = 0;
  for (let round = 0; round < 5; round++) {
    let started = performance.now();
    simulateScenario(scenario, { replication: round });
    off.push((performance.now() - started) / 1000);
    const log = new CsvEventLog(join(dir, "events.csv"));
    started = performance.now();
    simulateScenario(scenario, {
      replication: round,
      patientEvents: log.sinkFor("standard", round, scenario.run.start),
    });
    log.close();
    csv.push((performance.now() - started) / 1000);
    events = log.written;
  }
  rmSync(dir, { recursive: true, force: true });
  const ratios = off.map((o, i) => csv[i]! / o);
  console.log(
    `  acute-medical 1 year: without log median ${median(off).toFixed(3)} s; with CSV log (${events} events) ` +
      `median ${median(csv).toFixed(3)} s; ratio median ${median(ratios).toFixed(2)}× (runs: ${ratios.map((r) => r.toFixed(2)).join(", ")}; target ≤ 2×)`,
  );
}
