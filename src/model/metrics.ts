/**
 * What the hospital model records about spells as they end. Levels that are integrals over time
 * (occupancy, queues, services in use) live with their wards and services; this holds the
 * per-spell tallies and the daily counts. Everything here is reset at the end of warm-up.
 */
import { QuantileSketch, Tally, TimeSeries } from "../engine/statistics/index.js";
import { DAY, HOUR } from "../engine/time.js";
import { DELAY_REASONS, DESTINATIONS, type Destination, type Patient } from "./patient.js";

/** When a discharge happened, in calendar terms (days count midnights crossed). */
export interface DischargeWhen {
  weekday: number;
  hour: number;
  daysAfterAdmission: number;
  daysAfterReady: number;
}

export class SpellStatistics {
  readonly los = new Tally();
  readonly treatment = new Tally();
  readonly delay = new Tally();
  losSketch = new QuantileSketch();
  cost = 0;
  /** Discharged on the calendar day of admission or the next (Sheffield D2A's measure). */
  sameOrNextDayOfAdmission = 0;
  /** Discharged on the calendar day of becoming medically fit or the next. */
  sameOrNextDayOfReady = 0;
  /** Midnights in hospital of stays of at least one (HES spell duration, same-day stays left out). */
  readonly overnightNights = new Tally();

  add(losDays: number, treatmentDays: number, delayDays: number, cost: number, when: DischargeWhen): void {
    this.los.add(losDays);
    this.treatment.add(treatmentDays);
    this.delay.add(delayDays);
    this.losSketch.add(losDays);
    this.cost += cost;
    if (when.daysAfterAdmission <= 1) this.sameOrNextDayOfAdmission++;
    if (when.daysAfterReady <= 1) this.sameOrNextDayOfReady++;
    if (when.daysAfterAdmission >= 1) this.overnightNights.add(when.daysAfterAdmission);
  }
}

/** Patients who moved on to an onward service, by where they waited for it. */
export class OnwardWaits {
  readonly wait = new Tally();
  /** Those for whom the service had no room when asked (beyond arranging it). */
  queued = 0;
}

export class HospitalMetrics {
  readonly overall = new SpellStatistics();
  readonly byGroup: SpellStatistics[];
  readonly byPathway: SpellStatistics[] = [0, 1, 2, 3].map(() => new SpellStatistics());
  readonly timeToBed = new Tally();
  timeToBedSketch = new QuantileSketch();
  breaches4h = 0;
  breaches12h = 0;
  /** Minutes of delayed discharge by reason (indexed by Reason). */
  readonly delayMinutes = new Float64Array(DELAY_REASONS.length);
  readonly delayMinutesByPathway: Float64Array[] = [0, 1, 2, 3].map(
    () => new Float64Array(DELAY_REASONS.length),
  );
  readonly admissionsDaily: TimeSeries;
  /** Planned surgical admissions to a bed, apart from the emergency ones above. */
  readonly electiveAdmissionsDaily: TimeSeries;
  readonly dischargesDaily: TimeSeries;
  readonly dischargesByWeekday = new Float64Array(7);
  readonly dischargesByHour = new Float64Array(24);
  /** Onward destinations decided, by pathway then Destination. */
  readonly onwardDecided: Float64Array[] = [0, 1, 2, 3].map(() => new Float64Array(DESTINATIONS.length));
  /** Onward starts by Destination (package 1, care home 2) then where waited (0 home, 1 community bed). */
  readonly onwardWaits: OnwardWaits[][] = DESTINATIONS.map(() => [new OnwardWaits(), new OnwardWaits()]);
  /** Daily 08:00 snapshots: patients past their discharge-ready date, and occupied beds. */
  readonly readySnapshots: { pastReady: number; occupied: number }[] = [];
  readonly arrivalsByHourOfWeek = new Float64Array(168);
  readmissions = 0;
  readmissionsByPathway = new Float64Array(4);
  assessments = { standard: 0, d2a: 0 };

  constructor(groups: number, seriesStart: number) {
    this.byGroup = Array.from({ length: groups }, () => new SpellStatistics());
    this.admissionsDaily = new TimeSeries(DAY, seriesStart);
    this.electiveAdmissionsDaily = new TimeSeries(DAY, seriesStart);
    this.dischargesDaily = new TimeSeries(DAY, seriesStart);
  }

  recordTimeToBed(minutes: number): void {
    this.timeToBed.add(minutes);
    this.timeToBedSketch.add(minutes);
    if (minutes > 4 * HOUR) this.breaches4h++;
    if (minutes > 12 * HOUR) this.breaches12h++;
  }

  recordSpell(patient: Patient, now: number, when: DischargeWhen, cost: number): void {
    const losDays = (now - patient.admittedAt) / DAY;
    let delay = 0;
    for (let r = 0; r < DELAY_REASONS.length; r++) {
      delay += patient.delays[r]!;
      this.delayMinutes[r]! += patient.delays[r]!;
      this.delayMinutesByPathway[patient.pathway]![r]! += patient.delays[r]!;
    }
    const delayDays = delay / DAY;
    const treatmentDays = (patient.medicallyFitAt - patient.admittedAt) / DAY;
    this.overall.add(losDays, treatmentDays, delayDays, cost, when);
    this.byGroup[patient.group.index]!.add(losDays, treatmentDays, delayDays, cost, when);
    this.byPathway[patient.pathway]!.add(losDays, treatmentDays, delayDays, cost, when);
    this.dischargesDaily.add(now);
    this.dischargesByWeekday[when.weekday]!++;
    this.dischargesByHour[when.hour]!++;
  }

  /** Community costs that come after a counted spell ended (onward places, community beds kept). */
  addLaterCost(patient: Patient, cost: number): void {
    this.overall.cost += cost;
    this.byGroup[patient.group.index]!.cost += cost;
    this.byPathway[patient.pathway]!.cost += cost;
  }

  recordOnwardStart(
    destination: Destination,
    inCommunityBed: boolean,
    waited: number,
    queued: boolean,
  ): void {
    const waits = this.onwardWaits[destination]![inCommunityBed ? 1 : 0]!;
    waits.wait.add(waited);
    if (queued) waits.queued++;
  }

  recordReadySnapshot(pastReady: number, occupied: number): void {
    this.readySnapshots.push({ pastReady, occupied });
  }
}
