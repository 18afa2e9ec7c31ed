/**
 * M/M/10 at ρ = 0.9 for 1,000,000 patients through the engine's general API: once with plain
 * callbacks and a Resource, once with a trajectory (seize → timeout → release).
 */
import { exponential } from "../engine/distributions.js";
import { Resource } from "../engine/resource.js";
import { Priority, Simulation } from "../engine/simulation.js";
import { addSource, Trajectory } from "../engine/trajectory.js";

export interface EngineBenchResult {
  style: string;
  patients: number;
  events: number;
  seconds: number;
  meanWait: number;
}

const SERVERS = 10;

function timedRun(sim: Simulation, style: string, patients: number, servers: Resource): EngineBenchResult {
  const start = process.hrtime.bigint();
  sim.run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { style, patients, events: sim.eventsProcessed, seconds, meanWait: servers.waitTime.mean };
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
