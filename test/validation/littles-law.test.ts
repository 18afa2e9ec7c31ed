/**
 * Little's law, L = λW, on a small network with feedback, built from engine Resources:
 *
 *   Poisson(λ) → A (2 servers) ─┬─ p ──→ B (1 server) ─┬─ q ──→ back to A
 *                               └─ 1−p → exit          └─ 1−q → exit
 *
 * Little's law holds on every sample path, so per replication the time-average number in the
 * system over a window must equal (arrivals in the window / window length) × (their mean sojourn),
 * up to edge effects at the window's ends: customers already present at its start count in L but
 * not in W, those still present at its end count in W beyond the window. In steady state the two
 * edges cancel in expectation, so the replication mean of L − λW must be 0 within its confidence
 * interval. With exponential services and Bernoulli routing the network is also a Jackson
 * network, whose product form gives L exactly, so the same runs check the numbers themselves.
 */
import { beforeAll, describe, it } from "vitest";
import { exponential } from "../../src/engine/distributions.js";
import { Resource } from "../../src/engine/resource.js";
import { Priority, Simulation } from "../../src/engine/simulation.js";
import { TimeWeighted } from "../../src/engine/statistics/time-weighted.js";
import { mmcMeanQueueLength } from "../../src/queueing/index.js";
import { expectMatchesTheory, replicate, SEED } from "./helpers.js";

const LAMBDA = 1.5;
const A_SERVERS = 2;
const A_MEAN_SERVICE = 0.7;
const B_SERVERS = 1;
const B_MEAN_SERVICE = 1.2;
/** Probability of going from A on to B. */
const P_TO_B = 0.4;
/** Probability of going from B back to A. */
const Q_FEEDBACK = 0.3;

class Customer {
  constructor(readonly arrivedAt: number) {}
}

interface LittleReplication {
  /** Time-average number in system over the window. */
  l: number;
  /** Arrivals in the window per unit time. */
  lambda: number;
  /** Mean sojourn of the customers who arrived in the window (followed until they leave). */
  w: number;
}

function simulateNetwork(warmup: number, horizon: number, replication: number): LittleReplication {
  const sim = new Simulation({ seed: SEED, replication });
  const stationA = new Resource(sim, "A", A_SERVERS);
  const stationB = new Resource(sim, "B", B_SERVERS);
  const arrivalStream = sim.random.get("arrivals");
  const serviceA = exponential(A_MEAN_SERVICE);
  const serviceB = exponential(B_MEAN_SERVICE);
  const streamA = sim.random.get("service/A");
  const streamB = sim.random.get("service/B");
  const routing = sim.random.get("routing");
  const interarrival = exponential(1 / LAMBDA);
  const end = warmup + horizon;

  const inSystem = new TimeWeighted(sim.now, 0);
  let present = 0;
  let windowArrivals = 0;
  let windowSojournSum = 0;
  let windowDepartures = 0;
  let l = Number.NaN;

  const leave = (customer: Customer): void => {
    inSystem.update(sim.now, --present);
    if (customer.arrivedAt >= warmup && customer.arrivedAt <= end) {
      windowSojournSum += sim.now - customer.arrivedAt;
      windowDepartures++;
    }
  };
  const startA = (customer: Customer): void => {
    sim.schedule(serviceA.sample(streamA), finishA, customer, Priority.release);
  };
  const startB = (customer: Customer): void => {
    sim.schedule(serviceB.sample(streamB), finishB, customer, Priority.release);
  };
  const joinA = (customer: Customer): void => {
    if (stationA.seize(1, startA, customer) === "granted") startA(customer);
  };
  const finishA = (customer: Customer): void => {
    stationA.release(1);
    if (routing.bernoulli(P_TO_B)) {
      if (stationB.seize(1, startB, customer) === "granted") startB(customer);
    } else {
      leave(customer);
    }
  };
  const finishB = (customer: Customer): void => {
    stationB.release(1);
    if (routing.bernoulli(Q_FEEDBACK)) joinA(customer);
    else leave(customer);
  };
  const arrive = (): void => {
    inSystem.update(sim.now, ++present);
    if (sim.now >= warmup) windowArrivals++;
    joinA(new Customer(sim.now));
    const next = sim.now + interarrival.sample(arrivalStream);
    // Arrivals stop at the end of the window; the run then drains so every window customer's
    // sojourn is complete (cutting them off would bias W low).
    if (next <= end) sim.scheduleAt(next, arrive, undefined);
  };
  sim.schedule(interarrival.sample(arrivalStream), arrive, undefined);
  sim.scheduleAt(warmup, () => inSystem.reset(sim.now), undefined, Priority.observe);
  sim.scheduleAt(end, () => (l = inSystem.mean(sim.now)), undefined, Priority.observe);
  sim.run();
  if (windowDepartures !== windowArrivals) {
    throw new Error(`${windowArrivals} customers arrived in the window but ${windowDepartures} left`);
  }
  return { l, lambda: windowArrivals / horizon, w: windowSojournSum / windowDepartures };
}

describe("Little's law on a two-station network with feedback", () => {
  // Jackson traffic equations: λ_A = λ + q·λ_B and λ_B = p·λ_A, so λ_A = λ/(1 − p·q).
  const lambdaA = LAMBDA / (1 - P_TO_B * Q_FEEDBACK);
  const lambdaB = P_TO_B * lambdaA;
  // Product form: each station behaves as an M/M/c with its total arrival rate; L = Lq + busy servers.
  const lA = mmcMeanQueueLength(lambdaA, 1 / A_MEAN_SERVICE, A_SERVERS) + lambdaA * A_MEAN_SERVICE;
  const lB = mmcMeanQueueLength(lambdaB, 1 / B_MEAN_SERVICE, B_SERVERS) + lambdaB * B_MEAN_SERVICE;
  const theoryL = lA + lB;

  // B runs at ρ ≈ 0.82, so its relaxation time is some tens of service times; a warm-up of 500
  // time units and windows of 50 000 (75 000 arrivals) make the edge terms O(L·W/T) ≈ 1e-3.
  let runs: LittleReplication[] = [];
  beforeAll(() => {
    runs = replicate(20, (r) => simulateNetwork(500, 50_000, r));
  });

  it("L − λW is zero within the interval of the difference across replications", () => {
    // Judged against L itself: the difference has no scale of its own.
    expectMatchesTheory(
      "Little L − λW",
      runs.map((run) => run.l - run.lambda * run.w),
      0,
      { maxRelativeHalfWidth: 0.005, scale: theoryL },
    );
  });

  it("L, λ and W each match the Jackson network", () => {
    expectMatchesTheory(
      "Jackson L",
      runs.map((run) => run.l),
      theoryL,
      { maxRelativeHalfWidth: 0.05 },
    );
    expectMatchesTheory(
      "Jackson λ",
      runs.map((run) => run.lambda),
      LAMBDA,
      { maxRelativeHalfWidth: 0.01 },
    );
    expectMatchesTheory(
      "Jackson W = L/λ",
      runs.map((run) => run.w),
      theoryL / LAMBDA,
      { maxRelativeHalfWidth: 0.05 },
    );
  });
});
