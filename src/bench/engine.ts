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
  const start = process.hrtime.bigint();
  sim.run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return {
    style: "callbacks",
    patients,
    events: sim.eventsProcessed,
    seconds,
    meanWait: servers.waitTime.mean,
  };
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
  const start = process.hrtime.bigint();
  sim.run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return {
    style: "trajectory",
    patients,
    events: sim.eventsProcessed,
    seconds,
    meanWait: servers.waitTime.mean,
  };
}
