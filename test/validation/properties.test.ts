/**
 * Properties that must hold for every queue the engine runs, not just on average: conservation
 * of customers at any stopping time, first-come-first-served order, reproducibility from the
 * seed, and a clock that never runs backwards. fast-check draws small M/M/c-like configurations,
 * including constant service times, which put departures and arrivals on the same instants and
 * so exercise the tie-breaking rules.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { constant, type Distribution, exponential, lognormal } from "../../src/engine/distributions.js";
import { Resource } from "../../src/engine/resource.js";
import { Priority, Simulation } from "../../src/engine/simulation.js";

type ServiceKind = "exponential" | "lognormal" | "constant";

interface QueueConfig {
  servers: number;
  meanInterarrival: number;
  meanService: number;
  serviceKind: ServiceKind;
  customers: number;
  seed: number;
  replication: number;
  /** Where to pause the run, as a fraction of the time the last customer should arrive. */
  stopFraction: number;
}

function serviceDistribution(kind: ServiceKind, mean: number): Distribution {
  switch (kind) {
    case "exponential":
      return exponential(mean);
    case "lognormal":
      return lognormal(mean, 1.5 * mean);
    case "constant":
      return constant(mean);
  }
}

interface Snapshot {
  time: number;
  arrived: number;
  /** Customers whose service has finished. */
  served: number;
  waiting: number;
  inService: number;
  /** The Resource's own count of grants, which must cover exactly served + in service. */
  seizes: number;
  /** Handlers run so far. */
  handlersRun: number;
}

interface QueueRun {
  snapshot: Snapshot;
  departureTimes: number[];
  /** Customer indices in the order their service started. */
  startOrder: number[];
  /** sim.now as every handler saw it, in execution order. */
  clock: number[];
  final: Snapshot;
}

function runQueue(config: QueueConfig): QueueRun {
  const sim = new Simulation({ seed: config.seed, replication: config.replication });
  const desk = new Resource(sim, "desk", config.servers);
  const arrivalStream = sim.random.get("arrivals");
  const serviceStream = sim.random.get("service");
  const interarrival = exponential(config.meanInterarrival);
  const service = serviceDistribution(config.serviceKind, config.meanService);
  const departureTimes: number[] = [];
  const startOrder: number[] = [];
  const clock: number[] = [];
  let arrived = 0;
  let served = 0;

  const depart = (): void => {
    clock.push(sim.now);
    desk.release(1);
    served++;
    departureTimes.push(sim.now);
  };
  const start = (index: number): void => {
    clock.push(sim.now);
    startOrder.push(index);
    sim.schedule(service.sample(serviceStream), depart, undefined, Priority.release);
  };
  const arrive = (): void => {
    clock.push(sim.now);
    const index = arrived++;
    if (desk.seize(1, start, index) === "granted") start(index);
    if (arrived < config.customers) sim.schedule(interarrival.sample(arrivalStream), arrive, undefined);
  };
  sim.schedule(interarrival.sample(arrivalStream), arrive, undefined);

  const take = (): Snapshot => ({
    time: sim.now,
    arrived,
    served,
    waiting: desk.queueLength,
    inService: desk.inUse,
    seizes: desk.seizes,
    handlersRun: clock.length,
  });
  sim.run(config.stopFraction * config.customers * config.meanInterarrival);
  const snapshot = take();
  sim.run();
  return { snapshot, departureTimes, startOrder, clock, final: take() };
}

const configArbitrary: fc.Arbitrary<QueueConfig> = fc.record({
  servers: fc.integer({ min: 1, max: 4 }),
  meanInterarrival: fc.double({ min: 0.1, max: 10, noNaN: true }),
  meanService: fc.double({ min: 0.1, max: 20, noNaN: true }),
  serviceKind: fc.constantFrom<ServiceKind>("exponential", "lognormal", "constant"),
  customers: fc.integer({ min: 1, max: 200 }),
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  replication: fc.integer({ min: 0, max: 50 }),
  stopFraction: fc.double({ min: 0, max: 1.5, noNaN: true }),
});

// Each property runs a few hundred events per case; 100 cases keep the file well under a second.
const NUM_RUNS = 100;

describe("queue invariants for random M/M/c-like configurations", () => {
  it("every arrival is served, waiting or in service at any stopping time", () => {
    fc.assert(
      fc.property(configArbitrary, (config) => {
        const { snapshot, final } = runQueue(config);
        expect(snapshot.arrived).toBe(snapshot.served + snapshot.waiting + snapshot.inService);
        expect(snapshot.seizes).toBe(snapshot.served + snapshot.inService);
        expect(snapshot.inService).toBeLessThanOrEqual(config.servers);
        // Nobody waits while a server is idle.
        if (snapshot.waiting > 0) expect(snapshot.inService).toBe(config.servers);
        // Run to the end: everyone was served and the system is empty.
        expect(final).toMatchObject({
          arrived: config.customers,
          served: config.customers,
          waiting: 0,
          inService: 0,
        });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("serves customers first come, first served", () => {
    fc.assert(
      fc.property(configArbitrary, (config) => {
        const { startOrder } = runQueue(config);
        expect(startOrder).toEqual(Array.from({ length: config.customers }, (_, i) => i));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("the same seed reproduces the run exactly; another seed or replication does not", () => {
    fc.assert(
      fc.property(configArbitrary, (config) => {
        const first = runQueue(config);
        const again = runQueue(config);
        expect(again.departureTimes).toEqual(first.departureTimes);
        expect(again.clock).toEqual(first.clock);
        expect(again.snapshot).toEqual(first.snapshot);
        // Interarrival times are continuous draws, so another stream gives other times (a tie
        // between doubles from different streams has probability ~0).
        expect(runQueue({ ...config, seed: config.seed + 1 }).departureTimes).not.toEqual(
          first.departureTimes,
        );
        expect(runQueue({ ...config, replication: config.replication + 1 }).departureTimes).not.toEqual(
          first.departureTimes,
        );
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("the clock never goes back, and run(until) never passes until", () => {
    fc.assert(
      fc.property(configArbitrary, (config) => {
        const { clock, snapshot } = runQueue(config);
        for (let i = 1; i < clock.length; i++) expect(clock[i]!).toBeGreaterThanOrEqual(clock[i - 1]!);
        const until = config.stopFraction * config.customers * config.meanInterarrival;
        expect(snapshot.time).toBe(until);
        // run(until) ran exactly the events due by `until`, and left every later one for the next run.
        const paused = snapshot.handlersRun;
        expect(clock.slice(0, paused).every((t) => t <= until)).toBe(true);
        expect(clock.slice(paused).every((t) => t > until)).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
