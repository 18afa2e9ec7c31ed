import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventQueue } from "../../src/engine/event-queue.js";

type Op =
  | { kind: "push"; time: number; priority: number }
  | { kind: "cancel"; index: number }
  | { kind: "pop" };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant("push" as const),
      // Few distinct times and priorities so that ties are common.
      time: fc.integer({ min: 0, max: 20 }).map((t) => t / 4),
      priority: fc.integer({ min: -3, max: 3 }),
    }),
    weight: 5,
  },
  { arbitrary: fc.record({ kind: fc.constant("cancel" as const), index: fc.nat(200) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("pop" as const) }), weight: 2 },
);

interface Entry {
  time: number;
  priority: number;
  order: number;
  cancelled: boolean;
  popped: boolean;
}

function compare(a: Entry, b: Entry): number {
  return a.time - b.time || a.priority - b.priority || a.order - b.order;
}

describe("EventQueue", () => {
  it("pops in (time, priority, insertion) order for any sequence of pushes, cancels and pops", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), (ops) => {
        const queue = new EventQueue(16);
        const entries: Entry[] = [];
        const ids: number[] = [];
        const handler = (): void => {};
        const popAndCheck = (): void => {
          const live = entries.filter((e) => !e.cancelled && !e.popped).sort(compare);
          const got = queue.pop();
          expect(got).toBe(live.length > 0);
          if (live.length === 0) return;
          const expected = live[0]!;
          expect(queue.poppedArg).toBe(expected);
          expected.popped = true;
        };
        for (const op of ops) {
          if (op.kind === "push") {
            const entry = {
              time: op.time,
              priority: op.priority,
              order: entries.length,
              cancelled: false,
              popped: false,
            };
            entries.push(entry);
            ids.push(queue.push(op.time, op.priority, handler, entry));
          } else if (op.kind === "cancel") {
            if (entries.length === 0) continue;
            const i = op.index % entries.length;
            const entry = entries[i]!;
            const shouldSucceed = !entry.cancelled && !entry.popped;
            expect(queue.cancel(ids[i]!)).toBe(shouldSucceed);
            if (shouldSucceed) entry.cancelled = true;
          } else {
            popAndCheck();
          }
          expect(queue.size).toBe(entries.filter((e) => !e.cancelled && !e.popped).length);
        }
        while (queue.size > 0) popAndCheck();
        expect(queue.pop()).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("a stale id cannot cancel a later event that reused its slot", () => {
    const queue = new EventQueue(16);
    const first = queue.push(1, 0, () => {}, "first");
    expect(queue.pop()).toBe(true);
    const second = queue.push(2, 0, () => {}, "second");
    expect(queue.cancel(first)).toBe(false);
    expect(queue.size).toBe(1);
    expect(queue.cancel(second)).toBe(true);
    expect(queue.size).toBe(0);
  });

  it("grows past its initial capacity and keeps order", () => {
    const queue = new EventQueue(16);
    const n = 5000;
    for (let i = 0; i < n; i++) queue.push((i * 7919) % 1000, 0, () => {}, i);
    let previous = -1;
    let count = 0;
    while (queue.pop()) {
      expect(queue.poppedTime).toBeGreaterThanOrEqual(previous);
      previous = queue.poppedTime;
      count++;
    }
    expect(count).toBe(n);
  });

  it("rejects NaN times and out-of-range priorities", () => {
    const queue = new EventQueue();
    expect(() => queue.push(Number.NaN, 0, () => {}, 0)).toThrow(RangeError);
    expect(() => queue.push(0, 1000, () => {}, 0)).toThrow(/priority/);
    expect(() => queue.push(0, 0.5, () => {}, 0)).toThrow(/priority/);
  });
});

describe("EventQueue.popUntil", () => {
  it("takes events up to and including `until`, skips cancelled ones, and never takes one at infinity", () => {
    const queue = new EventQueue(16);
    const handler = (): void => {};
    queue.push(1, 0, handler, "a");
    const cancelled = queue.push(2, 0, handler, "cancelled");
    queue.push(3, 0, handler, "c");
    queue.push(Number.POSITIVE_INFINITY, 0, handler, "never");
    queue.cancel(cancelled);
    expect(queue.popUntil(3)).toBe(true);
    expect(queue.poppedArg).toBe("a");
    expect(queue.popUntil(2.5)).toBe(false);
    expect(queue.popUntil(3)).toBe(true);
    expect([queue.poppedTime, queue.poppedArg]).toEqual([3, "c"]);
    expect(queue.popUntil(Number.POSITIVE_INFINITY)).toBe(false);
    expect(queue.size).toBe(1);
  });
});
