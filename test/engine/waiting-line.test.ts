import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WaitingLine } from "../../src/engine/waiting-line.js";

type Op =
  | { kind: "join"; priority: number; amount: number }
  | { kind: "withdraw"; index: number }
  | { kind: "take" };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant("join" as const),
      // Few distinct priorities so that ties, and so arrival order, decide most of it.
      priority: fc.integer({ min: -2, max: 2 }),
      amount: fc.integer({ min: 1, max: 3 }),
    }),
    weight: 5,
  },
  { arbitrary: fc.record({ kind: fc.constant("withdraw" as const), index: fc.nat(200) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("take" as const) }), weight: 3 },
);

interface Request {
  priority: number;
  amount: number;
  order: number;
  ticket: number;
  gone: boolean;
}

/** The handler is only carried, never called, by the line. */
const record = (_: unknown): void => {};

describe("WaitingLine", () => {
  it("serves in (priority, arrival) order for any sequence of joins, withdrawals and takes", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), (ops) => {
        const line = new WaitingLine();
        const requests: Request[] = [];
        for (const op of ops) {
          if (op.kind === "join") {
            const request: Request = { ...op, order: requests.length, ticket: -1, gone: false };
            request.ticket = line.join(op.priority, op.amount, request.order, record, request);
            requests.push(request);
          } else if (op.kind === "withdraw") {
            const request = requests[op.index];
            if (request === undefined) continue;
            expect(line.withdraw(request.ticket)).toBe(!request.gone);
            request.gone = true;
          } else {
            // The reference: the live request with the lowest (priority, order).
            const expected = requests
              .filter((r) => !r.gone)
              .sort((a, b) => a.priority - b.priority || a.order - b.order)[0];
            expect(line.frontAmount()).toBe(expected === undefined ? Number.NaN : expected.amount);
            expect(line.takeFront()).toBe(expected !== undefined);
            if (expected === undefined) continue;
            expect(line.takenArg).toBe(expected);
            expect(line.takenSince).toBe(expected.order);
            expected.gone = true;
          }
          expect(line.size).toBe(requests.filter((r) => !r.gone).length);
        }
      }),
    );
  });

  it("never lets a stale ticket withdraw a later request that reuses the slot", () => {
    const line = new WaitingLine();
    const first = line.join(0, 1, 0, record, "first");
    expect(line.takeFront()).toBe(true);
    line.join(0, 1, 1, record, "second");
    expect(line.withdraw(first)).toBe(false);
    expect(line.size).toBe(1);
    expect(line.takeFront()).toBe(true);
    expect(line.takenArg).toBe("second");
  });

  it("grows past its initial slots and ring without losing order", () => {
    const line = new WaitingLine();
    for (let i = 0; i < 1000; i++) line.join(i % 2, 1, i, record, i);
    const served: unknown[] = [];
    while (line.takeFront()) served.push(line.takenArg);
    const evens = Array.from({ length: 500 }, (_, k) => 2 * k);
    const odds = Array.from({ length: 500 }, (_, k) => 2 * k + 1);
    expect(served).toEqual([...evens, ...odds]);
  });

  it("rejects a NaN priority", () => {
    expect(() => new WaitingLine().join(Number.NaN, 1, 0, record, 0)).toThrow(RangeError);
  });
});
