/**
 * What the hospital model records about spells as they end. Levels that are integrals over time
 * (occupancy, queues, services in use) live with their wards and services; this holds the
 * per-spell tallies and the daily counts. Everything here is reset at the end of warm-up.
 */
import { QuantileSketch, Tally, TimeSeries } from "../engine/statistics/index.js";
import { DAY, HOUR } from "../engine/time.js";
import { DELAY_REASONS, type Patient } from "./patient.js";

export class SpellStatistics {
  readonly los = new Tally();
  readonly treatment = new Tally();
  readonly delay = new Tally();
  losSketch = new QuantileSketch();
  cost = 0;

  add(losDays: number, treatmentDays: number, delayDays: number, cost: number): void {
    this.los.add(losDays);
    this.treatment.add(treatmentDays);
    this.delay.add(delayDays);
    this.losSketch.add(losDays);
    this.cost += cost;
  }
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
  readonly dischargesDaily: TimeSeries;
  readonly dischargesByWeekday = new Float64Array(7);
  readonly arrivalsByHourOfWeek = new Float64Array(168);
  readmissions = 0;
  readmissionsByPathway = new Float64Array(4);
  assessments = { standard: 0, d2a: 0 };

  constructor(groups: number, seriesStart: number) {
    this.byGroup = Array.from({ length: groups }, () => new SpellStatistics());
    this.admissionsDaily = new TimeSeries(DAY, seriesStart);
    this.dischargesDaily = new TimeSeries(DAY, seriesStart);
  }

  recordTimeToBed(minutes: number): void {
    this.timeToBed.add(minutes);
    this.timeToBedSketch.add(minutes);
    if (minutes > 4 * HOUR) this.breaches4h++;
    if (minutes > 12 * HOUR) this.breaches12h++;
  }

  recordSpell(patient: Patient, now: number, weekday: number, cost: number): void {
    const losDays = (now - patient.admittedAt) / DAY;
    let delay = 0;
    for (let r = 0; r < DELAY_REASONS.length; r++) {
      delay += patient.delays[r]!;
      this.delayMinutes[r]! += patient.delays[r]!;
      this.delayMinutesByPathway[patient.pathway]![r]! += patient.delays[r]!;
    }
    const delayDays = delay / DAY;
    const treatmentDays = (patient.medicallyFitAt - patient.admittedAt) / DAY;
    this.overall.add(losDays, treatmentDays, delayDays, cost);
    this.byGroup[patient.group.index]!.add(losDays, treatmentDays, delayDays, cost);
    this.byPathway[patient.pathway]!.add(losDays, treatmentDays, delayDays, cost);
    this.dischargesDaily.add(now);
    this.dischargesByWeekday[weekday]!++;
  }
}
