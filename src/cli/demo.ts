/** `careflow demo`: an M/M/c queue through the engine, printed beside Erlang C. */
import { exponential } from "../engine/distributions.js";
import { Resource } from "../engine/resource.js";
import { Priority, Simulation } from "../engine/simulation.js";
import { Tally } from "../engine/statistics/index.js";
import { erlangC, mmcMeanWait } from "../queueing/index.js";

export interface MmcResult {
  meanWait: Tally;
  probWait: Tally;
}

/** Replications of an M/M/c queue; each replication's mean wait and share who waited. */
export function simulateMmc(
  lambda: number,
  mu: number,
  servers: number,
  customers: number,
  replications: number,
  seed: number,
  warmupCustomers = Math.floor(customers / 10),
): MmcResult {
  const meanWait = new Tally();
  const probWait = new Tally();
  for (let r = 0; r < replications; r++) {
    const sim = new Simulation({ seed, replication: r });
    const desk = new Resource(sim, "servers", servers);
    const arrivals = sim.random.get("arrivals");
    const services = sim.random.get("service");
    const interarrival = exponential(1 / lambda);
    const service = exponential(1 / mu);
    const waits = new Tally();
    let waited = 0;
    let arrived = 0;
    const done = (): void => desk.release(1);
    const arrive = (): void => {
      const index = arrived++;
      const at = sim.now;
      const start = (): void => {
        if (index >= warmupCustomers) {
          waits.add(sim.now - at);
          if (sim.now > at) waited++;
        }
        sim.schedule(service.sample(services), done, undefined, Priority.release);
      };
      if (desk.seize(1, start, undefined) === "granted") start();
      if (arrived < customers) sim.schedule(interarrival.sample(arrivals), arrive, undefined);
    };
    sim.schedule(interarrival.sample(arrivals), arrive, undefined);
    sim.run();
    meanWait.add(waits.mean);
    probWait.add(waited / waits.count);
  }
  return { meanWait, probWait };
}

export function runDemo(): string {
  const lambda = 9;
  const mu = 1;
  const servers = 10;
  const result = simulateMmc(lambda, mu, servers, 200_000, 10, 1);
  const theoryWait = mmcMeanWait(lambda, mu, servers);
  const theoryP = erlangC(servers, lambda / mu);
  const ci = (t: Tally) => (2.262 * t.sd) / Math.sqrt(t.count); // t(0.975, 9)
  return [
    `M/M/${servers}, arrival rate ${lambda}, service rate ${mu} (ρ = ${(lambda / (servers * mu)).toFixed(2)}),`,
    "10 replications of 200,000 customers through the careflow engine:",
    `  mean wait     simulated ${result.meanWait.mean.toFixed(4)} ± ${ci(result.meanWait).toFixed(4)}   Erlang C ${theoryWait.toFixed(4)}`,
    `  P(wait > 0)   simulated ${result.probWait.mean.toFixed(4)} ± ${ci(result.probWait).toFixed(4)}   Erlang C ${theoryP.toFixed(4)}`,
  ].join("\n");
}
