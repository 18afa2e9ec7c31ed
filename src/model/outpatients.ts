/**
 * Outpatient pathways. Referrals join their clinic's waiting list for a first appointment (the
 * referral-to-treatment clock starts). Each session of a clinic's weekly template is filled as it
 * opens: follow-ups that are due (or due within the pathway's bookAhead), oldest due first, then
 * new patients in referral order, while the session's minutes last (head of line: a slot that
 * does not fit ends the booking). A booked patient may not attend: the slot is lost and the
 * patient is rebooked with the same place in the list, or discharged after too many misses.
 *
 * After the first appointment (the clock stops) follow-ups fall due every `interval`, counted from
 * the session the patient was seen in (or the remote review's date). With faceToFaceEvery n, every
 * n-th follow-up is face to face and the others are remote reviews: staff time on the due date and
 * no clinic slot; a review whose reading is out of range (a probability) adds a face-to-face
 * appointment, booked like a due follow-up, without moving the schedule. After `count` follow-ups
 * (and any added visit) the patient is discharged.
 *
 * Clinic staff are paid for whole sessions whether every slot is used or not; remote reviewers for
 * the review time. Every random source has its stream: referrals, did-not-attend and conversion
 * per pathway, and the initial caseload's positions.
 */
import { ThinnedPoissonProcess } from "../engine/arrivals.js";
import type { RandomStream } from "../engine/random.js";
import { Priority, type Simulation } from "../engine/simulation.js";
import { QuantileSketch, Tally, TimeWeighted } from "../engine/statistics/index.js";
import { DAY, HOUR, WEEK } from "../engine/time.js";
import type { OutpatientPathway, Outpatients, Role } from "../scenario/schema.js";
import { DAY_KEYS } from "../scenario/schema.js";

/** The most patients waiting (first appointments and due follow-ups) before a run is not stable. */
export const MAX_OUTPATIENT_LIST = 200_000;

const EIGHTEEN_WEEKS = 18 * WEEK;

/** Kinds of clinic visit; Converted: added because a remote reading was out of range. */
export const Visit = { First: 0, FollowUp: 1, Converted: 2 } as const;
export type Visit = (typeof Visit)[keyof typeof Visit];

export interface OutpatientPatient {
  id: number;
  pathway: PathwayModel;
  referredAt: number;
  discharged: boolean;
  /** Scheduled follow-ups done (face to face or remote). */
  followUpsDone: number;
  /** Face-to-face visits added by remote reviews and not yet attended. */
  addedVisitsOpen: number;
  missedInARow: number;
  /** Whole-run counts by kind (tests read them at discharge). */
  attended: [number, number, number];
  remoteReviews: number;
}

interface Booking {
  patient: OutpatientPatient;
  visit: Visit;
  /** Due date (follow-ups) or referral date (first appointments). */
  due: number;
  /** When it may be booked: the due date less the pathway's bookAhead. */
  bookableFrom: number;
  seq: number;
}

/** A binary min-heap of bookings by (bookableFrom, seq): the order clinics book in. */
class BookingHeap {
  private readonly items: Booking[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Booking | undefined {
    return this.items[0];
  }

  forEach(visit: (b: Booking) => void): void {
    for (const b of this.items) visit(b);
  }

  push(b: Booking): void {
    const items = this.items;
    items.push(b);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): Booking | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && before(items[l]!, items[m]!)) m = l;
        if (r < items.length && before(items[r]!, items[m]!)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return top;
  }
}

/** Books from `heap` in order while slots fit in `room` minutes; returns the minutes left. */
function fill(heap: BookingHeap, room: number, now: number, booked: Booking[]): number {
  for (let top = heap.peek(); top !== undefined && top.bookableFrom <= now; top = heap.peek()) {
    if (top.patient.discharged) {
      heap.pop();
      continue;
    }
    const slot = top.patient.pathway.slotFor(top.visit);
    if (slot > room) break;
    room -= slot;
    booked.push(heap.pop()!);
  }
  return room;
}

const before = (a: Booking, b: Booking): boolean =>
  a.bookableFrom < b.bookableFrom || (a.bookableFrom === b.bookableFrom && a.seq < b.seq);

interface RoleCost {
  id: string;
  hourlyCost: number;
  sessionHours: number;
  outsideSessionHours: number;
}

export class ClinicModel {
  readonly id: string;
  readonly name: string;
  readonly followUps = new BookingHeap();
  readonly firsts = new BookingHeap();
  /** Weekly template: minute of the week each session starts, and its length. */
  readonly template: { start: number; minutes: number }[] = [];
  readonly staff: { role: RoleCost; count: number }[];
  readonly costPerSession: number;
  readonly keptForFirst: number;
  sessions = 0;
  sessionMinutes = 0;
  bookedMinutes = 0;
  attendedMinutes = 0;

  constructor(clinic: Outpatients["clinics"][number], roles: Map<string, RoleCost>) {
    this.id = clinic.id;
    this.name = clinic.name ?? clinic.id;
    for (const s of clinic.sessions) {
      for (const day of s.days) {
        this.template.push({ start: DAY_KEYS.indexOf(day) * DAY + s.from, minutes: s.to - s.from });
      }
    }
    this.staff = clinic.staff.map((m) => ({ role: roles.get(m.role)!, count: m.count }));
    this.costPerSession = clinic.costPerSession;
    this.keptForFirst = clinic.keptForFirst;
  }
}

export class PathwayModel {
  readonly id: string;
  readonly name: string;
  readonly clinic: ClinicModel;
  readonly followUpClinic: ClinicModel;
  readonly firstSlot: number;
  readonly followUp: OutpatientPathway["followUp"];
  readonly remoteStaff: { role: RoleCost; minutes: number }[];
  readonly resultsReview: { role: RoleCost; minutes: number }[];
  readonly dnaRate: number;
  readonly dischargeAfterMisses: number;
  readonly referrals: ThinnedPoissonProcess;
  readonly dnaStream: RandomStream;
  readonly conversionStream: RandomStream;
  readonly initialCaseload: number;
  // Counts in the reporting window.
  referred = 0;
  readonly attended: [number, number, number] = [0, 0, 0];
  readonly didNotAttend: [number, number, number] = [0, 0, 0];
  remoteReviews = 0;
  remoteConverted = 0;
  discharged = 0;
  dischargedAfterMisses = 0;
  lateFollowUps = 0;
  readonly firstWaitWeeks = new Tally();
  readonly firstWaitSketch = new QuantileSketch();
  firstWithin18Weeks = 0;
  /** Days from due date to being seen, face-to-face follow-ups and added visits. */
  readonly followUpDaysLate = new Tally();
  /** Patients on the pathway (waiting or in follow-up): its integral is the patient-time. */
  readonly caseload: TimeWeighted;
  inCaseload = 0;
  remoteCost = 0;

  constructor(
    sim: Simulation,
    pathway: OutpatientPathway,
    clinics: Map<string, ClinicModel>,
    roles: Map<string, RoleCost>,
    start: number,
  ) {
    this.id = pathway.id;
    this.name = pathway.name ?? pathway.id;
    this.clinic = clinics.get(pathway.clinic)!;
    this.followUpClinic = clinics.get(pathway.followUp?.clinic ?? pathway.clinic)!;
    this.firstSlot = pathway.firstSlot;
    this.followUp = pathway.followUp;
    this.remoteStaff = (pathway.followUp?.remote?.staff ?? []).map((m) => ({
      role: roles.get(m.role)!,
      minutes: m.time,
    }));
    this.resultsReview = (pathway.followUp?.resultsReview ?? []).map((m) => ({
      role: roles.get(m.role)!,
      minutes: m.time,
    }));
    this.dnaRate = pathway.didNotAttend.rate;
    this.dischargeAfterMisses = pathway.didNotAttend.dischargeAfter ?? Number.POSITIVE_INFINITY;
    const perMinute = pathway.referralsPerWeek / WEEK;
    this.referrals = new ThinnedPoissonProcess(
      () => perMinute,
      perMinute,
      sim.random.get(`outpatients/referrals/${pathway.id}`),
    );
    this.dnaStream = sim.random.get(`outpatients/did-not-attend/${pathway.id}`);
    this.conversionStream = sim.random.get(`outpatients/remote-conversion/${pathway.id}`);
    this.initialCaseload = pathway.initialCaseload;
    this.caseload = new TimeWeighted(start, 0);
  }

  slotFor(visit: Visit): number {
    return visit === Visit.First ? this.firstSlot : this.followUp!.slot;
  }
}

export class OutpatientService {
  private readonly sim: Simulation;
  readonly clinics: ClinicModel[];
  readonly pathways: PathwayModel[];
  readonly roles: RoleCost[];
  private readonly warmup: number;
  private readonly end: number;
  private nextId = 0;
  private seq = 0;
  /** Whole-run counters: initial + referred = discharged + on a pathway now. */
  readonly conservation = { initial: 0, referred: 0, discharged: 0 };
  /** Attended appointments of each patient at discharge, by kind (whole run; tests). */
  readonly atDischarge = {
    first: new Tally(),
    followUp: new Tally(),
    converted: new Tally(),
    remote: new Tally(),
  };
  /** Waiting for a first appointment, weekly from the end of warm-up. */
  readonly listSeries: number[] = [];
  sessionOverheads = 0;

  constructor(
    sim: Simulation,
    outpatients: Outpatients,
    roles: readonly Role[],
    horizon: { warmup: number; end: number },
  ) {
    this.sim = sim;
    this.warmup = horizon.warmup;
    this.end = horizon.end;
    const used = new Set<string>();
    for (const c of outpatients.clinics) for (const m of c.staff) used.add(m.role);
    for (const p of outpatients.pathways) {
      for (const m of p.followUp?.remote?.staff ?? []) used.add(m.role);
      for (const m of p.followUp?.resultsReview ?? []) used.add(m.role);
    }
    this.roles = roles
      .filter((r) => used.has(r.id))
      .map((r) => ({ id: r.id, hourlyCost: r.hourlyCost, sessionHours: 0, outsideSessionHours: 0 }));
    const roleById = new Map(this.roles.map((r) => [r.id, r]));
    this.clinics = outpatients.clinics.map((c) => new ClinicModel(c, roleById));
    const clinicById = new Map(this.clinics.map((c) => [c.id, c]));
    this.pathways = outpatients.pathways.map((p) => new PathwayModel(sim, p, clinicById, roleById, sim.now));
  }

  start(): void {
    const sim = this.sim;
    this.placeInitialCaseload();
    for (const pathway of this.pathways) {
      const first = pathway.referrals.next(sim.now);
      if (first <= this.end) sim.scheduleAt(first, this.refer, pathway, Priority.seize);
    }
    // A clinic no pathway sends anyone to is not held (so a variant can move work elsewhere).
    const used = new Set<ClinicModel>();
    for (const p of this.pathways) used.add(p.clinic).add(p.followUpClinic);
    for (const clinic of this.clinics) {
      if (!used.has(clinic)) continue;
      for (const session of clinic.template) {
        const start = sim.calendar.nextMinuteOfWeek(sim.now, session.start);
        if (start < this.end)
          sim.scheduleAt(start, this.runSession, { clinic, minutes: session.minutes }, Priority.normal);
      }
    }
    if (this.warmup > 0) sim.scheduleAt(this.warmup, this.endWarmup, undefined, Priority.warmup);
    sim.scheduleAt(this.warmup, this.snapshotList, undefined, Priority.observe);
  }

  /** Patients waiting for a first appointment or a due follow-up (the run's overload guard). */
  waitingCount(): number {
    let n = 0;
    for (const c of this.clinics) n += c.firsts.size + c.followUps.size;
    return n;
  }

  /** Everyone on a pathway now: waiting, in follow-up, or awaiting an added visit. */
  onPathways(): number {
    let n = 0;
    for (const p of this.pathways) n += p.inCaseload;
    return n;
  }

  private counted(): boolean {
    return this.sim.now >= this.warmup;
  }

  private newPatient(pathway: PathwayModel, referredAt: number): OutpatientPatient {
    pathway.inCaseload++;
    pathway.caseload.update(this.sim.now, pathway.inCaseload);
    return {
      id: this.nextId++,
      pathway,
      referredAt,
      discharged: false,
      followUpsDone: 0,
      addedVisitsOpen: 0,
      missedInARow: 0,
      attended: [0, 0, 0],
      remoteReviews: 0,
    };
  }

  private placeInitialCaseload(): void {
    for (const pathway of this.pathways) {
      if (pathway.initialCaseload === 0 || pathway.followUp === undefined) continue;
      const stream = this.sim.random.get(`outpatients/initial/${pathway.id}`);
      const f = pathway.followUp;
      for (let i = 0; i < pathway.initialCaseload; i++) {
        const patient = this.newPatient(pathway, this.sim.now);
        this.conservation.initial++;
        patient.attended[Visit.First] = 1;
        // A random point of the schedule: how many follow-ups are done, and when the next is due.
        const cycle = f.count ?? f.faceToFaceEvery;
        patient.followUpsDone = cycle > 0 ? stream.integer(cycle) : 0;
        const due = this.sim.now + stream.uniform() * f.interval;
        this.scheduleFollowUp(patient, due);
      }
    }
  }

  private readonly refer = (pathway: PathwayModel): void => {
    const now = this.sim.now;
    const next = pathway.referrals.next(now);
    if (next <= this.end) this.sim.scheduleAt(next, this.refer, pathway, Priority.seize);
    if (this.counted()) pathway.referred++;
    this.conservation.referred++;
    const patient = this.newPatient(pathway, now);
    this.enqueue(pathway.clinic.firsts, patient, Visit.First, now);
  };

  private enqueue(heap: BookingHeap, patient: OutpatientPatient, visit: Visit, due: number): void {
    const ahead = visit === Visit.First ? 0 : patient.pathway.followUp!.bookAhead;
    heap.push({ patient, visit, due, bookableFrom: due - ahead, seq: this.seq++ });
  }

  /** The next scheduled follow-up, due at `due`: a clinic booking or a remote review. */
  private scheduleFollowUp(patient: OutpatientPatient, due: number): void {
    const f = patient.pathway.followUp!;
    const number = patient.followUpsDone + 1;
    if (number % f.faceToFaceEvery === 0) {
      this.enqueue(patient.pathway.followUpClinic.followUps, patient, Visit.FollowUp, due);
    } else if (due <= this.end) {
      this.sim.scheduleAt(due, this.remoteReview, patient, Priority.normal);
    }
  }

  /** After a scheduled follow-up (at `from`): the next one, or discharge once all are done. */
  private afterFollowUp(patient: OutpatientPatient, from: number): void {
    const f = patient.pathway.followUp;
    if (f === undefined || (f.count !== undefined && patient.followUpsDone >= f.count)) {
      if (patient.addedVisitsOpen === 0) this.discharge(patient, false);
      return;
    }
    this.scheduleFollowUp(patient, from + f.interval);
  }

  private readonly remoteReview = (patient: OutpatientPatient): void => {
    if (patient.discharged) return;
    const pathway = patient.pathway;
    const remote = pathway.followUp!.remote!;
    patient.followUpsDone++;
    patient.remoteReviews++;
    const converts = pathway.conversionStream.uniform() < remote.convertToFaceToFace;
    if (this.counted()) {
      pathway.remoteReviews++;
      if (converts) pathway.remoteConverted++;
      pathway.remoteCost += remote.costPerReview;
      for (const m of pathway.remoteStaff) m.role.outsideSessionHours += m.minutes / HOUR;
    }
    if (converts) {
      patient.addedVisitsOpen++;
      this.enqueue(pathway.followUpClinic.followUps, patient, Visit.Converted, this.sim.now);
    }
    this.afterFollowUp(patient, this.sim.now);
  };

  /** Fills the session from the clinic's lists and sees the patients; appointments date from its start. */
  private readonly runSession = (plan: { clinic: ClinicModel; minutes: number }): void => {
    const now = this.sim.now;
    const clinic = plan.clinic;
    if (now + WEEK < this.end) this.sim.schedule(WEEK, this.runSession, plan, Priority.normal);
    const counted = this.counted();
    if (counted) {
      clinic.sessions++;
      clinic.sessionMinutes += plan.minutes;
      this.sessionOverheads += clinic.costPerSession;
      for (const m of clinic.staff) m.role.sessionHours += (m.count * plan.minutes) / HOUR;
    }
    const booked: Booking[] = [];
    // New patients first up to the minutes kept for them, then due follow-ups, then anyone left.
    const kept = plan.minutes * clinic.keptForFirst;
    const keptLeft = fill(clinic.firsts, kept, now, booked);
    const room = fill(clinic.followUps, plan.minutes - kept + keptLeft, now, booked);
    fill(clinic.firsts, room, now, booked);
    for (const booking of booked) this.see(clinic, booking, now, counted);
  };

  private see(clinic: ClinicModel, booking: Booking, now: number, counted: boolean): void {
    const { patient, visit } = booking;
    const pathway = patient.pathway;
    const slot = pathway.slotFor(visit);
    if (counted) clinic.bookedMinutes += slot;
    if (pathway.dnaStream.uniform() < pathway.dnaRate) {
      if (counted) pathway.didNotAttend[visit]++;
      patient.missedInARow++;
      if (patient.missedInARow >= pathway.dischargeAfterMisses) this.discharge(patient, true);
      // Rebooked with the same place in the list.
      else
        this.enqueue(visit === Visit.First ? clinic.firsts : clinic.followUps, patient, visit, booking.due);
      return;
    }
    patient.missedInARow = 0;
    patient.attended[visit]++;
    if (counted) {
      clinic.attendedMinutes += slot;
      pathway.attended[visit]++;
    }
    if (visit === Visit.First) {
      const waited = now - patient.referredAt;
      if (counted) {
        pathway.firstWaitWeeks.add(waited / WEEK);
        pathway.firstWaitSketch.add(waited / WEEK);
        if (waited <= EIGHTEEN_WEEKS) pathway.firstWithin18Weeks++;
      }
      this.afterFollowUp(patient, now);
      return;
    }
    const late = now - booking.due;
    if (counted) {
      for (const m of pathway.resultsReview) m.role.outsideSessionHours += m.minutes / HOUR;
      pathway.followUpDaysLate.add(Math.max(0, late) / DAY);
      if (late > pathway.followUp!.lateAfter) pathway.lateFollowUps++;
    }
    if (visit === Visit.Converted) {
      patient.addedVisitsOpen--;
      const f = pathway.followUp!;
      const scheduleDone = f.count !== undefined && patient.followUpsDone >= f.count;
      if (scheduleDone && patient.addedVisitsOpen === 0) this.discharge(patient, false);
      return;
    }
    patient.followUpsDone++;
    this.afterFollowUp(patient, now);
  }

  private discharge(patient: OutpatientPatient, afterMisses: boolean): void {
    if (patient.discharged) return;
    patient.discharged = true;
    const pathway = patient.pathway;
    pathway.inCaseload--;
    pathway.caseload.update(this.sim.now, pathway.inCaseload);
    this.conservation.discharged++;
    if (this.counted()) {
      pathway.discharged++;
      if (afterMisses) pathway.dischargedAfterMisses++;
    }
    this.atDischarge.first.add(patient.attended[Visit.First]);
    this.atDischarge.followUp.add(patient.attended[Visit.FollowUp]);
    this.atDischarge.converted.add(patient.attended[Visit.Converted]);
    this.atDischarge.remote.add(patient.remoteReviews);
  }

  private readonly endWarmup = (): void => {
    const now = this.sim.now;
    for (const p of this.pathways) p.caseload.reset(now);
  };

  private readonly snapshotList = (): void => {
    let waiting = 0;
    for (const c of this.clinics) waiting += c.firsts.size;
    this.listSeries.push(waiting);
    if (this.sim.now + WEEK <= this.end)
      this.sim.schedule(WEEK, this.snapshotList, undefined, Priority.observe);
  };

  /** Who is still waiting at `now`, for the figures: first appointments and overdue follow-ups. */
  waitingAt(now: number): {
    byPathway: Map<PathwayModel, { first: number; firstWeeksSum: number; within18: number; overdue: number }>;
  } {
    const byPathway = new Map<
      PathwayModel,
      { first: number; firstWeeksSum: number; within18: number; overdue: number }
    >();
    for (const p of this.pathways) byPathway.set(p, { first: 0, firstWeeksSum: 0, within18: 0, overdue: 0 });
    for (const clinic of this.clinics) {
      clinic.firsts.forEach((b) => {
        if (b.patient.discharged) return;
        const row = byPathway.get(b.patient.pathway)!;
        row.first++;
        const waited = now - b.patient.referredAt;
        row.firstWeeksSum += waited / WEEK;
        if (waited <= EIGHTEEN_WEEKS) row.within18++;
      });
      clinic.followUps.forEach((b) => {
        if (b.patient.discharged) return;
        if (now - b.due > b.patient.pathway.followUp!.lateAfter) byPathway.get(b.patient.pathway)!.overdue++;
      });
    }
    return { byPathway };
  }
}
