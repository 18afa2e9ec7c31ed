/**
 * The future event list: a 4-ary min-heap ordered by (time, priority, insertion order), so that
 * ties resolve identically on every run.
 *
 * Why typed arrays: the heap keeps its keys in one Float64Array, each entry's time beside its
 * tie-break key (priority packed above insertion number), so that sifting compares plain doubles
 * with no pointer chasing and no allocation per event. Why 4-ary: a hospital keeps a thousand or
 * more events pending (every bed's end of stay); four children a node halve the depth of a
 * binary heap, and the four children's keys sit in one or two cache lines. Handlers and their arguments live in slot arrays that are
 * recycled through a free list. Cancelling is lazy: the slot's handler is cleared and the entry is
 * dropped when it reaches the top. An EventId carries the slot and the slot's generation, so a
 * stale id can never cancel a later event that reused the slot.
 */

export type EventHandler<T> = (arg: T) => void;
export type EventId = number;

/** Priorities run from MIN_PRIORITY to MAX_PRIORITY; lower runs first at the same instant. */
export const MIN_PRIORITY = -256;
export const MAX_PRIORITY = 255;
const PRIORITY_OFFSET = 256;
/** Insertion numbers below 2^44 leave room for 9 priority bits within a double's 53-bit mantissa. */
const INSERTION_LIMIT = 2 ** 44;
const SLOT_LIMIT = 2 ** 22;

type AnyHandler = EventHandler<never>;

export class EventQueue {
  /** Entry i's time at 2i and tie-break key at 2i + 1. */
  private heapKeys: Float64Array;
  private heapSlot: Int32Array;
  private heapLength = 0;

  private handlers: (AnyHandler | null)[];
  private args: unknown[];
  private generation: Float64Array;
  private freeSlots: Int32Array;
  private freeCount = 0;
  private slotCount = 0;

  private insertions = 0;
  private live = 0;

  /** Filled by pop(): the event just taken. Kept as fields so popping allocates nothing. */
  poppedTime = 0;
  poppedHandler: AnyHandler | null = null;
  poppedArg: unknown = undefined;

  constructor(initialCapacity = 1024) {
    const n = Math.max(16, initialCapacity);
    this.heapKeys = new Float64Array(2 * n);
    this.heapSlot = new Int32Array(n);
    this.handlers = new Array(n).fill(null);
    this.args = new Array(n).fill(undefined);
    this.generation = new Float64Array(n);
    this.freeSlots = new Int32Array(n);
  }

  /** Number of scheduled, not cancelled, events. */
  get size(): number {
    return this.live;
  }

  /** Events pushed so far (including cancelled ones). */
  get pushed(): number {
    return this.insertions;
  }

  push<T>(time: number, priority: number, handler: EventHandler<T>, arg: T): EventId {
    if (
      Number.isNaN(time) ||
      !(priority >= MIN_PRIORITY && priority <= MAX_PRIORITY) ||
      (priority | 0) !== priority ||
      this.insertions >= INSERTION_LIMIT
    ) {
      rejectPush(time, priority);
    }
    const slot = this.takeSlot();
    this.handlers[slot] = handler as AnyHandler;
    this.args[slot] = arg;
    this.live++;
    if (this.heapLength === this.heapSlot.length) this.growHeap();
    // The new entry goes in at the bottom and siftUp() takes it up from there: reading it back
    // from the heap, siftUp() has only whole numbers for arguments, so when V8 does not inline
    // it, no double is boxed on the way, and push() stays small enough to inline.
    const hole = this.heapLength++;
    this.heapKeys[2 * hole] = time;
    this.heapKeys[2 * hole + 1] = (priority + PRIORITY_OFFSET) * INSERTION_LIMIT + this.insertions++;
    this.heapSlot[hole] = slot;
    this.siftUp(hole);
    return this.generation[slot]! * SLOT_LIMIT + slot;
  }

  private siftUp(start: number): void {
    const keys = this.heapKeys;
    const heapSlot = this.heapSlot;
    const time = keys[2 * start]!;
    const tie = keys[2 * start + 1]!;
    const slot = heapSlot[start]!;
    let hole = start;
    while (hole > 0) {
      const parent = (hole - 1) >> 2;
      const pt = keys[2 * parent]!;
      if (pt < time || (pt === time && keys[2 * parent + 1]! < tie)) break;
      keys[2 * hole] = pt;
      keys[2 * hole + 1] = keys[2 * parent + 1]!;
      heapSlot[hole] = heapSlot[parent]!;
      hole = parent;
    }
    keys[2 * hole] = time;
    keys[2 * hole + 1] = tie;
    heapSlot[hole] = slot;
  }

  /** Cancels a scheduled event. Returns false if it already ran or was cancelled. */
  cancel(id: EventId): boolean {
    const slot = id % SLOT_LIMIT;
    const generation = Math.floor(id / SLOT_LIMIT);
    if (slot >= this.slotCount || this.generation[slot] !== generation || this.handlers[slot] === null) {
      return false;
    }
    this.handlers[slot] = null;
    this.args[slot] = undefined;
    this.live--;
    return true;
  }

  /** Time of the next live event, or Infinity when none is left. */
  peekTime(): number {
    while (this.heapLength > 0) {
      if (this.handlers[this.heapSlot[0]!] !== null) return this.heapKeys[0]!;
      this.removeTop();
    }
    return Number.POSITIVE_INFINITY;
  }

  /**
   * pop() for the event loop: takes the next live event only if its time is ≤ `until` (and
   * finite), in one
   * pass over the top of the heap instead of a peek and then a pop.
   */
  popUntil(until: number): boolean {
    const handlers = this.handlers;
    while (this.heapLength > 0) {
      const slot = this.heapSlot[0]!;
      const handler = handlers[slot]!;
      if (handler === null) {
        this.removeTop();
        continue;
      }
      const time = this.heapKeys[0]!;
      // An event at infinity never runs: run() reports the queue as empty instead.
      if (time > until || time === Number.POSITIVE_INFINITY) return false;
      this.poppedTime = time;
      this.poppedHandler = handler;
      this.poppedArg = this.args[slot];
      this.live--;
      this.removeTop();
      return true;
    }
    return false;
  }

  /** Argument of the next live event (undefined when none is left). */
  peekArg(): unknown {
    this.peekTime();
    return this.heapLength === 0 ? undefined : this.args[this.heapSlot[0]!];
  }

  /** Takes the next live event into poppedTime/poppedHandler/poppedArg; false when empty. */
  pop(): boolean {
    while (this.heapLength > 0) {
      const slot = this.heapSlot[0]!;
      const handler = this.handlers[slot] ?? null;
      const time = this.heapKeys[0]!;
      const arg = this.args[slot];
      this.removeTop();
      if (handler !== null) {
        this.live--;
        this.poppedTime = time;
        this.poppedHandler = handler;
        this.poppedArg = arg;
        return true;
      }
    }
    this.poppedHandler = null;
    this.poppedArg = undefined;
    return false;
  }

  private removeTop(): void {
    const topSlot = this.heapSlot[0]!;
    this.handlers[topSlot] = null;
    this.args[topSlot] = undefined;
    this.generation[topSlot]!++;
    this.freeSlots[this.freeCount++] = topSlot;

    const last = --this.heapLength;
    if (last === 0) return;
    const keys = this.heapKeys;
    const heapSlot = this.heapSlot;
    const time = keys[2 * last]!;
    const tie = keys[2 * last + 1]!;
    const slot = heapSlot[last]!;
    let hole = 0;
    for (;;) {
      const first = 4 * hole + 1;
      if (first >= last) break;
      // The smallest of up to four children.
      let child = first;
      let ct = keys[2 * first]!;
      let cTie = keys[2 * first + 1]!;
      const end = Math.min(first + 4, last);
      for (let c = first + 1; c < end; c++) {
        const t = keys[2 * c]!;
        if (t < ct || (t === ct && keys[2 * c + 1]! < cTie)) {
          child = c;
          ct = t;
          cTie = keys[2 * c + 1]!;
        }
      }
      if (time < ct || (time === ct && tie < cTie)) break;
      keys[2 * hole] = ct;
      keys[2 * hole + 1] = cTie;
      heapSlot[hole] = heapSlot[child]!;
      hole = child;
    }
    keys[2 * hole] = time;
    keys[2 * hole + 1] = tie;
    heapSlot[hole] = slot;
  }

  private takeSlot(): number {
    if (this.freeCount > 0) return this.freeSlots[--this.freeCount]!;
    if (this.slotCount === this.generation.length) this.growSlots();
    if (this.slotCount >= SLOT_LIMIT) throw new RangeError("too many simultaneous events");
    return this.slotCount++;
  }

  private growHeap(): void {
    const n = this.heapSlot.length * 2;
    this.heapKeys = grow(this.heapKeys, new Float64Array(2 * n));
    this.heapSlot = grow(this.heapSlot, new Int32Array(n));
  }

  private growSlots(): void {
    const n = this.generation.length * 2;
    this.generation = grow(this.generation, new Float64Array(n));
    this.freeSlots = grow(this.freeSlots, new Int32Array(n));
    for (let i = this.handlers.length; i < n; i++) {
      this.handlers.push(null);
      this.args.push(undefined);
    }
  }
}

/**
 * The errors of push(), kept out of it: a hot function small enough for V8 to inline into its
 * callers passes its doubles unboxed, which in the event loop saves an allocation per event.
 */
function rejectPush(time: number, priority: number): never {
  if (Number.isNaN(time)) throw new RangeError("event time is NaN");
  if (!(priority >= MIN_PRIORITY && priority <= MAX_PRIORITY) || (priority | 0) !== priority) {
    throw new RangeError(`event priority must be a whole number in [${MIN_PRIORITY}, ${MAX_PRIORITY}]`);
  }
  throw new RangeError("too many events for one run");
}

function grow<A extends Float64Array | Int32Array>(from: A, to: A): A {
  to.set(from);
  return to;
}
