/**
 * M/M/10 at ρ = 0.9 for 1,000,000 patients through the engine's general API: once with plain
 * callbacks and a Resource, once with a trajectory (seize → timeout → release).
 */
import { createRequire } from "node:module";
import { exponential } from "../engine/distributions.js";
import { Resource } from "../engine/resource.js";
import { Priority, Simulation } from "../engine/simulation.js";
import { addSource, Trajectory } from "../engine/trajectory.js";

export interface EngineBenchResult {
  style: string;
  patients: number;
  events: number;
  seconds: number;
  /** CPU seconds of the process over the same span: on a loaded machine, time others took is left out. */
  cpuSeconds: number;
  meanWait: number;
}

export interface Stopwatch {
  wall: bigint;
  cpu: NodeJS.CpuUsage;
}

export function startStopwatch(): Stopwatch {
  return { wall: process.hrtime.bigint(), cpu: process.cpuUsage() };
}

export function readStopwatch(start: Stopwatch): { seconds: number; cpuSeconds: number } {
  const cpu = process.cpuUsage(start.cpu);
  return {
    seconds: Number(process.hrtime.bigint() - start.wall) / 1e9,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

const SERVERS = 10;

function timedRun(sim: Simulation, style: string, patients: number, servers: Resource): EngineBenchResult {
  const start = startStopwatch();
  sim.run();
  return {
    style,
    patients,
    events: sim.eventsProcessed,
    ...readStopwatch(start),
    meanWait: servers.waitTime.mean,
  };
}
const SERVICE_MEAN = 1;
const RHO = 0.9;

export function mmcCallbacks(patients: number, seed = 1): EngineBenchResult {
  const sim = new Simulation({ seed });
  const servers = new Resource(sim, "servers", SERVERS);
  const arrivalStream = sim.random.get("arrivals");
  const serviceStream = sim.random.get("service");
  const interarrival = exponential(SERVICE_MEAN / (SERVERS * RHO));
  const service = exponential(SERVICE_MEAN);
  let arrived = 0;
  const depart = (): void => servers.release(1);
  const startService = (): void => {
    sim.schedule(service.sample(serviceStream), depart, undefined, Priority.release);
  };
  const arrive = (): void => {
    arrived++;
    if (servers.seize(1, startService, undefined) === "granted") startService();
    if (arrived < patients) sim.schedule(interarrival.sample(arrivalStream), arrive, undefined);
  };
  sim.schedule(interarrival.sample(arrivalStream), arrive, undefined);
  return timedRun(sim, "callbacks", patients, servers);
}

export function mmcTrajectory(patients: number, seed = 1): EngineBenchResult {
  const sim = new Simulation({ seed });
  const servers = new Resource(sim, "servers", SERVERS);
  const service = exponential(SERVICE_MEAN);
  const interarrival = exponential(SERVICE_MEAN / (SERVERS * RHO));
  const patient = new Trajectory(sim, "patient")
    .seize(servers)
    .timeout(service, sim.random.get("service"))
    .release(servers);
  addSource(sim, patient, (s) => interarrival.sample(s), sim.random.get("arrivals"), { limit: patients });
  return timedRun(sim, "trajectory", patients, servers);
}

/**
 * The same model with SimPy-style generator processes, kept only to justify the engine's choice
 * of callbacks: each step costs a generator resume and an iterator result object.
 */
export function mmcGenerators(patients: number, seed = 1): EngineBenchResult {
  const sim = new Simulation({ seed });
  const servers = new Resource(sim, "servers", SERVERS);
  const arrivalStream = sim.random.get("arrivals");
  const serviceStream = sim.random.get("service");
  const interarrival = exponential(SERVICE_MEAN / (SERVERS * RHO));
  const service = exponential(SERVICE_MEAN);
  type Step = number | Resource;
  const resume = (process: Generator<Step, void, void>): void => {
    for (;;) {
      const next = process.next();
      if (next.done === true) return;
      const step = next.value;
      if (typeof step === "number") {
        sim.schedule(step, resume, process, Priority.release);
        return;
      }
      if (step.seize(1, resume, process) !== "granted") return;
    }
  };
  function* patient(): Generator<Step, void, void> {
    yield servers;
    yield service.sample(serviceStream);
    servers.release(1);
  }
  function* source(): Generator<Step, void, void> {
    for (let i = 0; i < patients; i++) {
      yield interarrival.sample(arrivalStream);
      resume(patient());
    }
  }
  resume(source());
  return timedRun(sim, "generators", patients, servers);
}

/**
 * The yardstick: M/M/10 written by hand with nothing general in it. One typed-array binary heap of
 * (time, kind) with kind 0 = arrival and 1 = departure, a ring buffer of waiting patients' arrival
 * times, and an inline xorshift128 generator (Marsaglia 2003). It is what a careful programmer
 * would write for this one model; the engine's general API is measured against it.
 */
export function mmcBareLoop(patients: number, seed = 1): EngineBenchResult {
  const start = startStopwatch();
  const arrivalMean = SERVICE_MEAN / (SERVERS * RHO);
  let x = 123456789 ^ seed;
  let y = 362436069;
  let z = 521288629;
  let w = 88675123 ^ Math.imul(seed, 0x9e3779b9);
  const uniform = (): number => {
    const t = x ^ (x << 11);
    x = y;
    y = z;
    z = w;
    w = w ^ (w >>> 19) ^ (t ^ (t >>> 8));
    return ((w >>> 0) + 0.5) / 4294967296;
  };
  const capacity = 1024;
  const heapTime = new Float64Array(capacity);
  const heapKind = new Uint8Array(capacity);
  let heapLength = 0;
  const push = (time: number, kind: number): void => {
    let hole = heapLength++;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      if (heapTime[parent]! <= time) break;
      heapTime[hole] = heapTime[parent]!;
      heapKind[hole] = heapKind[parent]!;
      hole = parent;
    }
    heapTime[hole] = time;
    heapKind[hole] = kind;
  };
  let waitingCapacity = 1 << 16;
  let waiting = new Float64Array(waitingCapacity);
  let head = 0;
  let queued = 0;
  let busy = 0;
  let arrived = 0;
  let events = 0;
  let waitSum = 0;
  let served = 0;
  push(-arrivalMean * Math.log(uniform()), 0);
  while (heapLength > 0) {
    const now = heapTime[0]!;
    const kind = heapKind[0]!;
    const last = --heapLength;
    if (last > 0) {
      const time = heapTime[last]!;
      const lastKind = heapKind[last]!;
      let hole = 0;
      for (;;) {
        let child = 2 * hole + 1;
        if (child >= last) break;
        if (child + 1 < last && heapTime[child + 1]! < heapTime[child]!) child++;
        if (time <= heapTime[child]!) break;
        heapTime[hole] = heapTime[child]!;
        heapKind[hole] = heapKind[child]!;
        hole = child;
      }
      heapTime[hole] = time;
      heapKind[hole] = lastKind;
    }
    events++;
    if (kind === 0) {
      arrived++;
      if (busy < SERVERS) {
        busy++;
        served++;
        push(now - SERVICE_MEAN * Math.log(uniform()), 1);
      } else {
        if (queued === waitingCapacity) {
          const grown = new Float64Array(waitingCapacity * 2);
          for (let i = 0; i < queued; i++) grown[i] = waiting[(head + i) & (waitingCapacity - 1)]!;
          waiting = grown;
          head = 0;
          waitingCapacity *= 2;
        }
        waiting[(head + queued++) & (waitingCapacity - 1)] = now;
      }
      if (arrived < patients) push(now - arrivalMean * Math.log(uniform()), 0);
    } else if (queued > 0) {
      waitSum += now - waiting[head]!;
      head = (head + 1) & (waitingCapacity - 1);
      queued--;
      served++;
      push(now - SERVICE_MEAN * Math.log(uniform()), 1);
    } else {
      busy--;
    }
  }
  return { style: "bare loop", patients, events, ...readStopwatch(start), meanWait: waitSum / served };
}

/** The subset of SimJS 2.0.3 (npm `simjs`) that the comparison uses. */
interface SimJs {
  Sim: new () => {
    addEntity(klass: unknown): unknown;
    simulate(endTime: number): void;
    queue: { data: unknown[] };
  };
  Entity: new (...args: unknown[]) => object;
  Facility: (new (
    name: string,
    discipline: number,
    servers: number,
  ) => { stats: unknown }) & { FCFS: number };
  Random: new (seed: number) => { exponential(rate: number): number };
}

let simJs: SimJs | null | undefined;

/**
 * SimJS, a JavaScript discrete-event library: the same M/M/10 with its Entity, Facility and
 * Random (Mersenne Twister). Not a dependency of careflow: installed only for the benchmark, and
 * skipped ("simjs not installed") where it is missing.
 */
export function loadSimJs(): boolean {
  if (simJs !== undefined) return simJs !== null;
  // CAREFLOW_BENCH_SIMJS names the file where it is installed outside this project's modules.
  // simjs 2.0.3 is a browserify bundle built without a standalone wrapper: in Node its
  // module.exports stays empty and it hands its classes only to a global `window`, so one is
  // lent for the require and taken back.
  const require = createRequire(import.meta.url);
  const global = globalThis as { window?: { Sim?: SimJs } };
  for (const specifier of [process.env.CAREFLOW_BENCH_SIMJS, "simjs"]) {
    if (specifier === undefined || specifier === "") continue;
    const hadWindow = "window" in global;
    if (!hadWindow) global.window = {};
    try {
      require(specifier);
      const found = global.window?.Sim;
      if (found !== undefined) {
        simJs = found;
        return true;
      }
    } catch {
      // try the next place
    } finally {
      if (!hadWindow) delete global.window;
    }
  }
  simJs = null;
  return simJs !== null;
}

export function mmcSimJs(patients: number, seed = 1): EngineBenchResult {
  if (simJs === undefined || simJs === null) throw new Error("simjs not installed");
  const lib = simJs;
  const sim = new lib.Sim();
  const servers = new lib.Facility("servers", lib.Facility.FCFS, SERVERS);
  const random = new lib.Random(seed);
  const arrivalRate = (SERVERS * RHO) / SERVICE_MEAN;
  let arrived = 0;
  let departed = 0;
  let waitSum = 0;
  // SimJS entities are classes with a start(); setTimer(...).done(...) chains the next step.
  const Entity = lib.Entity as new (
    ...args: unknown[]
  ) => {
    setTimer(delay: number): { done(callback: () => void): void };
    useFacility(facility: unknown, duration: number): { done(callback: () => void): void };
    time(): number;
  };
  class Source extends Entity {
    start(): void {
      this.setTimer(random.exponential(arrivalRate)).done(() => this.arrive());
    }
    arrive(): void {
      arrived++;
      const service = random.exponential(1 / SERVICE_MEAN);
      const arrivedAt = this.time();
      this.useFacility(servers, service).done(() => {
        departed++;
        waitSum += this.time() - arrivedAt - service;
      });
      if (arrived < patients) this.start();
    }
  }
  const start = startStopwatch();
  sim.addEntity(Source);
  sim.simulate(Number.POSITIVE_INFINITY);
  return {
    style: "simjs",
    patients,
    events: 2 * patients,
    ...readStopwatch(start),
    meanWait: waitSum / departed,
  };
}
