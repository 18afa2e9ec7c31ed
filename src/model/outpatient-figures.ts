/**
 * The outpatient figures of a run: appointments per patient-year by kind, waits for first and
 * follow-up appointments (those still waiting counted), staff hours and cost by role, and cost per
 * patient-year. Patient-years are the time every referred patient spent on a pathway in the
 * window, waiting or in follow-up, so a variant cannot look cheaper by leaving people on a list.
 */
import { DAY, WEEK } from "../engine/time.js";
import { type OutpatientService, Visit } from "./outpatients.js";

const YEAR = 365.25 * DAY;

export interface OutpatientPathwayFigures {
  id: string;
  name: string;
  referrals: number;
  patientYears: number;
  firstAppointments: number;
  followUps: number;
  /** Face-to-face visits added because a remote reading was out of range. */
  addedVisits: number;
  remoteReviews: number;
  didNotAttend: number;
  discharged: number;
  dischargedAfterMissedAppointments: number;
  /** Face-to-face appointments (first, follow-up, added) per patient-year; null without patient-time. */
  faceToFacePerPatientYear: number | null;
  remoteReviewsPerPatientYear: number | null;
  firstWaitMeanWeeks: number | null;
  firstWaitP90Weeks: number | null;
  /** Seen within 18 weeks of referral, % of first appointments (the referral-to-treatment clock). */
  firstSeenWithin18WeeksPercent: number | null;
  stillWaitingFirst: number;
  stillWaitingFirstMeanWeeksSoFar: number | null;
  followUpMeanDaysLate: number | null;
  lateFollowUps: number;
  overdueFollowUpsAtEnd: number;
  onPathwayAtEnd: number;
}

export interface OutpatientFigures {
  referrals: number;
  /** Patient-time on the pathways in the window, in years: waiting and in follow-up alike. */
  patientYears: number;
  appointments: {
    first: number;
    followUp: number;
    added: number;
    remote: number;
    didNotAttend: number;
    faceToFace: number;
  };
  perPatientYear: {
    first: number | null;
    followUp: number | null;
    added: number | null;
    remote: number | null;
    faceToFace: number | null;
  };
  waits: {
    firstMeanWeeks: number | null;
    /** Every patient waiting for a first appointment at the end. */
    stillWaitingFirst: number;
    stillWaitingFirstMeanWeeksSoFar: number | null;
    /** Waiting list at the end: % within 18 weeks of referral (incomplete pathways). */
    waitingWithin18WeeksPercentAtEnd: number | null;
    firstSeenWithin18WeeksPercent: number | null;
    followUpMeanDaysLate: number | null;
    lateFollowUps: number;
    overdueFollowUpsAtEnd: number;
  };
  sessions: number;
  /** Attended slot minutes ÷ session minutes, %. */
  slotUtilisationPercent: number | null;
  /** Session hours (paid whole) and hours outside sessions (remote reviews, results reviews), by role. */
  staff: { role: string; sessionHours: number; outsideSessionHours: number; hours: number; cost: number }[];
  costs: {
    staff: number;
    sessionOverheads: number;
    remoteReviews: number;
    total: number;
    perPatientYear: number | null;
    perPatientWeek: number | null;
    perFaceToFaceAppointment: number | null;
  };
  onPathwayAtEnd: number;
  byPathway: OutpatientPathwayFigures[];
}

const per = (amount: number, count: number): number | null => (count > 0 ? amount / count : null);

export function outpatientFigures(service: OutpatientService, now: number): OutpatientFigures {
  const waiting = service.waitingAt(now).byPathway;
  const byPathway = service.pathways.map((p): OutpatientPathwayFigures => {
    const w = waiting.get(p)!;
    const patientYears = p.caseload.integral(now) / YEAR;
    const faceToFace = p.attended[Visit.First] + p.attended[Visit.FollowUp] + p.attended[Visit.Converted];
    const seen = p.firstWaitWeeks.count;
    return {
      id: p.id,
      name: p.name,
      referrals: p.referred,
      patientYears,
      firstAppointments: p.attended[Visit.First],
      followUps: p.attended[Visit.FollowUp],
      addedVisits: p.attended[Visit.Converted],
      remoteReviews: p.remoteReviews,
      didNotAttend: p.didNotAttend[0] + p.didNotAttend[1] + p.didNotAttend[2],
      discharged: p.discharged,
      dischargedAfterMissedAppointments: p.dischargedAfterMisses,
      faceToFacePerPatientYear: per(faceToFace, patientYears),
      remoteReviewsPerPatientYear: per(p.remoteReviews, patientYears),
      firstWaitMeanWeeks: seen > 0 ? p.firstWaitWeeks.mean : null,
      firstWaitP90Weeks: seen > 0 ? p.firstWaitSketch.quantile(0.9) : null,
      firstSeenWithin18WeeksPercent: per(100 * p.firstWithin18Weeks, seen),
      stillWaitingFirst: w.first,
      stillWaitingFirstMeanWeeksSoFar: per(w.firstWeeksSum, w.first),
      followUpMeanDaysLate: p.followUpDaysLate.count > 0 ? p.followUpDaysLate.mean : null,
      lateFollowUps: p.lateFollowUps,
      overdueFollowUpsAtEnd: w.overdue,
      onPathwayAtEnd: p.inCaseload,
    };
  });
  const sum = (f: (p: OutpatientPathwayFigures) => number) => byPathway.reduce((a, p) => a + f(p), 0);
  const patientYears = sum((p) => p.patientYears);
  const appointments = {
    first: sum((p) => p.firstAppointments),
    followUp: sum((p) => p.followUps),
    added: sum((p) => p.addedVisits),
    remote: sum((p) => p.remoteReviews),
    didNotAttend: sum((p) => p.didNotAttend),
    faceToFace: sum((p) => p.firstAppointments + p.followUps + p.addedVisits),
  };
  const staff = service.roles.map((r) => {
    const hours = r.sessionHours + r.outsideSessionHours;
    return {
      role: r.id,
      sessionHours: r.sessionHours,
      outsideSessionHours: r.outsideSessionHours,
      hours,
      cost: hours * r.hourlyCost,
    };
  });
  const staffCost = staff.reduce((a, r) => a + r.cost, 0);
  const remoteCost = service.pathways.reduce((a, p) => a + p.remoteCost, 0);
  const total = staffCost + service.sessionOverheads + remoteCost;
  let sessions = 0;
  let sessionMinutes = 0;
  let attendedMinutes = 0;
  for (const c of service.clinics) {
    sessions += c.sessions;
    sessionMinutes += c.sessionMinutes;
    attendedMinutes += c.attendedMinutes;
  }
  const seenFirst = sum((p) => p.firstAppointments);
  const stillWaitingFirst = sum((p) => p.stillWaitingFirst);
  let waitedSoFar = 0;
  let within18 = 0;
  let firstWaitSum = 0;
  let seenWithin18 = 0;
  let lateSum = 0;
  let lateCount = 0;
  for (const p of service.pathways) {
    const w = waiting.get(p)!;
    waitedSoFar += w.firstWeeksSum;
    within18 += w.within18;
    firstWaitSum += p.firstWaitWeeks.sum;
    seenWithin18 += p.firstWithin18Weeks;
    lateSum += p.followUpDaysLate.sum;
    lateCount += p.followUpDaysLate.count;
  }
  return {
    referrals: sum((p) => p.referrals),
    patientYears,
    appointments,
    perPatientYear: {
      first: per(appointments.first, patientYears),
      followUp: per(appointments.followUp, patientYears),
      added: per(appointments.added, patientYears),
      remote: per(appointments.remote, patientYears),
      faceToFace: per(appointments.faceToFace, patientYears),
    },
    waits: {
      firstMeanWeeks: per(firstWaitSum, seenFirst),
      stillWaitingFirst,
      stillWaitingFirstMeanWeeksSoFar: per(waitedSoFar, stillWaitingFirst),
      waitingWithin18WeeksPercentAtEnd: per(100 * within18, stillWaitingFirst),
      firstSeenWithin18WeeksPercent: per(100 * seenWithin18, seenFirst),
      followUpMeanDaysLate: per(lateSum, lateCount),
      lateFollowUps: sum((p) => p.lateFollowUps),
      overdueFollowUpsAtEnd: sum((p) => p.overdueFollowUpsAtEnd),
    },
    sessions,
    slotUtilisationPercent: per(100 * attendedMinutes, sessionMinutes),
    staff,
    costs: {
      staff: staffCost,
      sessionOverheads: service.sessionOverheads,
      remoteReviews: remoteCost,
      total,
      perPatientYear: per(total, patientYears),
      perPatientWeek: per(total, (patientYears * YEAR) / WEEK),
      perFaceToFaceAppointment: per(total, appointments.faceToFace),
    },
    onPathwayAtEnd: service.onPathways(),
    byPathway,
  };
}

/**
 * "growing:" when the first-appointment list was long over the run's last quarter (at least 20 on
 * average, and at the end) and well above its mean over the run (1.5 times, the rule ward queues
 * use; a steadily growing list averages about 1.75 times over its last quarter), so an overloaded
 * clinic is not reported stable. Weekly counts; runs under eight weeks are not judged.
 */
export function outpatientGrowthWarnings(service: OutpatientService): string[] {
  const series = service.listSeries;
  if (series.length < 8) return [];
  const quarter = series.slice(Math.floor((3 * series.length) / 4));
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const lastQuarter = mean(quarter);
  const whole = mean(series);
  const atEnd = series[series.length - 1]!;
  if (lastQuarter < 20 || atEnd < 20 || lastQuarter <= 1.5 * whole) return [];
  const n = (x: number) => Math.round(x).toLocaleString("en-GB");
  return [
    `growing: ${n(lastQuarter)} patients on average were waiting for a first outpatient appointment over the run's last quarter, ` +
      `against ${n(whole)} over the whole run (${n(atEnd)} at the end); referrals may exceed what the clinics can see (more sessions or shorter slots)`,
  ];
}
