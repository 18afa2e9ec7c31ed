/**
 * The hour-of-week demand pipeline: scenario arrival profile → phases of the stay → m(t), against
 * exact solutions; discharge-window waits against hand-worked cases; per-hour staffing against
 * the stationary Erlang C rule when nothing varies.
 */
import { describe, expect, it } from "vitest";
import { analyseCapacity } from "../../src/capacity/analyse.js";
import { buildDemand, HOURS_PER_WEEK } from "../../src/capacity/demand.js";
import { dischargeTimingLoad } from "../../src/capacity/timing.js";
import { DAY, HOUR } from "../../src/engine/time.js";
import { serversForDelayProbability, sinusoidalExponentialLoad } from "../../src/queueing/index.js";
import type { Scenario, ScenarioInput } from "../../src/scenario/schema.js";
import { ampleDischarge, ampleService, scenario } from "../model/builders.js";

/** One ward, one group, no delays after treatment, no cleaning: the ward is an Mt/G/∞ station. */
type GroupInput = NonNullable<ScenarioInput["groups"]>[number];

function oneWard(group: GroupInput): Scenario {
  return scenario({
    name: "pipeline",
    run: { horizon: "10d" },
    wards: [{ id: "ward", beds: 1000 }],
    community: [ampleService],
    groups: [group],
    discharge: ampleDischarge,
  });
}

describe("m(t) by hour of week", () => {
  // λ(t) = λ̄(1 + A sin ωt), daily cycle, t in minutes from Monday 00:00; exponential stay.
  const perDay = 48;
  const amplitude = 0.6;
  const omega = (2 * Math.PI) / DAY;
  const meanStay = 0.5 * DAY;
  const mu = 1 / meanStay;
  const lambdaBar = perDay / DAY;
  // The scenario's profile holds the sinusoid's mean over each hour.
  const hourOfDay = Array.from({ length: 24 }, (_, h) => {
    const a = h * HOUR;
    const b = (h + 1) * HOUR;
    return 1 + (amplitude * (Math.cos(omega * a) - Math.cos(omega * b))) / (omega * HOUR);
  });
  const demand = buildDemand(
    oneWard({
      id: "p",
      arrivals: { perDay, hourOfDay },
      stages: [{ ward: "ward", los: { dist: "exponential", mean: "12h" } }],
      dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 },
    }),
  );
  const ward = demand.wards[0]!;

  it("matches the exact solution of m′ = λ(t) − μm for the piecewise-constant rate", () => {
    // Over each hour m relaxes towards λ_k/μ: m_{k+1} = m_k·e^{−μL} + (λ_k/μ)(1 − e^{−μL}).
    const rates = Array.from({ length: HOURS_PER_WEEK }, (_, k) => lambdaBar * hourOfDay[k % 24]!);
    const decay = Math.exp(-mu * HOUR);
    let m = lambdaBar / mu;
    const exact: number[] = new Array<number>(HOURS_PER_WEEK).fill(0);
    for (let week = 0; week < 30; week++) {
      for (let k = 0; k < HOURS_PER_WEEK; k++) {
        exact[k] = m;
        m = m * decay + (rates[k]! / mu) * (1 - decay);
      }
    }
    for (let k = 0; k < HOURS_PER_WEEK; k++) {
      expect(ward.patientsAtHourStart[k]!).toBeCloseTo(exact[k]!, 6);
    }
  });

  it("matches the closed form for sinusoidal arrivals within the discretisation error", () => {
    // The hourly profile differs from the sinusoid by at most λ̄Aω·L/2 inside each hour, with zero
    // mean over the hour; filtered by the exponential stay that leaves at most about λ̄Aω·L² in m.
    const tolerance = lambdaBar * amplitude * omega * HOUR * HOUR;
    let worst = 0;
    for (let k = 0; k < HOURS_PER_WEEK; k++) {
      const closed = sinusoidalExponentialLoad(lambdaBar, amplitude, omega, mu, k * HOUR);
      worst = Math.max(worst, Math.abs(ward.patientsAtHourStart[k]! - closed));
    }
    expect(worst).toBeLessThanOrEqual(tolerance);
    // And the figure is not trivially loose: the load swings by far more than the tolerance.
    const swing = Math.max(...ward.patientsAtHourStart) - Math.min(...ward.patientsAtHourStart);
    expect(swing).toBeGreaterThan(20 * tolerance);
  });

  it("gives λ·E[S] at every hour for a constant rate, whatever the stay distribution", () => {
    const d = buildDemand(
      oneWard({
        id: "p",
        arrivals: { perDay: 30 },
        stages: [{ ward: "ward", los: { dist: "lognormal", mean: "2d", sd: "3d" } }],
        dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 },
      }),
    );
    for (const m of d.wards[0]!.patientsHourAverage) expect(m).toBeCloseTo(60, 5);
    expect(d.survivalMethods).toContain("lognormal: exact (normal CDF)");
  });

  it("passes one stage's discharges to the next ward (conservation of patients)", () => {
    const s = scenario({
      name: "two stages",
      run: { horizon: "10d" },
      wards: [
        { id: "first", beds: 100 },
        { id: "second", beds: 100 },
      ],
      community: [ampleService],
      groups: [
        {
          id: "p",
          arrivals: { perDay: 24, hourOfDay },
          stages: [
            { ward: "first", los: { dist: "gamma", mean: "10h", cv: 0.5 } },
            { ward: "second", los: { dist: "exponential", mean: "2d" } },
          ],
          dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 },
        },
      ],
      discharge: ampleDischarge,
    });
    const d = buildDemand(s);
    const [first, second] = d.wards;
    expect(second!.arrivalsPerDay).toBeCloseTo(24, 6);
    const mean = (p: number[]) => p.reduce((a, b) => a + b, 0) / p.length;
    expect(mean(first!.patientsHourAverage)).toBeCloseTo(10, 4);
    expect(mean(second!.patientsHourAverage)).toBeCloseTo(48, 4);
    // The second ward's admissions lag the first's arrivals: its peak comes later in the day.
    const peakHour = (p: number[]) => p.slice(0, 24).indexOf(Math.max(...p.slice(0, 24)));
    expect(peakHour(second!.arrivalsPerMinute)).toBeGreaterThan(peakHour(first!.arrivalsPerMinute));
    expect(d.survivalMethods).toContain("gamma: exact (regularized incomplete gamma)");
  });
});

describe("waiting for discharge hours", () => {
  const flat = new Array<number>(HOURS_PER_WEEK).fill(1 / HOUR);

  it("is half the closed time on average when readiness is spread evenly and every day discharges", () => {
    // Open 08:00–20:00: half the readiness falls in the 12 closed hours, waiting 6 h on average.
    const load = dischargeTimingLoad(flat, { from: 8 * HOUR, to: 20 * HOUR, weekendRate: 1 });
    expect(load.meanWaitMinutes).toBeCloseTo(3 * HOUR, 6);
    // Little's law: mean number waiting = rate × mean wait.
    const meanWaiting = load.hourAverage.reduce((a, b) => a + b, 0) / HOURS_PER_WEEK;
    expect(meanWaiting).toBeCloseTo((1 / HOUR) * 3 * HOUR, 3);
    // Everyone leaves within the window.
    load.leavingPerMinute.forEach((rate, k) => {
      const hour = k % 24;
      if (hour < 8 || hour >= 20) expect(rate).toBe(0);
    });
  });

  it("holds weekend patients until Monday when weekends discharge no one", () => {
    const load = dischargeTimingLoad(flat, { from: 0, to: DAY, weekendRate: 0 });
    // Ready on Saturday: wait to Monday 00:00, 1.5 days on average; on Sunday, 0.5 days.
    // Over the week: (1.5 + 0.5)/7 days.
    expect(load.meanWaitMinutes).toBeCloseTo((2 / 7) * DAY, 3);
  });
});

describe("staff needed by hour", () => {
  it("with a constant request rate, needs serversForDelayProbability(a, target) every hour", () => {
    // 30 admissions a day, each clerked for a 45-minute lognormal task: a = 30·45/1440 people.
    const s = scenario({
      name: "constant clerking",
      run: { horizon: "10d" },
      wards: [{ id: "ward", beds: 200 }],
      community: [ampleService],
      groups: [
        {
          id: "p",
          arrivals: { perDay: 30 },
          stages: [{ ward: "ward", los: { dist: "exponential", mean: "3d" } }],
          dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 },
        },
      ],
      discharge: ampleDischarge,
      staff: {
        roles: [
          { id: "doctor", skills: ["clerking"], hourlyCost: 60 },
          { id: "acp", skills: ["clerking"], hourlyCost: 45 },
        ],
        rosters: [{ role: "doctor", shifts: [{ from: "08:00", to: "20:00", headcount: 2 }] }],
        tasks: [
          {
            id: "clerk",
            at: "admission",
            skills: ["clerking"],
            duration: { dist: "lognormal", mean: "45min", sd: "20min" },
          },
        ],
      },
    });
    const target = 0.1;
    const report = analyseCapacity(s, { replications: 0, targets: { delay: target } });
    const a = (30 * 45) / DAY;
    const needed = serversForDelayProbability(a, target);
    expect(needed).toBeGreaterThan(0);
    const staff = report.staff!;
    for (const hour of staff.hours) {
      const skill = hour.skills.find((k) => k.skill === "clerking")!;
      expect(skill.load).toBeCloseTo(a, 6);
      expect(skill.needed).toBe(needed);
      // The cheapest cover is all ACPs; the rostered doctors fall short at night.
      expect(hour.cheapest.counts).toEqual({ doctor: 0, acp: needed });
      expect(hour.shortfalls.length > 0).toBe(hour.rostered.counts.doctor! < needed);
    }
    expect(staff.summary.hoursShort).toBe(
      staff.hours.filter((h) => h.rostered.counts.doctor! < needed).length,
    );
    expect(staff.approximation).toMatch(/^MOL/);
  });
});
