/**
 * fast-check arbitraries of VALID scenario files, as plain data (what a YAML or JSON file parses
 * to), shared by the model properties and the validation fuzzing. Sizes are kept small (a few
 * beds, a few weeks) so that hundreds of whole simulations run in seconds, and small enough that
 * wards fill, queues form and every branch of the flow (overflow, diversion, waiting for a
 * service, weekend discharges, readmissions) is reached in most cases.
 *
 * Optional fields are left out rather than set to undefined, as they would be in a file, so a
 * generated object survives JSON.stringify unchanged.
 */
import fc from "fast-check";
import type { ScenarioInput } from "../../src/scenario/schema.js";

type WardInput = ScenarioInput["wards"][number];
type ServiceInput = NonNullable<ScenarioInput["community"]>[number];
type GroupInput = NonNullable<ScenarioInput["groups"]>[number];
type DischargeInput = ScenarioInput["discharge"];
type DurationDistributionInput = GroupInput["stages"][number]["los"];
type InitialStateInput = NonNullable<ScenarioInput["initialState"]>;

/** Drops keys whose value is undefined (fc.option's "absent"), as a file would not have them. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });

/** "1h".."72h" or "0.5d".."5d": the time scale of acute stays. */
const stayText: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 1, max: 72 }).map((h) => `${h}h`),
  fc.integer({ min: 1, max: 10 }).map((halfDays) => `${halfDays / 2}d`),
);

/** A length of stay: a constant, an exponential or a lognormal (by sd or by median). */
export const losArbitrary: fc.Arbitrary<DurationDistributionInput> = fc.oneof(
  stayText,
  stayText.map((mean) => ({ dist: "exponential" as const, mean })),
  fc.tuple(stayText, stayText).map(([mean, sd]) => ({ dist: "lognormal" as const, mean, sd })),
  // The median must not exceed the mean: derive it as a fraction of a mean in hours.
  fc.tuple(fc.integer({ min: 2, max: 96 }), fc.integer({ min: 1, max: 4 })).map(([hours, divisor]) => ({
    dist: "lognormal" as const,
    mean: `${hours}h`,
    median: `${hours / divisor}h`,
  })),
);

/** Short delays (cleaning, arranging, leaving), zero included. */
const shortDelayArbitrary: fc.Arbitrary<DurationDistributionInput> = fc.oneof(
  fc.constantFrom("0min", "30min", "1h", "2h", "6h"),
  fc.constantFrom("1h", "4h", "12h").map((mean) => ({ dist: "exponential" as const, mean })),
);

const idsOf = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

function wardArbitrary(id: string, others: string[]): fc.Arbitrary<WardInput> {
  return fc
    .record({
      beds: fc.integer({ min: 1, max: 15 }),
      turnaround: shortDelayArbitrary,
      overflowTo: optional(fc.shuffledSubarray(others)),
      maxWaiting: optional(fc.integer({ min: 0, max: 5 })),
      costPerOccupiedBedDay: optional(fc.integer({ min: 0, max: 600 })),
      costPerOpenBedDay: optional(fc.integer({ min: 0, max: 100 })),
    })
    .map((w) => compact({ id, ...w }));
}

function serviceArbitrary(id: string): fc.Arbitrary<ServiceInput> {
  const common = {
    capacity: fc.integer({ min: 0, max: 8 }),
    lengthOfSupport: losArbitrary,
    startDelay: optional(shortDelayArbitrary),
    costPerDay: optional(fc.integer({ min: 0, max: 200 })),
  };
  return fc.oneof(
    fc
      .record({ kind: fc.constantFrom("caseload" as const, "beds" as const), ...common })
      .map((s) => compact({ id, ...s })),
    fc
      .record({
        kind: fc.constant("visits" as const),
        ...common,
        // Visits capacity is visits a day: allow more than a package's first day needs.
        capacity: fc.integer({ min: 0, max: 12 }),
        visitsPerDay: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }),
      })
      // An open service must be able to take a package: no day may need more than its capacity
      // (a scenario error); a closed one (capacity 0) is allowed.
      .map((s) =>
        compact({
          id,
          ...s,
          visitsPerDay: s.capacity > 0 ? s.visitsPerDay.map((v) => Math.min(v, s.capacity)) : s.visitsPerDay,
        }),
      ),
  );
}

/**
 * A pathway split summing to 1: whole-number weights normalised, the last taken as 1 minus the
 * others so that float drift cannot push the sum off 1 (clamped at 0: when its weight is 0 the
 * others already sum to 1 within a few ulps).
 */
const pathwaySplitArbitrary = fc
  .tuple(
    fc.integer({ min: 0, max: 4 }),
    fc.integer({ min: 0, max: 4 }),
    fc.integer({ min: 0, max: 4 }),
    fc.integer({ min: 0, max: 4 }),
  )
  .filter((w) => w.some((x) => x > 0))
  .map(([w0, w1, w2, w3]) => {
    const total = w0 + w1 + w2 + w3;
    const p0 = w0 / total;
    const p1 = w1 / total;
    const p2 = w2 / total;
    return { p0, p1, p2, p3: Math.max(0, 1 - p0 - p1 - p2) };
  });

const perPathwayArbitrary = fc.record(
  {
    p0: fc.constantFrom(0, 0.05, 0.1, 0.2),
    p1: fc.constantFrom(0, 0.05, 0.1, 0.2),
    p2: fc.constantFrom(0, 0.05, 0.1, 0.2),
    p3: fc.constantFrom(0, 0.05, 0.1, 0.2),
  },
  { requiredKeys: [] },
);

function groupArbitrary(id: string, wards: string[]): fc.Arbitrary<GroupInput> {
  return fc
    .record({
      arrivals: fc
        .record({
          perDay: fc.oneof(fc.integer({ min: 0, max: 8 }), fc.double({ min: 0.1, max: 8, noNaN: true })),
          dayOfWeek: optional(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 7, maxLength: 7 })),
        })
        .map(compact),
      priority: optional(fc.integer({ min: 0, max: 9 })),
      stages: fc.array(fc.record({ ward: fc.constantFrom(...wards), los: losArbitrary }), {
        minLength: 1,
        maxLength: 2,
      }),
      dischargePathways: pathwaySplitArbitrary,
      readmission: optional(
        fc.record({ standard: perPathwayArbitrary, d2a: perPathwayArbitrary }, { requiredKeys: [] }),
      ),
    })
    .map((g) => compact({ id, ...g }));
}

/** Onward destinations after the first service: shares from small whole weights, so they sum to 1. */
function onwardArbitrary(services: string[]) {
  const split = fc
    .tuple(fc.nat(3), fc.nat(3), fc.nat(3))
    .filter(([a, b, c]) => a + b + c > 0)
    .map(([a, b, c]) => ({ home: a / (a + b + c), package: b / (a + b + c), careHome: c / (a + b + c) }));
  return fc
    .record({
      // Named always: a split may send people to either; the same service as the first is allowed.
      services: fc.record({ package: fc.constantFrom(...services), careHome: fc.constantFrom(...services) }),
      p1: optional(split),
      p2: optional(split),
      p3: optional(split),
    })
    .map(compact);
}

function dischargeArbitrary(services: string[]): fc.Arbitrary<DischargeInput> {
  const serviceMap = fc.record({
    p1: fc.constantFrom(...services),
    p2: fc.constantFrom(...services),
    p3: fc.constantFrom(...services),
  });
  const assessment = fc
    .record({
      assessors: fc.integer({ min: 1, max: 5 }),
      duration: shortDelayArbitrary,
      costPerAssessment: optional(fc.integer({ min: 0, max: 400 })),
    })
    .map(compact);
  return fc
    .record({
      policy: fc.constantFrom("standard" as const, "d2a" as const),
      // Day hours, all day, and a window across midnight (to > from wraps round).
      hours: optional(
        fc.constantFrom(
          { from: "08:00", to: "20:00" },
          { from: "00:00", to: "24:00" },
          { from: "22:00", to: "06:00" },
          { from: "10:30", to: "11:00" },
        ),
      ),
      weekendRate: optional(fc.constantFrom(0, 0.3, 1)),
      pathway0Delay: optional(shortDelayArbitrary),
      standard: fc
        .record({ assessment, services: serviceMap, onward: optional(onwardArbitrary(services)) })
        .map(compact),
      d2a: fc
        .record({ assessment, services: serviceMap, onward: optional(onwardArbitrary(services)) })
        .map(compact),
    })
    .map(compact);
}

/** A valid scenario: 1–3 wards, 1–3 community services, 1–3 groups, 10–40 days. */
export const scenarioArbitrary: fc.Arbitrary<ScenarioInput> = fc
  .record({
    wards: fc.integer({ min: 1, max: 3 }),
    services: fc.integer({ min: 1, max: 3 }),
    groups: fc.integer({ min: 1, max: 3 }),
  })
  .chain((n) => {
    const wardIds = idsOf("w", n.wards);
    const serviceIds = idsOf("s", n.services);
    return fc
      .record({
        seed: fc.integer({ min: 0, max: 1_000_000 }),
        horizonDays: fc.integer({ min: 10, max: 40 }),
        warmupDays: fc.integer({ min: 0, max: 5 }),
        wards: fc.tuple(
          ...wardIds.map((id) =>
            wardArbitrary(
              id,
              wardIds.filter((o) => o !== id),
            ),
          ),
        ),
        community: fc.tuple(...serviceIds.map(serviceArbitrary)),
        groups: fc.tuple(...idsOf("g", n.groups).map((id) => groupArbitrary(id, wardIds))),
        discharge: dischargeArbitrary(serviceIds),
      })
      .map(
        (s): ScenarioInput => ({
          name: "generated",
          seed: s.seed,
          run: { horizon: `${s.horizonDays}d`, warmup: `${s.warmupDays}d` },
          wards: s.wards,
          community: s.community,
          groups: s.groups,
          discharge: s.discharge,
        }),
      );
  });

/**
 * A valid initial state for a scenario: patients on the wards of their groups' stages and people
 * already supported by each service (both sometimes more than there is room for, which the model
 * must handle by making them wait), and medically fit patients waiting in beds for a service.
 */
export function initialStateArbitrary(scenario: ScenarioInput): fc.Arbitrary<InitialStateInput> {
  // Generated scenarios always have groups (the schema allows none when there are electives).
  const groups = scenario.groups ?? [];
  const wardIds = scenario.wards.map((w) => w.id);
  const placements = groups.flatMap((g) => g.stages.map((s) => ({ group: g.id, ward: s.ward })));
  const wardEntry = fc
    .record({
      placement: fc.constantFrom(...placements),
      patients: fc.integer({ min: 0, max: 20 }),
      daysStayed: optional(stayText),
    })
    .map(({ placement, patients, daysStayed }) => compact({ ...placement, patients, daysStayed }));
  const communityEntries = (scenario.community ?? []).map((service) =>
    fc
      .record({
        // Sometimes more than the capacity: the surplus must wait for a place, not exceed it.
        inService: optional(fc.integer({ min: 0, max: service.capacity + 3 })),
        waitingInWard: optional(
          fc.record({
            ward: fc.constantFrom(...wardIds),
            group: fc.constantFrom(...groups.map((g) => g.id)),
            patients: fc.integer({ min: 0, max: 6 }),
          }),
        ),
      })
      .map((entry) => compact({ service: service.id, ...entry })),
  );
  return fc.record({
    wards: fc.array(wardEntry, { maxLength: 4 }),
    community: fc.tuple(...communityEntries).chain((entries) => fc.subarray(entries)),
  });
}

/** A scenario together with an initial state that fits it. */
export const scenarioWithInitialStateArbitrary: fc.Arbitrary<ScenarioInput> = scenarioArbitrary.chain(
  (scenario) => initialStateArbitrary(scenario).map((initialState) => ({ ...scenario, initialState })),
);
