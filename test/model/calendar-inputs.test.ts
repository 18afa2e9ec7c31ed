/**
 * Calendar-dated inputs: bank holidays against the published lists, demand multipliers and
 * growth against the expected counts of a Poisson process, dated bed and roster changes.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Simulation } from "../../src/engine/simulation.js";
import { Calendar, DAY } from "../../src/engine/time.js";
import { easterSunday, englandAndWalesBankHolidays } from "../../src/model/bank-holidays.js";
import { followBankHolidays, GROWTH_YEAR } from "../../src/model/calendar-inputs.js";
import { DischargeTiming } from "../../src/model/discharge-timing.js";
import { GroupModel } from "../../src/model/group.js";
import { Hospital } from "../../src/model/hospital.js";
import { simulateScenario } from "../../src/model/run.js";
import type { WardModel } from "../../src/model/ward.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";
import { ampleDischarge, ampleService, scenario } from "./builders.js";

describe("England and Wales bank holidays", () => {
  // Typed from https://www.gov.uk/bank-holidays (England and Wales), not from a run.
  const published: Record<number, string[]> = {
    2025: [
      "2025-01-01",
      "2025-04-18",
      "2025-04-21",
      "2025-05-05",
      "2025-05-26",
      "2025-08-25",
      "2025-12-25",
      "2025-12-26",
    ],
    2026: [
      "2026-01-01",
      "2026-04-03",
      "2026-04-06",
      "2026-05-04",
      "2026-05-25",
      "2026-08-31",
      "2026-12-25",
      "2026-12-28",
    ],
    2027: [
      "2027-01-01",
      "2027-03-26",
      "2027-03-29",
      "2027-05-03",
      "2027-05-31",
      "2027-08-30",
      "2027-12-27",
      "2027-12-28",
    ],
  };
  for (const [year, dates] of Object.entries(published)) {
    it(`matches gov.uk's list for ${year}`, () => {
      expect(englandAndWalesBankHolidays(Number(year))).toEqual(dates);
    });
  }

  it("moves the early May holiday to VE Day in 2020 and adds the 2023 coronation", () => {
    expect(englandAndWalesBankHolidays(2020)).toContain("2020-05-08");
    expect(englandAndWalesBankHolidays(2020)).not.toContain("2020-05-04");
    expect(englandAndWalesBankHolidays(2023)).toContain("2023-05-08");
  });

  it("finds Easter Sunday on dates known from church tables", () => {
    expect(easterSunday(2024)).toEqual({ month: 3, day: 31 });
    expect(easterSunday(2019)).toEqual({ month: 4, day: 21 });
    expect(easterSunday(2038)).toEqual({ month: 4, day: 25 }); // the latest possible
    expect(easterSunday(2285)).toEqual({ month: 3, day: 22 }); // the earliest possible
  });

  it("gives every year eight holidays on weekdays, always after a substitute for a weekend one", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1970, max: 2400 }), (year) => {
        if ([1995, 1999, 2002, 2011, 2012, 2020, 2022, 2023].includes(year)) return;
        const dates = englandAndWalesBankHolidays(year);
        expect(dates).toHaveLength(8);
        expect(new Set(dates).size).toBe(8);
        for (const d of dates) expect([0, 6]).not.toContain(new Date(`${d}T00:00:00Z`).getUTCDay());
      }),
    );
  });
});

/** A group with flat arrivals, compiled under a calendar, and its arrival times up to `end`. */
function arrivalTimes(input: ScenarioInput, end: number, seed = 7): number[] {
  const s = scenario(input);
  const sim = new Simulation({ seed, startDate: s.run.start });
  followBankHolidays(sim.calendar, s.calendar!, end);
  const group = new GroupModel(sim, 0, s.groups[0]!, new Map<string, WardModel>(), {
    inputs: s.calendar!,
    end,
  });
  const times: number[] = [];
  for (let t = group.arrivals.next(0); t <= end; t = group.arrivals.next(t)) times.push(t);
  return times;
}

function flatArrivals(
  perDay: number,
  calendar: NonNullable<ScenarioInput["calendar"]>,
  dayOfWeek?: number[],
): ScenarioInput {
  return {
    name: "calendar",
    run: { start: "2026-01-05", horizon: "400d" },
    wards: [{ id: "ward", beds: 10 }],
    community: [ampleService],
    groups: [
      {
        id: "patients",
        arrivals: { perDay, ...(dayOfWeek ? { dayOfWeek } : {}) },
        stages: [{ ward: "ward", los: "1d" }],
        dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 },
      },
    ],
    discharge: ampleDischarge,
    calendar,
  };
}

const count = (times: number[], from: number, to: number) => times.filter((t) => t >= from && t < to).length;
/** |observed − expected| within 4 Poisson standard deviations (two-sided p ≈ 6e-5). */
const withinPoisson = (observed: number, expected: number) =>
  expect(Math.abs(observed - expected)).toBeLessThan(4 * Math.sqrt(expected));

describe("demand multipliers and growth", () => {
  it("a multiplier of 2 on a date range doubles arrivals in that range and nowhere else", () => {
    const calendar = new Calendar("2026-01-05");
    // 2026-02-02 to 2026-03-01 inclusive: 28 days starting at day 28.
    const times = arrivalTimes(
      flatArrivals(30, {
        bankHolidays: { region: "none" },
        demand: [{ from: "2026-02-02", to: "2026-03-01", multiplier: 2 }],
      }),
      112 * DAY,
    );
    const start = calendar.timeOfDate("2026-02-02");
    expect(start).toBe(28 * DAY);
    withinPoisson(count(times, start, start + 28 * DAY), 2 * 30 * 28);
    withinPoisson(count(times, 0, start), 30 * 28);
    withinPoisson(count(times, start + 28 * DAY, 112 * DAY), 30 * 56);
  });

  it("monthly multipliers apply every year in the months named", () => {
    const calendar = new Calendar("2026-01-05");
    const times = arrivalTimes(
      flatArrivals(20, { bankHolidays: { region: "none" }, demand: [{ months: ["mar"], multiplier: 3 }] }),
      400 * DAY,
    );
    const march = calendar.timeOfDate("2026-03-01");
    withinPoisson(count(times, march, march + 31 * DAY), 3 * 20 * 31);
    const april = calendar.timeOfDate("2026-04-01");
    withinPoisson(count(times, april, april + 30 * DAY), 20 * 30);
  });

  it("growth compounds: each year has (1 + g) times the arrivals of the year before", () => {
    const g = 0.25;
    const perDay = 40;
    const times = arrivalTimes(
      flatArrivals(perDay, { bankHolidays: { region: "none" }, growth: g }),
      3 * GROWTH_YEAR,
    );
    // Rate perDay·(1+g)^(t/year): year k holds perDay·365.25·(1+g)^k·g/ln(1+g).
    const firstYear = ((perDay * GROWTH_YEAR) / DAY) * (g / Math.log(1 + g));
    for (let k = 0; k < 3; k++) {
      withinPoisson(count(times, k * GROWTH_YEAR, (k + 1) * GROWTH_YEAR), firstYear * (1 + g) ** k);
    }
  });

  it("bank holidays follow Sunday's pattern: no arrivals on them when Sunday has none", () => {
    const noSundays = [1, 1, 1, 1, 1, 1, 0];
    const times = arrivalTimes(flatArrivals(50, {}, noSundays), 365 * DAY);
    const calendar = new Calendar("2026-01-05");
    const holidays = englandAndWalesBankHolidays(2026).filter((d) => d >= "2026-01-05");
    for (const date of holidays) {
      const t = calendar.timeOfDate(date);
      expect(count(times, t, t + DAY), date).toBe(0);
    }
    // An ordinary Monday keeps its arrivals (mean 50·7/6 a day).
    const ordinaryMonday = calendar.timeOfDate("2026-04-13");
    expect(count(times, ordinaryMonday, ordinaryMonday + DAY)).toBeGreaterThan(20);
    // Set otherwise (treated as Mondays), Easter Monday has its arrivals again.
    const asMondays = arrivalTimes(
      flatArrivals(50, { bankHolidays: { treatAs: "mon" } }, noSundays),
      365 * DAY,
    );
    const easterMonday = calendar.timeOfDate("2026-04-06");
    expect(count(asMondays, easterMonday, easterMonday + DAY)).toBeGreaterThan(20);
    // Extra dates follow Sunday too; excepted ones do not.
    const edited = arrivalTimes(
      flatArrivals(50, { bankHolidays: { extra: ["2026-03-10"], except: ["2026-04-06"] } }, noSundays),
      365 * DAY,
    );
    const extra = calendar.timeOfDate("2026-03-10");
    expect(count(edited, extra, extra + DAY)).toBe(0);
    expect(count(edited, easterMonday, easterMonday + DAY)).toBeGreaterThan(20);
  });

  it("discharges at weekend rate 0 wait over a bank holiday weekend as over a weekend", () => {
    const sim = new Simulation({ seed: 1, startDate: "2026-01-05" });
    const s = scenario(flatArrivals(1, {}));
    followBankHolidays(sim.calendar, s.calendar!, 400 * DAY);
    const timing = new DischargeTiming(sim.calendar, 9 * 60, 17 * 60, 0, sim.random.get("w"), {
      weekendDraw: "once",
    });
    // Ready on Maundy Thursday evening 2026-04-02: Good Friday to Easter Monday are all "Sunday".
    const ready = sim.calendar.timeOfDate("2026-04-02") + 20 * 60;
    expect(sim.calendar.toISO(timing.next(ready))).toBe("2026-04-07T09:00");
  });
});

/** One ward of `beds` beds, constant stays, heavy demand: the ward stays full. */
function fullWard(beds: number, change: number, from: string, to: string, stay = "3d"): ScenarioInput {
  return {
    name: "dated beds",
    run: { start: "2026-01-05", horizon: "60d" },
    wards: [{ id: "ward", beds }],
    community: [ampleService],
    groups: [
      {
        id: "patients",
        arrivals: { perDay: 40 },
        stages: [{ ward: "ward", los: stay }],
        dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 },
      },
    ],
    discharge: ampleDischarge,
    calendar: { bankHolidays: { region: "none" }, beds: [{ ward: "ward", from, to, change }] },
  };
}

describe("bed changes by date range", () => {
  it("winter escalation beds raise capacity only in their range, and occupancy never passes capacity", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 30 }),
        fc.constantFrom("12h", "2d", "5d"),
        (beds, extra, startDay, length, stay) => {
          const day = (n: number) => new Date(Date.UTC(2026, 0, 5 + n)).toISOString().slice(0, 10);
          const s = scenario(fullWard(beds, extra, day(startDay), day(startDay + length), stay));
          const from = startDay * DAY;
          const to = (startDay + length + 1) * DAY;
          const hospital = new Hospital(s, {
            afterEvent: (h) => {
              const ward = h.wards[0]!;
              const now = h.sim.now;
              const expected = now >= from && now < to ? beds + extra : beds;
              // At the instant of a change, events of higher priority (the warm-up's end, the
              // last-week mark) may run before it: there either capacity is right.
              const atChange = now === from || now === to;
              if (ward.beds.capacity !== expected && !atChange)
                throw new Error(`capacity ${ward.beds.capacity} at ${now}`);
              if (ward.beds.inUse > ward.beds.capacity && now < to)
                throw new Error(`in use ${ward.beds.inUse} over ${ward.beds.capacity} at ${now}`);
              if (ward.patients > beds + extra) throw new Error(`${ward.patients} patients at ${now}`);
            },
          });
          hospital.run();
        },
      ),
      { numRuns: 40 },
    );
  });

  it("closing beds evicts nobody: they close as patients leave, and nobody is admitted until below", () => {
    // 10 beds full of 10-day stays; 6 close on day 5 for 20 days. Arrivals are 40 a day, so the
    // ward is full at day 5; patients leave only at the ends of their own stays.
    const s = scenario(fullWard(10, -6, "2026-01-10", "2026-01-29", "10d"));
    const closing = 5 * DAY;
    let previousInUse = 0;
    let admittedWhileOver = 0;
    let atClosing: number | undefined;
    const hospital = new Hospital(s, {
      afterEvent: (h) => {
        const ward = h.wards[0]!;
        const now = h.sim.now;
        if (now >= closing && atClosing === undefined) atClosing = ward.patients;
        if (ward.beds.inUse > previousInUse && previousInUse >= ward.beds.capacity) admittedWhileOver++;
        previousInUse = ward.beds.inUse;
      },
    });
    hospital.run();
    expect(atClosing).toBe(10);
    expect(admittedWhileOver).toBe(0);
    // Constant 10-day stays: the first ten patients (admitted at time 0) all left on day 10,
    // at their own time; the ward's mean capacity over the closure is 4 beds.
    expect(hospital.discharged).toBeGreaterThan(0);
  });
});

describe("roster changes by date range", () => {
  it("absence lowers the roster's headcount in its range only, never below none", () => {
    const input: ScenarioInput = {
      ...fullWard(10, 0, "2026-01-06", "2026-01-06"),
      staff: {
        roles: [{ id: "nurse", skills: ["care"], hourlyCost: 30 }],
        rosters: [{ role: "nurse", ward: "ward", shifts: [{ from: "00:00", to: "24:00", headcount: 3 }] }],
      },
      calendar: {
        bankHolidays: { region: "none" },
        rosters: [
          { role: "nurse", ward: "ward", from: "2026-01-15", to: "2026-01-24", change: -2 },
          { role: "nurse", ward: "ward", from: "2026-02-01", to: "2026-02-05", change: -5 },
        ],
      },
    };
    const s = scenario(input);
    const seen = new Map<number, number>();
    const hospital = new Hospital(s, {
      afterEvent: (h) => {
        seen.set(Math.floor(h.sim.now / DAY), h.staff!.roles[0]!.rosteredNow);
      },
    });
    hospital.run();
    expect(seen.get(5)).toBe(3);
    expect(seen.get(12)).toBe(1); // 2026-01-17
    expect(seen.get(22)).toBe(3); // 2026-01-27
    expect(seen.get(28)).toBe(0); // 2026-02-02: 3 − 5, never below none
    expect(seen.get(35)).toBe(3);
  });
});

describe("theatre sessions on bank holidays", () => {
  const mondayLists = (calendar: NonNullable<ScenarioInput["calendar"]>): ScenarioInput => ({
    name: "Monday lists",
    // Mondays 30 March, 6 April (Easter Monday 2026), 13 and 20 April.
    run: { start: "2026-03-30", horizon: "4w" },
    wards: [{ id: "surgical", beds: 100 }],
    community: [ampleService],
    discharge: ampleDischarge,
    electives: {
      procedures: [
        { id: "hernia", specialty: "general", referralsPerWeek: 0, duration: "50min", dayCase: true },
      ],
      theatres: [{ id: "t1", sessions: [{ day: "mon", from: "08:00", to: "12:00", specialty: "general" }] }],
      initialWaitingList: [{ procedure: "hernia", patients: 1000 }],
    },
    calendar,
  });

  it("a Monday list does not run on Easter Monday, which follows Sunday (no lists)", () => {
    const held = simulateScenario(scenario(mondayLists({}))).sessions.map((s) => s.date);
    expect(held).toEqual(["2026-03-30", "2026-04-13", "2026-04-20"]);
    const ordinary = simulateScenario(scenario(mondayLists({ bankHolidays: { region: "none" } }))).sessions;
    expect(ordinary.map((s) => s.date)).toEqual(["2026-03-30", "2026-04-06", "2026-04-13", "2026-04-20"]);
  });
});

describe("common random numbers under a calendar", () => {
  it("escalation beds change no arrival: each group's arrivals are one stream whatever the beds", () => {
    const times = (change: number) => {
      const input = fullWard(3, change, "2026-01-10", "2026-02-10", "2d");
      const s = scenario({
        ...input,
        calendar: { ...input.calendar, growth: 0.1, demand: [{ months: ["jan"], multiplier: 1.5 }] },
      });
      const arrivals: number[] = [];
      let seen = 0;
      new Hospital(s, {
        afterEvent: (h) => {
          if (h.arrived > seen) {
            seen = h.arrived;
            arrivals.push(h.sim.now);
          }
        },
      }).run();
      return arrivals;
    };
    const without = times(0);
    const withBeds = times(5);
    expect(without.length).toBeGreaterThan(1000);
    expect(withBeds).toEqual(without);
  });
});
