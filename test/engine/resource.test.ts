import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Resource } from "../../src/engine/resource.js";
import { Priority, Simulation } from "../../src/engine/simulation.js";

describe("Resource", () => {
  it("serves waiting requests first come, first served", () => {
    const sim = new Simulation();
    const desk = new Resource(sim, "desk", 1);
    const served: string[] = [];
    const request = (who: string, at: number) =>
      sim.scheduleAt(
        at,
        () => {
          const serve = (): void => {
            served.push(who);
            sim.schedule(10, () => desk.release(1), undefined, Priority.release);
          };
          if (desk.seize(1, serve, undefined) === "granted") serve();
        },
        undefined,
      );
    request("a", 0);
    request("b", 1);
    request("c", 2);
    request("d", 3);
    sim.run();
    expect(served).toEqual(["a", "b", "c", "d"]);
    // Waits: a 0, b 9, c 18, d 27.
    expect(desk.waitTime.mean).toBeCloseTo((0 + 9 + 18 + 27) / 4, 12);
    expect(desk.waitTime.max).toBeCloseTo(27, 12);
  });

  it("serves lower priority values first, then by arrival", () => {
    const sim = new Simulation();
    const bed = new Resource(sim, "bed", 1);
    const served: string[] = [];
    expect(bed.seize(1, () => {}, undefined)).toBe("granted");
    for (const [who, priority] of [
      ["p3-early", 3],
      ["p1", 1],
      ["p3-late", 3],
      ["p2", 2],
    ] as const) {
      bed.seize(
        1,
        (name: string) => {
          served.push(name);
          bed.release(1);
        },
        who,
        priority,
      );
    }
    bed.release(1);
    expect(served).toEqual(["p1", "p2", "p3-early", "p3-late"]);
  });

  it("does not let small requests overtake a larger one at the head of the line", () => {
    const sim = new Simulation();
    const pool = new Resource(sim, "pool", 3);
    const order: string[] = [];
    expect(pool.seize(2, () => {}, undefined)).toBe("granted");
    expect(pool.seize(2, () => order.push("two"), undefined)).toBe("queued");
    expect(pool.seize(1, () => order.push("one"), undefined)).toBe("queued");
    expect(pool.inUse).toBe(2);
    pool.release(2);
    expect(order).toEqual(["two", "one"]);
    expect(pool.inUse).toBe(3);
  });

  it("a capacity cut lets current users finish and stops new grants until below the new capacity", () => {
    const sim = new Simulation();
    const ward = new Resource(sim, "ward", 4);
    for (let i = 0; i < 4; i++) expect(ward.seize(1, () => {}, undefined)).toBe("granted");
    ward.setCapacity(2);
    expect(ward.inUse).toBe(4);
    let granted = false;
    expect(ward.seize(1, () => (granted = true), undefined)).toBe("queued");
    ward.release(1);
    ward.release(1);
    expect(granted).toBe(false);
    ward.release(1);
    expect(granted).toBe(true);
    expect(ward.inUse).toBe(2);
  });

  it("follows a repeating capacity schedule", () => {
    const sim = new Simulation();
    const ward = new Resource(sim, "ward", 10);
    // 10 beds by day, 14 from 20:00 to 08:00, every day.
    ward.followSchedule(
      [
        { at: 8 * 60, capacity: 10 },
        { at: 20 * 60, capacity: 14 },
      ],
      1440,
    );
    const seen: number[] = [];
    for (const hour of [1, 9, 21, 24 + 9, 24 + 21, 10 * 24 + 21]) {
      sim.scheduleAt(hour * 60, () => seen.push(ward.capacity), undefined, Priority.observe);
    }
    sim.run(11 * 1440);
    expect(seen).toEqual([10, 10, 14, 10, 14, 14]);
    // Bed-hours over 11 days: day 0 has 20 h at 10 (from 00:00, before the first change) and
    // 4 h at 14; each later day has 8 h + 4 h at 14 and 12 h at 10.
    const bedHours = 20 * 10 + 4 * 14 + 10 * (12 * 14 + 12 * 10);
    const expected = bedHours / (11 * 24);
    expect(ward.capacityLevel.mean(sim.now)).toBeCloseTo(expected, 9);
  });

  it("a unit released at an instant is there for the request made at that instant", () => {
    const sim = new Simulation();
    const bed = new Resource(sim, "bed", 1);
    bed.seize(1, () => {}, undefined);
    let waited = Number.NaN;
    // The request is scheduled first, but releases run before seizes at the same time.
    sim.scheduleAt(
      600,
      () => {
        const asked = sim.now;
        const onBed = (): void => {
          waited = sim.now - asked;
        };
        if (bed.seize(1, onBed, undefined) === "granted") onBed();
      },
      undefined,
      Priority.seize,
    );
    sim.scheduleAt(600, () => bed.release(1), undefined, Priority.release);
    sim.run();
    expect(waited).toBe(0);
    expect(bed.queueLevel.max).toBe(0);
  });

  it("refuses requests beyond the waiting-line capacity and can withdraw a waiting request", () => {
    const sim = new Simulation();
    const bay = new Resource(sim, "bay", 1, { queueCapacity: 1 });
    expect(bay.seize(1, () => {}, undefined)).toBe("granted");
    const ticket = bay.seizeWithTicket(
      1,
      () => {
        throw new Error("withdrawn request must not be granted");
      },
      undefined,
    );
    expect(ticket).toBeGreaterThanOrEqual(0);
    expect(bay.seize(1, () => {}, undefined)).toBe("refused");
    expect(bay.refused).toBe(1);
    expect(bay.cancelRequest(ticket)).toBe(true);
    expect(bay.cancelRequest(ticket)).toBe(false);
    bay.release(1);
    expect(bay.inUse).toBe(0);
  });

  it("rejects releasing more than is in use, and fractional units", () => {
    const sim = new Simulation();
    const r = new Resource(sim, "r", 2);
    expect(() => r.release(1)).toThrow(/only 0 in use/);
    expect(() => r.seize(1.5, () => {}, undefined)).toThrow(/whole number/);
    expect(() => new Resource(sim, "bad", -1)).toThrow(/whole number/);
  });

  it("never exceeds capacity, conserves requests and keeps the clock monotone (property)", () => {
    const job = fc.record({
      at: fc.integer({ min: 0, max: 200 }),
      amount: fc.integer({ min: 1, max: 3 }),
      hold: fc.integer({ min: 0, max: 50 }),
      priority: fc.integer({ min: 0, max: 2 }),
    });
    const capacityChange = fc.record({
      at: fc.integer({ min: 0, max: 250 }),
      capacity: fc.integer({ min: 3, max: 6 }),
    });
    fc.assert(
      fc.property(
        fc.array(job, { maxLength: 60 }),
        fc.array(capacityChange, { maxLength: 5 }),
        (jobs, changes) => {
          const sim = new Simulation();
          const r = new Resource(sim, "r", 4);
          r.followSchedule(changes);
          let lastTime = 0;
          let started = 0;
          let finished = 0;
          let requested = 0;
          for (const j of jobs) {
            sim.scheduleAt(
              j.at,
              () => {
                requested++;
                const startJob = (): void => {
                  started++;
                  expect(sim.now).toBeGreaterThanOrEqual(lastTime);
                  lastTime = sim.now;
                  // Granted only within the capacity in force at the moment of the grant.
                  expect(r.inUse).toBeLessThanOrEqual(r.capacity);
                  sim.schedule(
                    j.hold,
                    () => {
                      r.release(j.amount);
                      finished++;
                    },
                    undefined,
                    Priority.release,
                  );
                };
                if (r.seize(j.amount, startJob, undefined, j.priority) === "granted") startJob();
              },
              undefined,
            );
          }
          sim.run(120);
          // Part-way: every request is finished, in service or waiting.
          const inService = started - finished;
          expect(requested).toBe(finished + inService + r.queueLength);
          sim.run();
          expect(finished).toBe(jobs.length);
          expect(r.inUse).toBe(0);
          expect(r.queueLength).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("Resource.reprioritise (escalation)", () => {
  it("serves an escalated request before later lower-priority ones, keeping its time of asking", () => {
    const sim = new Simulation();
    const bed = new Resource(sim, "bed", 1);
    const served: string[] = [];
    expect(bed.seize(1, () => {}, undefined)).toBe("granted");
    const serve = (who: string) => () => served.push(who);
    // "old" asks at t=0 with priority 5, then two priority-3 requests arrive later.
    const old = bed.seizeWithTicket(1, serve("old"), undefined, 5);
    sim.scheduleAt(10, () => bed.seize(1, serve("p3-a"), undefined, 3), undefined);
    sim.scheduleAt(20, () => bed.seize(1, serve("p3-b"), undefined, 3), undefined);
    let escalated = -1;
    // At t=40 the long wait escalates "old" to priority 1; the bed frees at t=50.
    sim.scheduleAt(40, () => (escalated = bed.reprioritise(old, 1)), undefined);
    sim.scheduleAt(50, () => bed.release(1), undefined, Priority.release);
    sim.scheduleAt(60, () => bed.release(1), undefined, Priority.release);
    sim.scheduleAt(70, () => bed.release(1), undefined, Priority.release);
    sim.run();
    expect(served).toEqual(["old", "p3-a", "p3-b"]);
    // Granted at 50 after asking at 0: the wait is counted from the first request, not the move.
    expect(bed.waitTime.max).toBe(50);
    expect(escalated).toBeGreaterThanOrEqual(0);
    // The old ticket no longer names a waiting request, nor does the new one once granted.
    expect(bed.cancelRequest(old)).toBe(false);
    expect(bed.cancelRequest(escalated)).toBe(false);
  });

  it("answers -1 for a request no longer waiting, and a moved ticket can be withdrawn", () => {
    const sim = new Simulation();
    const bay = new Resource(sim, "bay", 1);
    expect(bay.seizeWithTicket(1, () => {}, undefined)).toBe(-1);
    const ticket = bay.seizeWithTicket(1, () => {}, undefined, 5);
    const moved = bay.reprioritise(ticket, 0);
    expect(moved).toBeGreaterThanOrEqual(0);
    expect(bay.reprioritise(ticket, 0)).toBe(-1);
    expect(bay.queueLength).toBe(1);
    expect(bay.cancelRequest(moved)).toBe(true);
    expect(bay.queueLength).toBe(0);
    expect(bay.reprioritise(-1, 0)).toBe(-1);
  });
});
