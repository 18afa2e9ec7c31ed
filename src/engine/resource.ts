/**
 * A capacity-limited resource (beds, staff, machines): seize and release whole units, with a
 * waiting line served in (priority, arrival) order — FIFO when every request has the same
 * priority. Lower priority values are served first, as clinical priorities P1 < P2 < P3 are.
 *
 * Head-of-line rule: a request is granted only when everyone ahead of it has been, so a patient
 * asking for two units is not starved by a stream of one-unit requests. Capacity may change over
 * time; a reduction lets current users finish and only stops new grants.
 *
 * seize() answers synchronously: it returns "granted" when the units were free (the caller simply
 * carries on), otherwise "queued" and it calls `onGranted(arg)` later (or "refused" when the
 * waiting line is full). Waiting requests are kept in a WaitingLine (waiting-line.ts), which
 * serves them in the deterministic (priority, arrival) order without allocating.
 */
import type { EventHandler, EventId } from "./event-queue.js";
import { Priority, type Simulation } from "./simulation.js";
import { Tally } from "./statistics/tally.js";
import { TimeWeighted } from "./statistics/time-weighted.js";
import { WaitingLine } from "./waiting-line.js";

interface ScheduledCapacity {
  resource: Resource;
  capacity: number;
  repeatEvery: number | undefined;
}

export interface ResourceOptions {
  /** Largest number of waiting requests; further requests are refused (seize returns "refused" and
   * they are counted as balked). Default: unlimited. */
  queueCapacity?: number;
}

export type SeizeOutcome = "granted" | "queued" | "refused";

export class Resource {
  readonly name: string;
  private readonly sim: Simulation;
  private _capacity: number;
  private _inUse = 0;
  private readonly waiting = new WaitingLine();
  private dispatching = false;
  readonly queueCapacity: number;

  readonly waitTime = new Tally();
  readonly inUseLevel: TimeWeighted;
  readonly queueLevel: TimeWeighted;
  readonly capacityLevel: TimeWeighted;
  seizes = 0;
  releases = 0;
  refused = 0;

  constructor(sim: Simulation, name: string, capacity: number, options: ResourceOptions = {}) {
    checkUnits("capacity", capacity);
    this.sim = sim;
    this.name = name;
    this._capacity = capacity;
    this.queueCapacity = options.queueCapacity ?? Number.POSITIVE_INFINITY;
    this.inUseLevel = new TimeWeighted(sim.now, 0);
    this.queueLevel = new TimeWeighted(sim.now, 0);
    this.capacityLevel = new TimeWeighted(sim.now, capacity);
  }

  get capacity(): number {
    return this._capacity;
  }
  get inUse(): number {
    return this._inUse;
  }
  get available(): number {
    return Math.max(0, this._capacity - this._inUse);
  }
  get queueLength(): number {
    return this.waiting.size;
  }

  /**
   * Asks for `amount` units. Returns "granted" when they were free now (onGranted is NOT called),
   * "queued" when the request waits (onGranted(arg) runs when granted), "refused" when the
   * waiting line is full.
   */
  seize<T>(amount: number, onGranted: EventHandler<T>, arg: T, priority = 0): SeizeOutcome {
    if (this.tryGrantNow(amount)) return "granted";
    if (this.waiting.size >= this.queueCapacity) {
      this.refused++;
      return "refused";
    }
    this.enqueue(amount, onGranted, arg, priority);
    return "queued";
  }

  /** Takes `amount` units only if free now and nobody is waiting; never queues (loss systems). */
  trySeize(amount: number): boolean {
    if (this.tryGrantNow(amount)) return true;
    this.refused++;
    return false;
  }

  /**
   * Seize that can be withdrawn (reneging, moving to another queue). Returns -1 when granted at
   * once, -2 when refused, otherwise a ticket for cancelRequest().
   */
  seizeWithTicket<T>(amount: number, onGranted: EventHandler<T>, arg: T, priority = 0): EventId {
    if (this.tryGrantNow(amount)) return -1;
    if (this.waiting.size >= this.queueCapacity) {
      this.refused++;
      return -2;
    }
    return this.enqueue(amount, onGranted, arg, priority);
  }

  /** Withdraws a waiting request; false if it was already granted or withdrawn. */
  cancelRequest(ticket: EventId): boolean {
    if (ticket < 0 || !this.waiting.withdraw(ticket)) return false;
    this.queueLevel.update(this.sim.now, this.waiting.size);
    // The withdrawn request may have been blocking the head of the line.
    this.dispatch();
    return true;
  }

  /**
   * Moves a waiting request to another priority (escalation: a long wait raises it), keeping its
   * time of asking. Returns the new ticket for cancelRequest() and later moves, or -1 when the
   * request was no longer waiting.
   */
  reprioritise(ticket: EventId, priority: number): EventId {
    if (ticket < 0) return -1;
    const moved = this.waiting.move(ticket, priority);
    // A request moved ahead may now be at the head of the line with its units free.
    if (moved >= 0) this.dispatch();
    return moved;
  }

  release(amount: number): void {
    checkUnits("release amount", amount);
    if (amount > this._inUse) rejectRelease(this.name, amount, this._inUse);
    this._inUse -= amount;
    this.releases++;
    this.inUseLevel.update(this.sim.now, this._inUse);
    this.dispatch();
  }

  /** Changes capacity now. A reduction below the units in use lets current users finish. */
  setCapacity(capacity: number): void {
    checkUnits("capacity", capacity);
    this._capacity = capacity;
    this.capacityLevel.update(this.sim.now, capacity);
    this.dispatch();
  }

  /**
   * Follows a capacity schedule: at each `at` (minutes, absolute), capacity becomes `capacity`.
   * With `repeatEvery`, the pattern repeats (e.g. weekly escalation beds).
   */
  followSchedule(steps: readonly { at: number; capacity: number }[], repeatEvery?: number): void {
    for (const step of steps) checkUnits("scheduled capacity", step.capacity);
    if (repeatEvery !== undefined && !(repeatEvery > 0)) throw new RangeError("repeatEvery must be > 0");
    const now = this.sim.now;
    for (const step of steps) {
      let at = step.at;
      if (repeatEvery !== undefined) {
        while (at < now) at += repeatEvery;
      } else if (at < now) {
        continue;
      }
      this.sim.scheduleAt(
        at,
        this.applyScheduledCapacity,
        { resource: this, capacity: step.capacity, repeatEvery },
        Priority.capacityChange,
      );
    }
  }

  private readonly applyScheduledCapacity = (step: ScheduledCapacity): void => {
    step.resource.setCapacity(step.capacity);
    if (step.repeatEvery !== undefined) {
      this.sim.schedule(step.repeatEvery, this.applyScheduledCapacity, step, Priority.capacityChange);
    }
  };

  /** Starts a new observation window now (end of warm-up). */
  resetStatistics(): void {
    const now = this.sim.now;
    this.waitTime.reset();
    this.inUseLevel.reset(now);
    this.queueLevel.reset(now);
    this.capacityLevel.reset(now);
    this.seizes = 0;
    this.releases = 0;
    this.refused = 0;
  }

  /** Mean units in use over mean capacity, since the last reset. */
  utilisation(): number {
    const now = this.sim.now;
    const capacity = this.capacityLevel.mean(now);
    return capacity > 0 ? this.inUseLevel.mean(now) / capacity : Number.NaN;
  }

  private tryGrantNow(amount: number): boolean {
    checkUnits("seize amount", amount);
    if (this.waiting.size === 0 && this._inUse + amount <= this._capacity) {
      this.grant(amount, 0);
      return true;
    }
    return false;
  }

  private grant(amount: number, waited: number): void {
    this._inUse += amount;
    this.seizes++;
    this.waitTime.add(waited);
    this.inUseLevel.update(this.sim.now, this._inUse);
  }

  private enqueue<T>(amount: number, onGranted: EventHandler<T>, arg: T, priority: number): EventId {
    const now = this.sim.now;
    const ticket = this.waiting.join(priority, amount, now, onGranted, arg);
    this.queueLevel.update(now, this.waiting.size);
    return ticket;
  }

  private dispatch(): void {
    // Granting runs callbacks that may release or seize here again; the outer loop picks up
    // whatever they change, so re-entrant calls return at once.
    if (this.dispatching || this.waiting.size === 0) return;
    this.dispatching = true;
    try {
      const waiting = this.waiting;
      while (waiting.size > 0) {
        const amount = waiting.frontAmount();
        if (this._inUse + amount > this._capacity) break;
        waiting.takeFront();
        const onGranted = waiting.takenHandler as EventHandler<unknown>;
        const arg = waiting.takenArg;
        const now = this.sim.now;
        this.queueLevel.update(now, waiting.size);
        this.grant(amount, now - waiting.takenSince);
        onGranted(arg);
      }
    } finally {
      this.dispatching = false;
    }
  }
}

function checkUnits(what: string, n: number): void {
  if (!(Number.isInteger(n) && n >= 0)) rejectUnits(what, n);
}

// Errors thrown from helpers keep the hot methods small enough for V8 to inline (see event-queue.ts).
function rejectUnits(what: string, n: number): never {
  throw new RangeError(`${what} must be a whole number ≥ 0, got ${n}`);
}

function rejectRelease(name: string, amount: number, inUse: number): never {
  throw new RangeError(`${name}: release of ${amount} when only ${inUse} in use`);
}
