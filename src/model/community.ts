/**
 * Community services that take patients after discharge: home care caseloads, step-down and
 * care-home beds (units held for the length of support), and visit-based home support whose
 * capacity is visits a day with a package that tapers (as the IPACS model has it: e.g. 4 visits a
 * day falling to 1). A patient whose service has no room waits in the acute bed: no policy
 * conjures community capacity. When support ends, a patient waiting for an onward place (a care
 * home, say) keeps a community bed until that place is granted; home support is not kept.
 */
import { type Distribution, fromSpec } from "../engine/distributions.js";
import type { RandomStream } from "../engine/random.js";
import { Resource } from "../engine/resource.js";
import { Priority, type Simulation } from "../engine/simulation.js";
import { QuantileSketch, Tally, TimeWeighted } from "../engine/statistics/index.js";
import { DAY } from "../engine/time.js";
import type { CommunityService } from "../scenario/schema.js";

/** A discharged pathway 1–3 patient's place in the community (conservation counts by stage). */
export enum CommunityStage {
  /** Not discharged into a community service (pathway 0, still in hospital, placeholders). */
  None = 0,
  /** Support from the first service is running (reablement, step-down, a package or a bed). */
  FirstService = 1,
  /** First support over, at home, the assessment not yet done. */
  AwaitingDecision = 2,
  /** Waiting for the onward place (holding a community bed, or at home). */
  WaitingOnward = 3,
  /** In the onward service (long-term package or care home). */
  Onward = 4,
  /** Finished: home with no support, or the onward service has ended. */
  Done = 5,
}

/**
 * A person a service supports: what the service reads and sets on them (model/patient.ts's
 * P is one). Services are generic in it so this file needs nothing from the hospital.
 */
export interface ServiceUser {
  lengthOfSupport: number;
  community: CommunityStage;
  /** The community bed kept while waiting for an onward place. */
  heldPlace: object | null;
}

export type Granted<P> = (patient: P) => void;
export type SupportEnded<P> = (patient: P) => void;

export abstract class CommunityServiceModel<P extends ServiceUser = ServiceUser> {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly kind: CommunityService["kind"];
  readonly capacity: number;
  readonly lengthOfSupport: Distribution;
  readonly startDelay: Distribution;
  readonly costPerDay: number;
  protected readonly sim: Simulation;
  protected readonly supportStream: RandomStream;
  readonly startDelayStream: RandomStream;
  /** Onward moves draw from streams of their own, so a change to the onward split leaves the
   * support lengths and start delays of patients coming straight from hospital untouched. */
  private readonly onwardSupportStream: RandomStream;
  readonly onwardStartDelayStream: RandomStream;
  readonly waitTime = new Tally();
  waitSketch = new QuantileSketch();
  readonly waiting: TimeWeighted;
  /** Places in use: patients supported, and those whose support ended but who keep the place. */
  readonly inService: TimeWeighted;
  /** Places kept by patients waiting for an onward place after their support ended. */
  readonly held: TimeWeighted;
  starts = 0;
  /** Told when a patient's support ends (after the place is freed or kept). */
  supportEnded: SupportEnded<P> | null = null;
  private waitingCount = 0;
  private inServiceCount = 0;
  private heldCount = 0;

  constructor(sim: Simulation, index: number, service: CommunityService) {
    this.sim = sim;
    this.index = index;
    this.id = service.id;
    this.name = service.name ?? service.id;
    this.kind = service.kind;
    this.capacity = service.capacity;
    this.lengthOfSupport = fromSpec(service.lengthOfSupport);
    this.startDelay = fromSpec(service.startDelay);
    this.costPerDay = service.costPerDay;
    this.supportStream = sim.random.get(`support/${service.id}`);
    this.startDelayStream = sim.random.get(`start-delay/${service.id}`);
    this.onwardSupportStream = sim.random.get(`support/${service.id}/onward`);
    this.onwardStartDelayStream = sim.random.get(`start-delay/${service.id}/onward`);
    this.waiting = new TimeWeighted(sim.now, 0);
    this.inService = new TimeWeighted(sim.now, 0);
    this.held = new TimeWeighted(sim.now, 0);
  }

  /**
   * Asks for a place; true when granted now, otherwise `onGranted` is called later. Patients of
   * the initial state draw their support length from a `supportStream` of their own.
   */
  abstract request(patient: P, onGranted: Granted<P>, supportStream?: RandomStream): boolean;

  /** Onward moves and initial-state patients each draw from a stream of their own. */
  protected drawLengthOfSupport(patient: P, supportStream: RandomStream | undefined): void {
    const onward = patient.community === CommunityStage.WaitingOnward;
    patient.lengthOfSupport = this.lengthOfSupport.sample(
      supportStream ?? (onward ? this.onwardSupportStream : this.supportStream),
    );
  }

  /** Support starts now (the patient has left hospital); the place is freed when it ends. */
  startSupport(patient: P): void {
    this.inServiceCount++;
    this.inService.update(this.sim.now, this.inServiceCount);
    this.starts++;
    this.sim.schedule(patient.lengthOfSupport, this.endSupport, patient, Priority.release);
  }

  get waitingNow(): number {
    return this.waitingCount;
  }
  get inServiceNow(): number {
    return this.inServiceCount;
  }
  get heldNow(): number {
    return this.heldCount;
  }

  resetStatistics(): void {
    const now = this.sim.now;
    this.waitTime.reset();
    this.waitSketch = new QuantileSketch();
    this.waiting.reset(now);
    this.inService.reset(now);
    this.held.reset(now);
    this.starts = 0;
  }

  /** Mean places in use over capacity since the last reset. */
  abstract utilisation(): number;

  protected readonly endSupport = (patient: P): void => {
    if (patient.heldPlace === this) {
      this.heldCount++;
      this.held.update(this.sim.now, this.heldCount);
    } else {
      this.vacate(patient);
    }
    this.supportEnded?.(patient);
  };

  /** The patient who kept a place after support leaves it (onward place granted, or not needed). */
  releaseHeld(patient: P): void {
    patient.heldPlace = null;
    this.heldCount--;
    this.held.update(this.sim.now, this.heldCount);
    this.vacate(patient);
  }

  private vacate(patient: P): void {
    this.inServiceCount--;
    this.inService.update(this.sim.now, this.inServiceCount);
    this.freePlace(patient);
  }

  protected abstract freePlace(patient: P): void;

  protected noteQueued(): void {
    this.waitingCount++;
    this.waiting.update(this.sim.now, this.waitingCount);
  }

  protected noteGranted(since: number, queued: boolean): void {
    if (queued) {
      this.waitingCount--;
      this.waiting.update(this.sim.now, this.waitingCount);
    }
    const waited = this.sim.now - since;
    this.waitTime.add(waited);
    this.waitSketch.add(waited);
  }
}

/** Caseload (packages at once) or beds: one unit held for the whole length of support. */
class PlacesService<P extends ServiceUser> extends CommunityServiceModel<P> {
  private readonly places: Resource;

  constructor(sim: Simulation, index: number, service: CommunityService) {
    super(sim, index, service);
    this.places = new Resource(sim, service.id, service.capacity);
  }

  request(patient: P, onGranted: Granted<P>, supportStream?: RandomStream): boolean {
    this.drawLengthOfSupport(patient, supportStream);
    const since = this.sim.now;
    if (this.places.seize(1, this.granted, { patient, onGranted, since }) === "granted") {
      this.noteGranted(since, false);
      return true;
    }
    this.noteQueued();
    return false;
  }

  private readonly granted = (request: { patient: P; onGranted: Granted<P>; since: number }): void => {
    this.noteGranted(request.since, true);
    request.onGranted(request.patient);
  };

  protected freePlace(): void {
    this.places.release(1);
  }

  utilisation(): number {
    return this.capacity > 0 ? this.places.inUseLevel.mean(this.sim.now) / this.capacity : Number.NaN;
  }

  override resetStatistics(): void {
    super.resetStatistics();
    this.places.resetStatistics();
  }
}

interface VisitRequest<P> {
  patient: P;
  onGranted: Granted<P>;
  since: number;
  days: number;
}

/**
 * Visits a day. A package of L days needs visitsPerDay[i] visits on its i-th day (the last value
 * repeats); it starts only when every day of it fits under the daily capacity alongside the
 * packages already booked. Waiting packages are tried in arrival order each day at 00:00 and
 * whenever a package is asked for; the first that does not fit holds the rest (first come, first
 * served).
 */
class VisitsService<P extends ServiceUser> extends CommunityServiceModel<P> {
  private readonly visitsPerDay: readonly number[];
  /** Visits booked per day, from `baseDay`. */
  private booked = new Float64Array(64);
  private baseDay = 0;
  private readonly queue: VisitRequest<P>[] = [];
  private queueHead = 0;
  /** Visits booked for the current day, as a level for the utilisation. */
  private readonly bookedToday: TimeWeighted;

  constructor(sim: Simulation, index: number, service: CommunityService) {
    super(sim, index, service);
    this.visitsPerDay = service.visitsPerDay ?? [1];
    this.baseDay = Math.floor(sim.now / DAY);
    this.bookedToday = new TimeWeighted(sim.now, 0);
    sim.scheduleAt((this.baseDay + 1) * DAY, this.dailyCheck, undefined, Priority.capacityChange);
  }

  private visitsOnDay(i: number): number {
    const v = this.visitsPerDay;
    return v[Math.min(i, v.length - 1)]!;
  }

  request(patient: P, onGranted: Granted<P>, supportStream?: RandomStream): boolean {
    this.drawLengthOfSupport(patient, supportStream);
    const request: VisitRequest<P> = {
      patient,
      onGranted,
      since: this.sim.now,
      days: Math.max(1, Math.ceil(patient.lengthOfSupport / DAY)),
    };
    if (this.queue.length - this.queueHead === 0 && this.tryBook(request.days)) {
      this.noteGranted(request.since, false);
      return true;
    }
    this.queue.push(request);
    this.noteQueued();
    return false;
  }

  private tryBook(days: number): boolean {
    const today = Math.floor(this.sim.now / DAY);
    this.advanceBase(today);
    const offset = today - this.baseDay;
    this.ensure(offset + days);
    for (let i = 0; i < days; i++) {
      if (this.booked[offset + i]! + this.visitsOnDay(i) > this.capacity) return false;
    }
    for (let i = 0; i < days; i++) this.booked[offset + i]! += this.visitsOnDay(i);
    this.bookedToday.update(this.sim.now, this.booked[offset]!);
    return true;
  }

  /** Each midnight: the day's booked visits become the level, and waiting packages are tried. */
  private readonly dailyCheck = (): void => {
    const today = Math.floor(this.sim.now / DAY);
    this.advanceBase(today);
    this.bookedToday.update(this.sim.now, this.booked[0]!);
    while (this.queueHead < this.queue.length) {
      const head = this.queue[this.queueHead]!;
      if (!this.tryBook(head.days)) break;
      this.queue[this.queueHead++] = undefined as unknown as VisitRequest<P>;
      this.noteGranted(head.since, true);
      head.onGranted(head.patient);
    }
    if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
      this.queue.splice(0, this.queueHead);
      this.queueHead = 0;
    }
    this.sim.schedule(DAY, this.dailyCheck, undefined, Priority.capacityChange);
  };

  protected freePlace(): void {
    // Visits were booked day by day in advance; nothing to hand back when a package ends.
  }

  utilisation(): number {
    return this.capacity > 0 ? this.bookedToday.mean(this.sim.now) / this.capacity : Number.NaN;
  }

  override resetStatistics(): void {
    super.resetStatistics();
    this.bookedToday.reset(this.sim.now);
  }

  private advanceBase(today: number): void {
    const shift = today - this.baseDay;
    if (shift <= 0) return;
    if (shift >= this.booked.length) {
      this.booked.fill(0);
    } else {
      this.booked.copyWithin(0, shift);
      this.booked.fill(0, this.booked.length - shift);
    }
    this.baseDay = today;
  }

  private ensure(length: number): void {
    if (length <= this.booked.length) return;
    let n = this.booked.length;
    while (n < length) n *= 2;
    const grown = new Float64Array(n);
    grown.set(this.booked);
    this.booked = grown;
  }
}

export function makeCommunityService<P extends ServiceUser>(
  sim: Simulation,
  index: number,
  service: CommunityService,
): CommunityServiceModel<P> {
  return service.kind === "visits"
    ? new VisitsService<P>(sim, index, service)
    : new PlacesService<P>(sim, index, service);
}
