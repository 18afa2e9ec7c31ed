/** Small scenarios for model tests, written as plain data and validated like any file. */
import { type Scenario, type ScenarioInput, scenarioSchema } from "../../src/scenario/schema.js";

export function scenario(input: ScenarioInput): Scenario {
  return scenarioSchema.parse(input);
}

/** Services and assessments that never hold anyone up: for tests where discharge is not the point. */
export const ampleDischarge = {
  policy: "standard" as const,
  standard: {
    assessment: { assessors: 1000, duration: "0min" },
    services: { p1: "ample", p2: "ample", p3: "ample" },
  },
  d2a: {
    assessment: { assessors: 1000, duration: "0min" },
    services: { p1: "ample", p2: "ample", p3: "ample" },
  },
};

export const ampleService = {
  id: "ample",
  kind: "caseload" as const,
  capacity: 100_000,
  lengthOfSupport: "1d",
};

/** One ward, one Poisson stream, exponential stay, pathway 0 with no delay: an M/M/c queue. */
export function singleWard(options: {
  beds: number;
  perDay: number;
  meanStay: string;
  horizon: string;
  warmup: string;
  maxWaiting?: number;
}): Scenario {
  return scenario({
    name: "single ward",
    run: { horizon: options.horizon, warmup: options.warmup },
    wards: [
      {
        id: "ward",
        beds: options.beds,
        ...(options.maxWaiting !== undefined ? { maxWaiting: options.maxWaiting } : {}),
      },
    ],
    community: [ampleService],
    groups: [
      {
        id: "patients",
        arrivals: { perDay: options.perDay },
        stages: [{ ward: "ward", los: { dist: "exponential", mean: options.meanStay } }],
        dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 },
      },
    ],
    discharge: ampleDischarge,
  });
}
