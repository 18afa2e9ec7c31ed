/**
 * The simulation environment: a clock, the future event list, the random streams and a calendar.
 *
 * Process style: callbacks. A process is a function scheduled with an argument (usually the
 * entity it moves), and it schedules its own continuation. `npm run bench -- engine` measures the
 * alternatives on M/M/10: generator processes (SimPy's style, a resume and an iterator result per
 * step) ran about 1.3–1.7× slower than callbacks with an explicit argument, which allocate no
 * closure per event; the trajectory layer (trajectory.ts, simmer's verbs, about 0.8× callbacks)
 * is there for models that read best as a list of steps. The same bench runs a bare hand-written
 * loop of this one model as the yardstick: callbacks reach 0.40–0.43 of its rate (CPU time and
 * wall clock, medians of 7 rounds, on 2 cores with a load average of 13–20; 0.35 before log and
 * exp were written to inline and uniforms made in blocks), and 4–6× SimJS.
 *
 * Where the rest goes (profiles and allocation samples, `node --cpu-prof`): the loop takes a
 * call through a different handler every event, which V8 cannot inline; the Resource keeps its
 * statistics (Welford's tally with a division, two time-weighted levels) at every seize and
 * release; and each double that crosses a call V8 did not inline is boxed, about 170 bytes a
 * patient, 40 young-generation collections a million patients. What V8 inlines is bounded by
 * bytecode size (460 bytes a function, 920 in all into one caller), which is why the hot
 * functions here and in event-queue.ts, random.ts and math.ts keep their rare paths in helpers.
 */
import { type EventHandler, type EventId, EventQueue } from "./event-queue.js";
import { RandomStreams } from "./random.js";
import { Calendar } from "./time.js";

/**
 * At one instant events run in priority order, lowest first. Releases and capacity changes come
 * before new seizes (as simmer orders them), so a bed freed at 10:00 is there for the patient who
 * asks for it at 10:00.
 */
export const Priority = {
  /** Resetting statistics at the end of a warm-up: first of all at its instant. */
  warmup: -100,
  release: -20,
  capacityChange: -10,
  normal: 0,
  seize: 0,
  /** Observations and reports: after everything else at the same instant. */
  observe: 100,
} as const;

export interface SimulationOptions {
  seed?: number;
  replication?: number;
  startDate?: string;
  /** Stop after this many events (a guard against runs that would never end). */
  maxEvents?: number;
  /** Stop when more events than this are waiting to run at once (a guard on memory). */
  maxPendingEvents?: number;
  /**
   * Asked every GUARD_INTERVAL events: a returned sentence stops the run ("guard"), and is kept
   * in `guardMessage`. Models use it to end runs whose queues grow without limit.
   */
  guard?: () => string | undefined;
  /** Called after every event: for tests that check invariants at each step, and for tracing. */
  afterEvent?: (now: number) => void;
}

export type StopReason = "until" | "empty" | "stopped" | "event-limit" | "pending-limit" | "guard";

/** Events between two calls of the guard: often enough to bound memory, rare enough to cost nothing. */
export const GUARD_INTERVAL = 4096;

export class Simulation {
  private _now = 0;
  private readonly queue = new EventQueue();
  private stopRequested = false;
  readonly random: RandomStreams;
  readonly calendar: Calendar;
  readonly maxEvents: number;
  readonly maxPendingEvents: number;
  private readonly guard: (() => string | undefined) | undefined;
  /** Why the guard stopped the run, when it did. */
  guardMessage: string | undefined;
  private readonly afterEvent: ((now: number) => void) | undefined;
  eventsProcessed = 0;

  constructor(options: SimulationOptions = {}) {
    this.random = new RandomStreams(options.seed ?? 1, options.replication ?? 0);
    this.calendar = new Calendar(options.startDate);
    this.maxEvents = options.maxEvents ?? Number.POSITIVE_INFINITY;
    this.maxPendingEvents = options.maxPendingEvents ?? Number.POSITIVE_INFINITY;
    this.guard = options.guard;
    this.afterEvent = options.afterEvent;
  }

  /** Current simulated time in minutes. Never decreases. */
  get now(): number {
    return this._now;
  }

  /** Number of events waiting to run. */
  get pendingEvents(): number {
    return this.queue.size;
  }

  /** Runs `handler(arg)` after `delay` minutes (≥ 0). */
  schedule<T>(delay: number, handler: EventHandler<T>, arg: T, priority: number = Priority.normal): EventId {
    if (!(delay >= 0)) rejectDelay(delay);
    return this.queue.push(this._now + delay, priority, handler, arg);
  }

  /** Runs `handler(arg)` at absolute time `time` (≥ now). */
  scheduleAt<T>(time: number, handler: EventHandler<T>, arg: T, priority: number = Priority.normal): EventId {
    if (!(time >= this._now)) rejectTime(time, this._now);
    return this.queue.push(time, priority, handler, arg);
  }

  cancel(id: EventId): boolean {
    return this.queue.cancel(id);
  }

  /** Asks run() to return after the current event. */
  stop(): void {
    this.stopRequested = true;
  }

  /**
   * Runs events in order until the next one is later than `until` (the clock then reads `until`),
   * the queue is empty, stop() is called, the event limit or the pending-event limit is reached,
   * or the guard objects.
   */
  run(until: number = Number.POSITIVE_INFINITY): StopReason {
    if (!(until >= this._now))
      throw new RangeError(`cannot run until ${until}: the clock is at ${this._now}`);
    this.stopRequested = false;
    const queue = this.queue;
    const limit = this.maxEvents;
    const pendingLimit = this.maxPendingEvents;
    const guard = this.guard;
    const afterEvent = this.afterEvent;
    for (;;) {
      if (this.stopRequested) return "stopped";
      if (this.eventsProcessed >= limit) return "event-limit";
      if (queue.size > pendingLimit) return "pending-limit";
      if (guard !== undefined && this.eventsProcessed % GUARD_INTERVAL === 0 && this.eventsProcessed > 0) {
        const objection = guard();
        if (objection !== undefined) {
          this.guardMessage = objection;
          return "guard";
        }
      }
      if (!queue.popUntil(until)) {
        if (until !== Number.POSITIVE_INFINITY) this._now = until;
        return queue.peekTime() === Number.POSITIVE_INFINITY ? "empty" : "until";
      }
      this._now = queue.poppedTime;
      this.eventsProcessed++;
      (queue.poppedHandler as EventHandler<unknown>)(queue.poppedArg);
      if (afterEvent !== undefined) afterEvent(this._now);
    }
  }
}

// Errors thrown from small helpers keep schedule() small enough to inline (see event-queue.ts).
function rejectDelay(delay: number): never {
  throw new RangeError(`delay must be ≥ 0 minutes, got ${delay}`);
}

function rejectTime(time: number, now: number): never {
  throw new RangeError(`cannot schedule at ${time}: the clock is at ${now}`);
}
