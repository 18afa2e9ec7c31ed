/**
 * One simulated year of scenarios/acute-medical.yaml (≈ 720 beds, ≈ 68,000 spells), and the same
 * for ten years to show that memory does not grow with the horizon.
 */
import { fileURLToPath } from "node:url";
import { simulateScenario } from "../model/run.js";
import { loadScenario } from "../node/scenario-file.js";
import type { Scenario } from "../scenario/schema.js";
import { readStopwatch, startStopwatch } from "./engine.js";

const SCENARIO = fileURLToPath(new URL("../../scenarios/acute-medical.yaml", import.meta.url));
const THEATRES = fileURLToPath(new URL("../../scenarios/theatre-lists.yaml", import.meta.url));

export interface HospitalBenchResult {
  seconds: number;
  /** CPU seconds of the process over the same span (the collections' pauses left out, as from seconds). */
  cpuSeconds: number;
  spells: number;
  events: number;
  /** Largest live heap seen after a full collection (probed runs under node --expose-gc; NaN otherwise). */
  heapMb: number;
}

export function loadAcuteMedical(variant = "standard"): Scenario {
  return loadScenario(SCENARIO, variant).scenario;
}

/**
 * The whole trust: the acute medical take joined with the surgical service and its theatre lists
 * (wards, emergency groups and electives of both; the acute file's discharge and community).
 */
export function loadWholeTrust(): Scenario {
  const acute = loadScenario(SCENARIO, "standard").scenario;
  const surgical = loadScenario(THEATRES).scenario;
  return {
    ...acute,
    name: "Whole trust: acute medicine and surgery with theatre lists",
    wards: [...acute.wards, ...surgical.wards],
    groups: [...acute.groups, ...surgical.groups],
    ...(surgical.electives ? { electives: surgical.electives } : {}),
  };
}

/**
 * A run of `years` simulated years. Timed runs are left alone; with `probeMemory` (and node
 * --expose-gc), live memory is read after a full collection every 500,000 events (what the run
 * holds, not garbage waiting to be collected). The probes are kept out of timed runs because
 * they cost more than their pauses: after a forced full collection the same year took twice the
 * CPU time (0.36 → 0.73 s, measured in one process with and without them), so the hospital
 * figures quoted before this separation were inflated by the measurement itself.
 */
export function runYears(
  scenario: Scenario,
  years: number,
  replication: number,
  probeMemory = false,
): HospitalBenchResult {
  const s = { ...scenario, run: { ...scenario.run, horizon: years * 365 * 1440 } };
  const gc = probeMemory ? (globalThis as { gc?: () => void }).gc : undefined;
  gc?.();
  let peakHeap = Number.NaN;
  const start = startStopwatch();
  const result = simulateScenario(s, {
    replication,
    ...(gc === undefined
      ? {}
      : {
          afterEvent: (h) => {
            if (h.sim.eventsProcessed % 500_000 === 0) {
              gc();
              const used = process.memoryUsage().heapUsed;
              if (!(used <= peakHeap)) peakHeap = used;
            }
          },
        }),
  });
  const { seconds, cpuSeconds } = readStopwatch(start);
  return {
    seconds,
    cpuSeconds,
    spells: result.summary.los.overall.spells,
    events: result.summary.events,
    heapMb: peakHeap / 2 ** 20,
  };
}
