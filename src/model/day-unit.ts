/**
 * Day-case units: trolleys (or chairs) with opening hours, on which day cases recover instead of
 * taking a ward bed. A day case starts surgery only while its unit is open and a trolley is free
 * (otherwise it is cancelled for want of a bed: the trolley is its bed). It holds the trolley from
 * the start of surgery to the end of recovery, then goes home; a share are kept in overnight (a
 * clinical decision at the end of recovery), and anyone still recovering at closing time is too.
 * Those patients keep their trolley until a bed on the procedure's ward is free, then stay there.
 *
 * Each random source has its stream, per procedure: the recovery time and the overnight decision
 * (one draw for every case, whatever the probability, so changing it moves nobody else's draws),
 * and the overnight stay.
 */
import { type Distribution, fromSpec } from "../engine/distributions.js";
import type { RandomStream } from "../engine/random.js";
import { Resource } from "../engine/resource.js";
import { Priority, type Simulation } from "../engine/simulation.js";
import type { DayUnit, Procedure } from "../scenario/schema.js";
import type { GroupModel } from "./group.js";
import type { WardModel } from "./ward.js";

export class DayUnitModel {
  readonly id: string;
  readonly name: string;
  readonly trolleys: Resource;
  private readonly openDays: boolean[];
  readonly from: number;
  readonly to: number;
  // Whole-run counters: admitted = went home + moved to a ward + on a trolley now.
  admitted = 0;
  wentHome = 0;
  movedToWard = 0;
  // In the reporting window.
  windowAdmitted = 0;
  windowWentHome = 0;
  windowKeptOvernight = 0;
  windowStillThereAtClosing = 0;
  /** Minutes patients waited on a trolley for a ward bed, in the window. */
  windowMinutesWaitingForBed = 0;
  waitingForBed = 0;

  constructor(sim: Simulation, unit: DayUnit) {
    this.id = unit.id;
    this.name = unit.name ?? unit.id;
    this.trolleys = new Resource(sim, `day-unit/${unit.id}`, unit.trolleys);
    const days = new Set<string>(unit.days);
    this.openDays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => days.has(d));
    this.from = unit.from;
    this.to = unit.to;
  }

  /** Open at `time` (whose day of week and minute of the day the calendar gives)? */
  isOpen(dayOfWeek: number, minuteOfDay: number): boolean {
    return this.openDays[dayOfWeek]! && minuteOfDay >= this.from && minuteOfDay < this.to;
  }
}

/** How one procedure uses its day unit. */
export class DayCaseRoute {
  readonly unit: DayUnitModel;
  readonly ward: WardModel;
  /** The procedure's patient group: an overnight stay runs through the hospital's discharge flow. */
  readonly group: GroupModel;
  readonly recovery: Distribution;
  readonly overnightProbability: number;
  readonly overnightLos: Distribution;
  readonly recoveryStream: RandomStream;
  readonly overnightStream: RandomStream;
  readonly overnightLosStream: RandomStream;

  constructor(sim: Simulation, procedure: Procedure, unit: DayUnitModel, ward: WardModel, group: GroupModel) {
    this.unit = unit;
    this.ward = ward;
    this.group = group;
    this.recovery = fromSpec(procedure.recovery!);
    this.overnightProbability = procedure.overnight?.probability ?? 0;
    // Without an overnight stay given, one kept in (at closing) stays until the next morning's round.
    this.overnightLos = fromSpec(procedure.overnight?.los ?? { dist: "constant", value: 12 * 60 });
    this.recoveryStream = sim.random.get(`day-case-recovery/${procedure.id}`);
    this.overnightStream = sim.random.get(`day-case-overnight/${procedure.id}`);
    this.overnightLosStream = sim.random.get(`day-case-overnight-los/${procedure.id}`);
  }
}

/** What the day unit needs from the hospital: a ward bed, waited for like anyone else's. */
export interface OvernightBeds {
  /** Asks for a bed on `ward`; `admitted(request)` runs once the patient is in it. */
  requestOvernightBed(request: OvernightRequest): void;
}

export interface OvernightRequest {
  id: number;
  route: DayCaseRoute;
  stay: number;
  /** Set by the unit: called once the bed is granted (the trolley is freed). */
  admitted: (request: OvernightRequest) => void;
  since: number;
}

/** Runs day cases' recovery on their units; one per hospital. */
export class DayUnitService {
  private readonly sim: Simulation;
  readonly units: DayUnitModel[];
  private readonly beds: OvernightBeds;
  private readonly warmup: number;

  constructor(sim: Simulation, units: readonly DayUnit[], beds: OvernightBeds, warmup: number) {
    this.sim = sim;
    this.units = units.map((u) => new DayUnitModel(sim, u));
    this.beds = beds;
    this.warmup = warmup;
  }

  unit(id: string): DayUnitModel {
    return this.units.find((u) => u.id === id)!;
  }

  /** May a day case of this route start surgery now? */
  canAdmit(route: DayCaseRoute): boolean {
    const calendar = this.sim.calendar;
    const now = this.sim.now;
    return (
      route.unit.isOpen(calendar.dayOfWeek(now), calendar.minuteOfDay(now)) &&
      route.unit.trolleys.available > 0
    );
  }

  /** A day case starts surgery now, taking a trolley until it goes home or to a ward. */
  admit(id: number, route: DayCaseRoute, surgery: number): void {
    const unit = route.unit;
    const now = this.sim.now;
    if (!unit.trolleys.trySeize(1)) throw new Error(`day unit ${unit.id}: no trolley (canAdmit not asked)`);
    unit.admitted++;
    const counted = now >= this.warmup;
    if (counted) unit.windowAdmitted++;
    const recovered = now + surgery + route.recovery.sample(route.recoveryStream);
    const keptIn = route.overnightStream.uniform() < route.overnightProbability;
    const closing = now - this.sim.calendar.minuteOfDay(now) + unit.to;
    const request: OvernightRequest = {
      id,
      route,
      stay: 0,
      admitted: this.movedToWard,
      since: 0,
    };
    if (keptIn) {
      if (counted) unit.windowKeptOvernight++;
      this.sim.scheduleAt(Math.min(recovered, closing), this.needBed, request);
    } else if (recovered > closing) {
      if (counted) unit.windowStillThereAtClosing++;
      this.sim.scheduleAt(closing, this.needBed, request);
    } else {
      this.sim.scheduleAt(recovered, this.goHome, unit, Priority.release);
    }
  }

  private readonly goHome = (unit: DayUnitModel): void => {
    unit.trolleys.release(1);
    unit.wentHome++;
    if (this.sim.now >= this.warmup) unit.windowWentHome++;
  };

  private readonly needBed = (request: OvernightRequest): void => {
    const route = request.route;
    request.stay = route.overnightLos.sample(route.overnightLosStream);
    request.since = this.sim.now;
    route.unit.waitingForBed++;
    this.beds.requestOvernightBed(request);
  };

  private readonly movedToWard = (request: OvernightRequest): void => {
    const unit = request.route.unit;
    unit.waitingForBed--;
    unit.trolleys.release(1);
    unit.movedToWard++;
    const now = this.sim.now;
    if (now >= this.warmup) unit.windowMinutesWaitingForBed += now - Math.max(request.since, this.warmup);
  };

  resetStatistics(): void {
    for (const unit of this.units) unit.trolleys.resetStatistics();
  }
}

export interface DayUnitFigures {
  id: string;
  name: string;
  trolleys: number;
  /** Day cases who started surgery in the window. */
  admitted: number;
  wentHome: number;
  /** Kept in overnight by clinical decision, and still recovering at closing time. */
  keptOvernight: number;
  stillThereAtClosing: number;
  /** (kept overnight + still there at closing) ÷ admitted, %. */
  conversionPercent: number | null;
  /** Mean trolleys in use ÷ trolleys, % (over the whole day, open or not). */
  trolleyUtilisationPercent: number | null;
  hoursWaitingOnTrolleyForBed: number;
  /** On a trolley at the end, waiting for a ward bed or not. */
  onTrolleysAtEnd: number;
  waitingForBedAtEnd: number;
}

export function dayUnitFigures(service: DayUnitService): DayUnitFigures[] {
  return service.units.map((u) => {
    const converted = u.windowKeptOvernight + u.windowStillThereAtClosing;
    const utilisation = u.trolleys.utilisation();
    return {
      id: u.id,
      name: u.name,
      trolleys: u.trolleys.capacity,
      admitted: u.windowAdmitted,
      wentHome: u.windowWentHome,
      keptOvernight: u.windowKeptOvernight,
      stillThereAtClosing: u.windowStillThereAtClosing,
      conversionPercent: u.windowAdmitted > 0 ? (100 * converted) / u.windowAdmitted : null,
      trolleyUtilisationPercent: Number.isFinite(utilisation) ? 100 * utilisation : null,
      hoursWaitingOnTrolleyForBed: u.windowMinutesWaitingForBed / 60,
      onTrolleysAtEnd: u.trolleys.inUse,
      waitingForBedAtEnd: u.waitingForBed,
    };
  });
}
