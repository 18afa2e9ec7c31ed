/**
 * The requests waiting for a Resource, served in (priority, arrival) order: lowest priority value
 * first, first come first served within a priority.
 *
 * Why not a heap: a hospital resource sees a handful of distinct priorities (often one), so the
 * line is a short sorted list of priority levels, each a first-in-first-out ring of request slots.
 * Joining and leaving are O(1) for the usual few levels, where a heap would sift on every request;
 * the order is the same as a heap keyed by (priority, insertion number). Requests live in slot
 * arrays recycled through a free list (amount and time of asking in typed arrays), so waiting
 * allocates nothing. Withdrawing is lazy, as in EventQueue: the slot's handler is cleared and the
 * entry dropped when it reaches the front. A ticket carries the slot and the slot's generation, so
 * a stale ticket never withdraws a later request that reused the slot.
 */
import type { EventHandler } from "./event-queue.js";

const SLOT_LIMIT = 2 ** 22;

type AnyHandler = EventHandler<never>;

class PriorityLevel {
  ring = new Int32Array(16);
  head = 0;
  /** Entries in the ring, withdrawn ones included until they reach the front. */
  count = 0;

  constructor(readonly priority: number) {}

  append(slot: number): void {
    if (this.count === this.ring.length) this.grow();
    this.ring[(this.head + this.count++) & (this.ring.length - 1)] = slot;
  }

  front(): number {
    return this.ring[this.head]!;
  }

  dropFront(): void {
    this.head = (this.head + 1) & (this.ring.length - 1);
    this.count--;
  }

  private grow(): void {
    const old = this.ring;
    const ring = new Int32Array(old.length * 2);
    for (let i = 0; i < this.count; i++) ring[i] = old[(this.head + i) & (old.length - 1)]!;
    this.ring = ring;
    this.head = 0;
  }
}

export class WaitingLine {
  /** Levels sorted by priority, lowest first; a level stays once created (there are few). */
  private readonly levels: PriorityLevel[] = [];
  private lastLevel: PriorityLevel | null = null;

  private handlers: (AnyHandler | null)[] = [];
  private args: unknown[] = [];
  private amounts = new Float64Array(16);
  private sinces = new Float64Array(16);
  private generation = new Float64Array(16);
  private freeSlots = new Int32Array(16);
  private freeCount = 0;
  private slotCount = 0;
  private live = 0;

  /** Filled by takeFront(): the request just taken. */
  takenHandler: AnyHandler | null = null;
  takenArg: unknown = undefined;
  takenSince = 0;

  /** Requests waiting (withdrawn ones not counted). */
  get size(): number {
    return this.live;
  }

  /** Adds a request; returns its ticket (≥ 0) for withdraw(). */
  join<T>(priority: number, amount: number, since: number, handler: EventHandler<T>, arg: T): number {
    const slot = this.takeSlot();
    this.handlers[slot] = handler as AnyHandler;
    this.args[slot] = arg;
    this.amounts[slot] = amount;
    this.sinces[slot] = since;
    this.levelFor(priority).append(slot);
    this.live++;
    return this.generation[slot]! * SLOT_LIMIT + slot;
  }

  /** Withdraws a waiting request; false if it was already taken or withdrawn. */
  withdraw(ticket: number): boolean {
    const slot = ticket % SLOT_LIMIT;
    const generation = Math.floor(ticket / SLOT_LIMIT);
    if (slot >= this.slotCount || this.generation[slot] !== generation || this.handlers[slot] === null) {
      return false;
    }
    this.handlers[slot] = null;
    this.args[slot] = undefined;
    this.live--;
    return true;
  }

  /**
   * Moves a waiting request to another priority, keeping its time of asking (its wait goes on)
   * and joining the new level behind those already there. Returns the new ticket, or -1 when the
   * request was already taken or withdrawn.
   */
  move(ticket: number, priority: number): number {
    const slot = ticket % SLOT_LIMIT;
    if (!this.isLive(ticket)) return -1;
    const handler = this.handlers[slot] as EventHandler<unknown>;
    const arg = this.args[slot];
    const amount = this.amounts[slot]!;
    const since = this.sinces[slot]!;
    this.withdraw(ticket);
    return this.join(priority, amount, since, handler, arg);
  }

  /** Whether the ticket's request is still waiting. */
  isLive(ticket: number): boolean {
    const slot = ticket % SLOT_LIMIT;
    const generation = Math.floor(ticket / SLOT_LIMIT);
    return slot < this.slotCount && this.generation[slot] === generation && this.handlers[slot] !== null;
  }

  /** Units asked for by the request at the front, or NaN when nobody waits. */
  frontAmount(): number {
    const level = this.frontLevel();
    return level === null ? Number.NaN : this.amounts[level.front()]!;
  }

  /** Takes the front request into takenHandler/takenArg/takenSince; false when nobody waits. */
  takeFront(): boolean {
    const level = this.frontLevel();
    if (level === null) return false;
    const slot = level.front();
    level.dropFront();
    this.takenHandler = this.handlers[slot]!;
    this.takenArg = this.args[slot];
    this.takenSince = this.sinces[slot]!;
    this.live--;
    this.freeSlot(slot);
    return true;
  }

  /** The first level whose front is a live request, dropping withdrawn entries on the way. */
  private frontLevel(): PriorityLevel | null {
    if (this.live === 0) return null;
    for (const level of this.levels) {
      while (level.count > 0) {
        const slot = level.front();
        if (this.handlers[slot] !== null) return level;
        level.dropFront();
        this.freeSlot(slot);
      }
    }
    return null;
  }

  private levelFor(priority: number): PriorityLevel {
    const last = this.lastLevel;
    if (last !== null && last.priority === priority) return last;
    const levels = this.levels;
    let i = 0;
    while (i < levels.length && levels[i]!.priority < priority) i++;
    let level = levels[i];
    if (level === undefined || level.priority !== priority) {
      if (Number.isNaN(priority)) throw new RangeError("request priority is NaN");
      level = new PriorityLevel(priority);
      levels.splice(i, 0, level);
    }
    this.lastLevel = level;
    return level;
  }

  private takeSlot(): number {
    if (this.freeCount > 0) return this.freeSlots[--this.freeCount]!;
    if (this.slotCount === this.amounts.length) this.growSlots();
    if (this.slotCount >= SLOT_LIMIT) throw new RangeError("too many waiting requests");
    this.handlers.push(null);
    this.args.push(undefined);
    return this.slotCount++;
  }

  private freeSlot(slot: number): void {
    this.handlers[slot] = null;
    this.args[slot] = undefined;
    this.generation[slot]!++;
    this.freeSlots[this.freeCount++] = slot;
  }

  private growSlots(): void {
    const n = this.amounts.length * 2;
    this.amounts = grow(this.amounts, n);
    this.sinces = grow(this.sinces, n);
    this.generation = grow(this.generation, n);
    const free = new Int32Array(n);
    free.set(this.freeSlots);
    this.freeSlots = free;
  }
}

function grow(from: Float64Array, n: number): Float64Array<ArrayBuffer> {
  const to = new Float64Array(n);
  to.set(from);
  return to;
}
