import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GUARD_INTERVAL, Priority, Simulation } from "../../src/engine/simulation.js";

describe("Simulation", () => {
  it("runs events in time order and the clock never goes back (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { maxLength: 200 }), (delays) => {
        const sim = new Simulation();
        const seen: number[] = [];
        let primary = 0;
        const record = (): void => {
          seen.push(sim.now);
          // Events scheduling more events, at zero delay too.
          if (++primary % 3 === 0) sim.schedule(0, () => seen.push(sim.now), undefined);
        };
        for (const d of delays) sim.schedule(d, record, undefined);
        sim.run();
        for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
        expect(seen.length).toBe(delays.length + Math.floor(delays.length / 3));
      }),
    );
  });

  it("runs same-time events by priority, then in the order they were scheduled", () => {
    const sim = new Simulation();
    const order: string[] = [];
    sim.schedule(5, (s: string) => order.push(s), "seize-1", Priority.seize);
    sim.schedule(5, (s: string) => order.push(s), "observe", Priority.observe);
    sim.schedule(5, (s: string) => order.push(s), "release", Priority.release);
    sim.schedule(5, (s: string) => order.push(s), "seize-2", Priority.seize);
    sim.schedule(5, (s: string) => order.push(s), "capacity", Priority.capacityChange);
    sim.run();
    expect(order).toEqual(["release", "capacity", "seize-1", "seize-2", "observe"]);
  });

  it("stops at `until` with the clock there, and continues later", () => {
    const sim = new Simulation();
    const times: number[] = [];
    for (const t of [10, 20, 30]) sim.scheduleAt(t, () => times.push(sim.now), undefined);
    expect(sim.run(25)).toBe("until");
    expect(sim.now).toBe(25);
    expect(times).toEqual([10, 20]);
    expect(sim.run()).toBe("empty");
    expect(times).toEqual([10, 20, 30]);
  });

  it("refuses to schedule in the past and cancels events", () => {
    const sim = new Simulation();
    sim.run(100);
    expect(() => sim.scheduleAt(50, () => {}, undefined)).toThrow(/clock is at 100/);
    expect(() => sim.schedule(-1, () => {}, undefined)).toThrow(/≥ 0/);
    let ran = false;
    const id = sim.schedule(1, () => (ran = true), undefined);
    expect(sim.cancel(id)).toBe(true);
    sim.run();
    expect(ran).toBe(false);
  });

  it("ends a run that would never end at the event limit", () => {
    const sim = new Simulation({ maxEvents: 1000 });
    const again = (): void => {
      sim.schedule(1, again, undefined);
    };
    sim.schedule(0, again, undefined);
    expect(sim.run()).toBe("event-limit");
    expect(sim.eventsProcessed).toBe(1000);
  });

  it("ends a run whose pending events outgrow maxPendingEvents, before running more", () => {
    const sim = new Simulation({ maxPendingEvents: 50 });
    // Each event schedules two: the pending count grows by one per event.
    const twice = (): void => {
      sim.schedule(1, twice, undefined);
      sim.schedule(1, twice, undefined);
    };
    sim.schedule(0, twice, undefined);
    expect(sim.run()).toBe("pending-limit");
    expect(sim.pendingEvents).toBe(51);
    expect(sim.eventsProcessed).toBe(50);
  });

  it("asks the guard every GUARD_INTERVAL events and stops, keeping its reason, when it objects", () => {
    let asked = 0;
    let count = 0;
    const sim = new Simulation({
      guard: () => {
        asked++;
        return count >= 3 * GUARD_INTERVAL ? "too many" : undefined;
      },
    });
    const tick = (): void => {
      count++;
      sim.schedule(1, tick, undefined);
    };
    sim.schedule(0, tick, undefined);
    expect(sim.run()).toBe("guard");
    expect(sim.guardMessage).toBe("too many");
    expect(asked).toBe(3);
    expect(sim.eventsProcessed).toBe(3 * GUARD_INTERVAL);
  });

  it("gives each named stream its own draws, unaffected by other streams", () => {
    const a = new Simulation({ seed: 7 });
    const b = new Simulation({ seed: 7 });
    const first = Array.from({ length: 5 }, () => a.random.get("los").uniform());
    b.random.get("new-source").uniform(); // a source added in another variant
    const second = Array.from({ length: 5 }, () => b.random.get("los").uniform());
    expect(second).toEqual(first);
    const otherSeed = new Simulation({ seed: 8 });
    const third = Array.from({ length: 5 }, () => otherSeed.random.get("los").uniform());
    expect(third).not.toEqual(first);
    const otherReplication = new Simulation({ seed: 7, replication: 1 });
    expect(otherReplication.random.get("los").uniform()).not.toBe(first[0]);
  });
});
