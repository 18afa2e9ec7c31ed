/** A ward: beds (an engine Resource), its occupancy statistics and its costs. */
import { type Distribution, fromSpec } from "../engine/distributions.js";
import type { RandomStream } from "../engine/random.js";
import { Resource } from "../engine/resource.js";
import { Priority, type Simulation } from "../engine/simulation.js";
import { LevelDistribution, LevelSeries, Tally } from "../engine/statistics/index.js";
import { DAY, WEEK } from "../engine/time.js";
import { DAY_KEYS, type Ward } from "../scenario/schema.js";

export class WardModel {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly beds: Resource;
  readonly turnaround: Distribution;
  readonly turnaroundStream: RandomStream;
  readonly costPerOccupiedBedDay: number;
  readonly costPerOpenBedDay: number;
  overflow: WardModel[] = [];
  /** Patients in beds (beds being cleaned are in `beds.inUse` but not here). */
  readonly occupancy: LevelDistribution;
  readonly dailyOccupancy: LevelSeries;
  /** Patients on this ward's waiting line (ED boarding or transfers). */
  patients = 0;
  admissions = 0;
  outlierAdmissions = 0;
  diverted = 0;
  readonly maxWaiting: number;
  /** New patients (not transfers) waiting for a bed here: what maxWaiting limits. */
  newPatientsWaiting = 0;
  readonly timeToBed = new Tally();
  delayedMinutes = 0;
  /** Called whenever the number of patients changes (safe-staffing checks). */
  onPatientsChanged: ((ward: WardModel) => void) | undefined;
  private readonly sim: Simulation;
  private scheduledBeds: number;
  private staffedBedLimit = Number.POSITIVE_INFINITY;
  /** Beds added (or, negative, closed) by the calendar's dated bed changes now in force. */
  private calendarBeds = 0;

  constructor(sim: Simulation, index: number, ward: Ward, seriesStart: number) {
    this.index = index;
    this.id = ward.id;
    this.name = ward.name ?? ward.id;
    this.sim = sim;
    this.scheduledBeds = ward.bedSchedule ? bedsAt(ward, sim.calendar.minuteOfWeek(0)) : ward.beds;
    this.beds = new Resource(sim, ward.id, this.scheduledBeds);
    for (const entry of ward.bedSchedule ?? []) {
      for (const day of entry.days) {
        const at = sim.calendar.nextMinuteOfWeek(0, DAY_KEYS.indexOf(day) * DAY + entry.from);
        sim.scheduleAt(at, this.scheduledChange, entry.beds, Priority.capacityChange);
      }
    }
    this.turnaround = fromSpec(ward.turnaround);
    this.turnaroundStream = sim.random.get(`turnaround/${ward.id}`);
    this.costPerOccupiedBedDay = ward.costPerOccupiedBedDay;
    this.costPerOpenBedDay = ward.costPerOpenBedDay;
    this.maxWaiting = ward.maxWaiting ?? Number.POSITIVE_INFINITY;
    this.occupancy = new LevelDistribution(sim.now, 0);
    this.dailyOccupancy = new LevelSeries(DAY, seriesStart, 0);
  }

  changePatients(now: number, delta: number): void {
    this.patients += delta;
    this.occupancy.update(now, this.patients);
    if (now >= this.dailyOccupancy.startTime) this.dailyOccupancy.update(now, this.patients);
    this.onPatientsChanged?.(this);
  }

  /** Beds the rostered nurses can cover (safe staffing with bed closures); Infinity when unlimited. */
  setStaffedBedLimit(limit: number): void {
    this.staffedBedLimit = limit;
    this.applyCapacity();
  }

  private readonly scheduledChange = (beds: number): void => {
    this.scheduledBeds = beds;
    this.applyCapacity();
    this.sim.schedule(WEEK, this.scheduledChange, beds, Priority.capacityChange);
  };

  /** A dated bed change (calendar.beds): closed beds close as they empty; nobody is moved out. */
  changeCalendarBeds(delta: number): void {
    this.calendarBeds += delta;
    this.applyCapacity();
  }

  private applyCapacity(): void {
    const beds = Math.min(Math.max(0, this.scheduledBeds + this.calendarBeds), this.staffedBedLimit);
    if (beds !== this.beds.capacity) this.beds.setCapacity(beds);
  }
}

/**
 * Beds in force at a minute of the week under a weekly bed schedule: the latest change at or
 * before that minute, wrapping round from the end of the week; the base `beds` if none.
 */
export function bedsAt(ward: Ward, minuteOfWeek: number): number {
  const changes = (ward.bedSchedule ?? [])
    .flatMap((e) => e.days.map((d) => ({ at: DAY_KEYS.indexOf(d) * DAY + e.from, beds: e.beds })))
    .sort((a, b) => a.at - b.at);
  if (changes.length === 0) return ward.beds;
  let current = changes[changes.length - 1]!.beds;
  for (const c of changes) if (c.at <= minuteOfWeek) current = c.beds;
  return current;
}
