/**
 * Theatre lists and the elective pathway. Referrals join a waiting list per specialty, ordered by
 * clinical priority then by date joined. Each session of a theatre's weekly template is booked
 * `booking.ahead` before it starts, filling up to the planned share of its minutes with expected
 * case durations. On the day: the whole session may be cancelled; it starts late; each case may be
 * cancelled for patient reasons (did not attend, unfit), for no post-operative bed (inpatients
 * need a free bed on their ward at the start of surgery, with nobody already waiting for one), or
 * because its expected finish would overrun the session end plus the tolerance — and then the
 * rest of the list is cancelled too. Every cancelled patient goes back on the list with the date
 * they first joined. Cases run one after another with turnaround between them.
 */
import { ThinnedPoissonProcess } from "../engine/arrivals.js";
import { type Distribution, fromSpec } from "../engine/distributions.js";
import type { RandomStream } from "../engine/random.js";
import { Resource } from "../engine/resource.js";
import { Priority, type Simulation } from "../engine/simulation.js";
import { QuantileSketch, Tally } from "../engine/statistics/index.js";
import { DAY, WEEK } from "../engine/time.js";
import type { Electives, Procedure } from "../scenario/schema.js";
import { DAY_KEYS } from "../scenario/schema.js";
import { DayCaseRoute, type DayUnitService } from "./day-unit.js";
import { GroupModel } from "./group.js";
import { Patient } from "./patient.js";
import type { PatientEventName, PatientEventSink } from "./patient-events.js";
import type { StaffService, TaskRequest } from "./staffing.js";
import type { WardModel } from "./ward.js";

export const CANCELLATION_REASONS = [
  "sessionCancelled",
  "noStaff",
  "patient",
  "noBed",
  "listOverrun",
] as const;
export type CancellationReason = (typeof CANCELLATION_REASONS)[number];

const EIGHTEEN_WEEKS = 18 * WEEK;

/** What the hospital offers the theatres: admitting a patient to a post-operative bed. */
export interface PostOperativeBeds {
  /** True when a bed on `ward` can be had now without jumping anyone's queue. */
  bedFree(ward: WardModel): boolean;
  /** Takes the bed now; the stay (surgery included) ends after `stay` minutes. */
  admitSurgical(patient: Patient, ward: WardModel, stay: number): void;
}

const noop = (): void => {};

export class ProcedureModel {
  readonly id: string;
  readonly name: string;
  readonly specialty: string;
  readonly dayCase: boolean;
  readonly ward: WardModel | null;
  readonly duration: Distribution;
  readonly expectedDuration: number;
  readonly los: Distribution | null;
  readonly complicationProbability: number;
  readonly complicationExtra: Distribution | null;
  readonly costPerCase: number;
  readonly group: GroupModel;
  readonly referrals: ThinnedPoissonProcess;
  readonly priorityCumulative: [number, number];
  readonly priorityStream: RandomStream;
  readonly durationStream: RandomStream;
  readonly losStream: RandomStream;
  readonly complicationStream: RandomStream;
  readonly complicationExtraStream: RandomStream;
  /** Day cases recovering on a day unit's trolley; null for the rest. */
  dayCaseRoute: DayCaseRoute | null = null;

  constructor(
    sim: Simulation,
    procedure: Procedure,
    groupIndex: number,
    wards: Map<string, WardModel>,
    enhanced: boolean,
  ) {
    this.id = procedure.id;
    this.name = procedure.name ?? procedure.id;
    this.specialty = procedure.specialty;
    this.dayCase = procedure.dayCase;
    this.ward = procedure.ward !== undefined ? wards.get(procedure.ward)! : null;
    this.duration = fromSpec(procedure.duration);
    this.expectedDuration = procedure.expectedDuration ?? this.duration.mean;
    const eras = enhanced ? procedure.enhancedRecovery : undefined;
    const losSpec = eras?.los ?? procedure.los;
    this.los = losSpec !== undefined ? fromSpec(losSpec) : null;
    this.complicationProbability = eras?.complicationProbability ?? procedure.complications?.probability ?? 0;
    this.complicationExtra = procedure.complications ? fromSpec(procedure.complications.extraLos) : null;
    this.costPerCase = procedure.costPerCase;
    // The post-operative stay runs through the hospital's own discharge flow, as a patient group.
    this.group = new GroupModel(
      sim,
      groupIndex,
      {
        id: `elective/${procedure.id}`,
        name: this.name,
        arrivals: { perDay: 0 },
        priority: 5,
        stages: this.ward !== null && losSpec !== undefined ? [{ ward: procedure.ward!, los: losSpec }] : [],
        dischargePathways: procedure.dischargePathways,
      },
      wards,
    );
    const perMinute = procedure.referralsPerWeek / WEEK;
    this.referrals = new ThinnedPoissonProcess(
      () => perMinute,
      perMinute,
      sim.random.get(`referrals/${procedure.id}`),
    );
    const p = procedure.priorities;
    const total = p.p2 + p.p3 + p.p4;
    this.priorityCumulative = [p.p2 / total, (p.p2 + p.p3) / total];
    this.priorityStream = sim.random.get(`priority/${procedure.id}`);
    this.durationStream = sim.random.get(`case-duration/${procedure.id}`);
    this.losStream = sim.random.get(`post-op-los/${procedure.id}`);
    this.complicationStream = sim.random.get(`complications/${procedure.id}`);
    this.complicationExtraStream = sim.random.get(`complication-extra-stay/${procedure.id}`);
  }

  drawPriority(): number {
    const u = this.priorityStream.uniform();
    return u < this.priorityCumulative[0] ? 0 : u < this.priorityCumulative[1] ? 1 : 2;
  }
}

export interface ListEntry {
  id: number;
  procedure: ProcedureModel;
  /** 0 = P2, 1 = P3, 2 = P4. */
  priority: number;
  joinedAt: number;
}

/** A specialty's waiting list: one queue per priority, each in order of the date joined. */
class WaitingList {
  readonly byPriority: ListEntry[][] = [[], [], []];

  add(entry: ListEntry): void {
    const list = this.byPriority[entry.priority]!;
    // Returning patients keep their place: insert by date joined (binary search).
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const e = list[mid]!;
      if (e.joinedAt < entry.joinedAt || (e.joinedAt === entry.joinedAt && e.id < entry.id)) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, entry);
  }

  /** The same order as adding each in turn, in O(n log n) rather than O(n²) for a long initial list. */
  addMany(entries: readonly ListEntry[]): void {
    for (const entry of entries) this.byPriority[entry.priority]!.push(entry);
    for (const list of this.byPriority) list.sort((a, b) => a.joinedAt - b.joinedAt || a.id - b.id);
  }

  get size(): number {
    return this.byPriority[0]!.length + this.byPriority[1]!.length + this.byPriority[2]!.length;
  }
}

interface SessionPlan {
  theatre: string;
  room: Resource;
  specialty: string;
  start: number;
  end: number;
}

export interface SessionRecord {
  theatre: string;
  specialty: string;
  date: string;
  start: number;
  plannedMinutes: number;
  cancelled: boolean;
  booked: number;
  cases: number;
  touchMinutes: number;
  touchInsideMinutes: number;
  lateStartMinutes: number;
  turnaroundMinutes: number;
  earlyFinishMinutes: number;
  overrunMinutes: number;
  cancellations: number;
  /** Minutes the session waited for its staff (theatre-session tasks), part of its late start. */
  staffDelayMinutes: number;
}

class Session {
  readonly record: SessionRecord;
  readonly booked: ListEntry[];
  readonly room: Resource;
  /** Staff held for the session (theatre-session tasks), and how many are still awaited. */
  team: TaskRequest[] = [];
  awaitedStaff = 0;
  giveUp = -1;
  next = 0;
  /** The case in the room's discharge pathway (0 for a day case), for its surgery_end event. */
  casePathway = 0;
  lastEnd: number;
  firstCaseStarted = false;

  constructor(plan: SessionPlan, booked: ListEntry[], date: string) {
    this.booked = booked;
    this.room = plan.room;
    this.lastEnd = plan.start;
    this.record = {
      theatre: plan.theatre,
      specialty: plan.specialty,
      date,
      start: plan.start,
      plannedMinutes: plan.end - plan.start,
      cancelled: false,
      booked: booked.length,
      cases: 0,
      touchMinutes: 0,
      touchInsideMinutes: 0,
      lateStartMinutes: 0,
      turnaroundMinutes: 0,
      earlyFinishMinutes: 0,
      overrunMinutes: 0,
      cancellations: 0,
      staffDelayMinutes: 0,
    };
  }

  get end(): number {
    return this.record.start + this.record.plannedMinutes;
  }
}

export interface CaseTrace {
  theatre: string;
  sessionStart: number;
  sessionEnd: number;
  start: number;
  end: number;
  patient: number;
}

export interface CancellationTrace {
  patient: number;
  reason: CancellationReason;
  at: number;
}

/** Optional record of every case and cancellation (for tests and audits; grows with the run). */
export interface TheatreTrace {
  cases: CaseTrace[];
  cancellations: CancellationTrace[];
}

/**
 * The most patients on the elective waiting lists at once: a memory and time bound, above the
 * whole referral-to-treatment list of most English trusts; a longer list stops the run as not
 * stable.
 */
export const MAX_WAITING_LIST = 200_000;

export class TheatreService {
  private readonly sim: Simulation;
  private readonly beds: PostOperativeBeds;
  readonly procedures: ProcedureModel[];
  private readonly lists = new Map<string, WaitingList>();
  /** Set when the initial waiting list alone is longer than MAX_WAITING_LIST (and was cut there). */
  initialListTooLarge = false;
  private readonly plans: SessionPlan[] = [];
  private readonly ahead: number;
  private readonly plannedFill: number;
  private readonly scanLimit: number;
  private readonly sessionCancellation: number;
  private readonly lateStart: Distribution;
  private readonly turnaround: Distribution;
  private readonly overrunTolerance: number;
  private readonly patientCancellation: number;
  /** One stream per on-the-day source, so changing one (say turnaround) leaves the others' draws alone. */
  private readonly streams: {
    sessionCancellation: RandomStream;
    lateStart: RandomStream;
    patientCancellation: RandomStream;
    turnaround: RandomStream;
  };
  readonly costPerMinute: number;
  readonly costPerCancellation: number;
  private readonly warmup: number;
  private readonly end: number;
  /** Patient ids come from the hospital's one id space, so event logs never see two patients share one. */
  private readonly nextId: () => number;
  private readonly events: PatientEventSink | undefined;
  readonly trace: TheatreTrace | undefined;

  // Statistics after warm-up.
  readonly sessions: SessionRecord[] = [];
  readonly cancellations: Record<CancellationReason, number> = {
    sessionCancelled: 0,
    noStaff: 0,
    patient: 0,
    noBed: 0,
    listOverrun: 0,
  };
  private readonly staff: StaffService | null;
  private readonly dayUnits: DayUnitService | null;
  readonly weeksWaitedAtSurgery = new Tally();
  weeksWaitedSketch = new QuantileSketch();
  treatedWithin18Weeks = 0;
  casesDone = 0;
  caseCost = 0;
  /** Lists booked and not yet closed (kept small: a week or two of sessions). */
  private readonly openSessions = new Set<Session>();
  referrals = 0;
  readonly listSeries: {
    week: number;
    size: number;
    within18WeeksPercent: number;
    meanWeeksWaited: number;
  }[] = [];

  constructor(
    sim: Simulation,
    electives: Electives,
    wards: Map<string, WardModel>,
    firstGroupIndex: number,
    beds: PostOperativeBeds,
    horizon: { warmup: number; end: number },
    trace: TheatreTrace | undefined,
    staff: StaffService | null,
    patients: { nextId: () => number; events: PatientEventSink | undefined },
    dayUnits: DayUnitService | null = null,
  ) {
    this.nextId = patients.nextId;
    this.events = patients.events;
    this.sim = sim;
    this.staff = staff;
    this.dayUnits = dayUnits;
    this.beds = beds;
    this.trace = trace;
    this.warmup = horizon.warmup;
    this.end = horizon.end;
    this.procedures = electives.procedures.map(
      (p, i) => new ProcedureModel(sim, p, firstGroupIndex + i, wards, electives.enhancedRecovery),
    );
    for (const p of this.procedures)
      if (!this.lists.has(p.specialty)) this.lists.set(p.specialty, new WaitingList());
    electives.procedures.forEach((p, i) => {
      // An inpatient variant of a day case (dayCase: false) keeps its unit's fields unused.
      if (!p.dayCase || p.dayUnit === undefined || dayUnits === null) return;
      const model = this.procedures[i]!;
      model.dayCaseRoute = new DayCaseRoute(sim, p, dayUnits.unit(p.dayUnit), model.ward!, model.group);
    });
    this.ahead = electives.booking.ahead;
    this.plannedFill = electives.booking.plannedFill;
    this.scanLimit = electives.booking.scanLimit;
    const day = electives.onTheDay;
    this.sessionCancellation = day.sessionCancellation;
    this.lateStart = fromSpec(day.lateStart);
    this.turnaround = fromSpec(day.turnaround);
    this.overrunTolerance = day.overrunTolerance;
    this.patientCancellation = day.patientCancellation;
    this.streams = {
      sessionCancellation: sim.random.get("theatre/session-cancellation"),
      lateStart: sim.random.get("theatre/late-start"),
      patientCancellation: sim.random.get("theatre/patient-cancellation"),
      turnaround: sim.random.get("theatre/turnaround"),
    };
    this.costPerMinute = electives.costs.perTheatreMinute;
    this.costPerCancellation = electives.costs.perCancellation;

    for (const theatre of electives.theatres) {
      // One room: a case that overruns into the next session delays that session's first case.
      const room = new Resource(sim, `theatre/${theatre.id}`, 1);
      for (const s of theatre.sessions) {
        const weekStart = DAY_KEYS.indexOf(s.day) * DAY;
        this.plans.push({
          theatre: theatre.id,
          room,
          specialty: s.specialty,
          start: weekStart + s.from,
          end: weekStart + s.to,
        });
      }
    }
    this.placeInitialList(electives);
  }

  /** Schedules referrals, list booking and sessions, and a weekly waiting-list snapshot. */
  start(): void {
    const sim = this.sim;
    for (const procedure of this.procedures) {
      const first = procedure.referrals.next(sim.now);
      if (first <= this.end) sim.scheduleAt(first, this.refer, procedure, Priority.seize);
    }
    for (const plan of this.plans) {
      // The first session of this template at or after time zero; sessions booked earlier than
      // time zero would have been booked before the run, so are booked at time zero instead.
      const firstStart = sim.calendar.nextMinuteOfWeek(sim.now, plan.start);
      const instance = { ...plan, start: firstStart, end: firstStart + (plan.end - plan.start) };
      sim.scheduleAt(Math.max(sim.now, instance.start - this.ahead), this.book, instance, Priority.observe);
    }
    sim.scheduleAt(this.warmup, this.snapshotList, undefined, Priority.observe);
  }

  /** Ids of patients booked onto lists not yet finished (tests: where cancelled patients went). */
  bookedIds(): Set<number> {
    const ids = new Set<number>();
    for (const session of this.openSessions) {
      for (let i = session.next; i < session.booked.length; i++) ids.add(session.booked[i]!.id);
    }
    return ids;
  }

  /** Ids of everyone on the waiting lists now (tests: cancelled patients must be back on it). */
  waitingListIds(): Set<number> {
    const ids = new Set<number>();
    for (const list of this.lists.values())
      for (const queue of list.byPriority) for (const e of queue) ids.add(e.id);
    return ids;
  }

  waitingListSize(): number {
    let n = 0;
    for (const list of this.lists.values()) n += list.size;
    return n;
  }

  /**
   * Everyone still waiting for surgery: on the lists, or booked onto a list not yet reached (as the
   * referral-to-treatment waiting list counts them, date or no date). Counting the booked keeps the
   * weekly figure comparable at the end of the run, where sessions after the end are never booked
   * and their patients would otherwise jump back onto the count.
   */
  waitingIncludingBooked(): number {
    let n = this.waitingListSize();
    for (const session of this.openSessions) n += session.booked.length - session.next;
    return n;
  }

  private placeInitialList(electives: Electives): void {
    const stream = this.sim.random.get("initial-waiting-list");
    let placed = 0;
    for (const entry of electives.initialWaitingList) {
      const procedure = this.procedures.find((p) => p.id === entry.procedure)!;
      const waited = fromSpec(entry.waited);
      const priority = ["p2", "p3", "p4"].indexOf(entry.priority);
      const list = this.lists.get(procedure.specialty)!;
      const entries: ListEntry[] = [];
      for (let i = 0; i < entry.patients; i++) {
        if (placed++ >= MAX_WAITING_LIST) {
          this.initialListTooLarge = true;
          break;
        }
        entries.push({ id: this.nextId(), procedure, priority, joinedAt: -waited.sample(stream) });
      }
      list.addMany(entries);
      if (this.initialListTooLarge) return;
    }
  }

  private readonly refer = (procedure: ProcedureModel): void => {
    const next = procedure.referrals.next(this.sim.now);
    if (next <= this.end) this.sim.scheduleAt(next, this.refer, procedure, Priority.seize);
    if (this.sim.now >= this.warmup) this.referrals++;
    const entry = {
      id: this.nextId(),
      procedure,
      priority: procedure.drawPriority(),
      joinedAt: this.sim.now,
    };
    if (this.events) this.logEvent(entry, "listed", "", 0);
    this.lists.get(procedure.specialty)!.add(entry);
  };

  private logEvent(entry: ListEntry, event: PatientEventName, place: string, pathway: number): void {
    this.events!.record({
      time: this.sim.now,
      patient: entry.id,
      group: entry.procedure.group.id,
      pathway,
      event,
      place,
    });
  }

  /** Fills a session from the list (priority, then date joined) up to the planned minutes. */
  private readonly book = (plan: SessionPlan): void => {
    const sim = this.sim;
    // Next week's session of the same template is booked in turn.
    const following = { ...plan, start: plan.start + WEEK, end: plan.end + WEEK };
    if (following.start <= this.end) {
      sim.scheduleAt(Math.max(sim.now, following.start - this.ahead), this.book, following, Priority.observe);
    }
    // A bank holiday follows another day's pattern (Sunday's, with no lists): no session, nobody booked.
    if (sim.calendar.patternDayOfWeek(plan.start) !== sim.calendar.dayOfWeek(plan.start)) return;
    const list = this.lists.get(plan.specialty);
    const booked: ListEntry[] = [];
    if (list !== undefined) {
      let room = (plan.end - plan.start) * this.plannedFill;
      let scanned = 0;
      for (const queue of list.byPriority) {
        for (let i = 0; i < queue.length && scanned < this.scanLimit; ) {
          scanned++;
          const entry = queue[i]!;
          if (entry.procedure.expectedDuration <= room) {
            room -= entry.procedure.expectedDuration;
            booked.push(entry);
            queue.splice(i, 1);
          } else {
            i++;
          }
        }
      }
    }
    const session = new Session(plan, booked, sim.calendar.toISO(plan.start).slice(0, 10));
    this.openSessions.add(session);
    sim.scheduleAt(plan.start, this.startSession, session, Priority.normal);
  };

  private readonly startSession = (session: Session): void => {
    const counted = this.sim.now >= this.warmup && session.end <= this.end;
    if (counted) this.sessions.push(session.record);
    if (this.streams.sessionCancellation.uniform() < this.sessionCancellation) {
      session.record.cancelled = true;
      for (const entry of session.booked) this.cancel(session, entry, "sessionCancelled");
      session.booked.length = 0;
      this.openSessions.delete(session);
      return;
    }
    const tasks = this.staff?.sessionTasks(session.record.specialty) ?? [];
    if (tasks.length === 0) {
      this.beginList(session);
      return;
    }
    // The list cannot start without its team; if the team is not there by the session's end,
    // the session is lost for want of staff.
    session.awaitedStaff = tasks.length;
    session.team = tasks.map((task) => this.staff!.request(task, null, session, noop, this.staffArrived));
    if (session.awaitedStaff > 0)
      session.giveUp = this.sim.scheduleAt(session.end, this.loseForStaff, session);
  };

  private readonly staffArrived = (request: TaskRequest): void => {
    const session = request.owner as Session;
    if (--session.awaitedStaff > 0) return;
    if (session.giveUp >= 0) this.sim.cancel(session.giveUp);
    session.record.staffDelayMinutes = this.sim.now - session.record.start;
    this.beginList(session);
  };

  private readonly loseForStaff = (session: Session): void => {
    session.record.cancelled = true;
    for (const request of session.team) {
      if (!this.staff!.withdraw(request)) this.staff!.finish(request);
    }
    session.team = [];
    for (const entry of session.booked) this.cancel(session, entry, "noStaff");
    session.booked.length = 0;
    this.openSessions.delete(session);
  };

  private beginList(session: Session): void {
    const late = this.lateStart.sample(this.streams.lateStart);
    const staffDelay = this.sim.now - session.record.start;
    session.record.lateStartMinutes = staffDelay + late;
    session.lastEnd = this.sim.now + late;
    this.sim.schedule(late, this.enterRoom, session);
  }

  /** Waits for the theatre to be free (an earlier list may have overrun), then goes on. */
  private readonly enterRoom = (session: Session): void => {
    if (session.room.seize(1, this.nextCase, session) === "granted") this.nextCase(session);
  };

  /** With the room held: starts the next case that can go ahead, or closes the list. */
  private readonly nextCase = (session: Session): void => {
    const now = this.sim.now;
    while (session.next < session.booked.length) {
      const entry = session.booked[session.next++]!;
      const procedure = entry.procedure;
      if (this.streams.patientCancellation.uniform() < this.patientCancellation) {
        this.cancel(session, entry, "patient");
        continue;
      }
      if (now + procedure.expectedDuration > session.end + this.overrunTolerance) {
        // Overrun rule: this case and the rest of the list are cancelled.
        this.cancel(session, entry, "listOverrun");
        while (session.next < session.booked.length)
          this.cancel(session, session.booked[session.next++]!, "listOverrun");
        break;
      }
      const inpatient = !procedure.dayCase && procedure.ward !== null;
      if (inpatient && !this.beds.bedFree(procedure.ward!)) {
        this.cancel(session, entry, "noBed");
        continue;
      }
      // A day case's bed is a trolley on its day unit, open and free now.
      const route = procedure.dayCaseRoute;
      if (route !== null && !this.dayUnits!.canAdmit(route)) {
        this.cancel(session, entry, "noBed");
        continue;
      }
      this.operate(session, entry, inpatient);
      return;
    }
    this.closeList(session);
  };

  private operate(session: Session, entry: ListEntry, inpatient: boolean): void {
    const now = this.sim.now;
    const procedure = entry.procedure;
    const duration = procedure.duration.sample(procedure.durationStream);
    const record = session.record;
    // The pathway stream is the group's own, so drawing it before the stay's draws shifts nothing.
    const pathway = inpatient ? procedure.group.drawPathway() : 0;
    session.casePathway = pathway;
    if (this.events) this.logEvent(entry, "surgery_start", record.theatre, pathway);
    if (!session.firstCaseStarted) {
      session.firstCaseStarted = true;
      record.lateStartMinutes = now - record.start;
    }
    record.cases++;
    record.touchMinutes += duration;
    record.touchInsideMinutes += Math.max(
      0,
      Math.min(now + duration, session.end) - Math.max(now, record.start),
    );
    this.trace?.cases.push({
      theatre: record.theatre,
      sessionStart: record.start,
      sessionEnd: session.end,
      start: now,
      end: now + duration,
      patient: entry.id,
    });
    if (now >= this.warmup) {
      this.casesDone++;
      this.caseCost += procedure.costPerCase;
      const waited = now - entry.joinedAt;
      this.weeksWaitedAtSurgery.add(waited / WEEK);
      this.weeksWaitedSketch.add(waited / WEEK);
      if (waited <= EIGHTEEN_WEEKS) this.treatedWithin18Weeks++;
    }
    if (inpatient) {
      let stay = duration + procedure.los!.sample(procedure.losStream);
      if (
        procedure.complicationProbability > 0 &&
        procedure.complicationStream.uniform() < procedure.complicationProbability
      ) {
        stay += procedure.complicationExtra?.sample(procedure.complicationExtraStream) ?? 0;
      }
      const patient = new Patient(entry.id, procedure.group, now, pathway, false);
      this.beds.admitSurgical(patient, procedure.ward!, stay);
    }
    if (procedure.dayCaseRoute !== null) this.dayUnits!.admit(entry.id, procedure.dayCaseRoute, duration);
    session.lastEnd = now + duration;
    this.sim.schedule(duration, this.caseEnded, session, Priority.release);
  }

  private readonly caseEnded = (session: Session): void => {
    if (this.events)
      this.logEvent(
        session.booked[session.next - 1]!,
        "surgery_end",
        session.record.theatre,
        session.casePathway,
      );
    if (session.next < session.booked.length) {
      // The room is kept through the turnaround: cleaning and preparing it is part of the list.
      const gap = this.turnaround.sample(this.streams.turnaround);
      const now = this.sim.now;
      // Only the part of a turnaround inside the session counts as session time lost to it.
      session.record.turnaroundMinutes += Math.max(
        0,
        Math.min(now + gap, session.end) - Math.min(now, session.end),
      );
      this.sim.schedule(gap, this.nextCase, session);
    } else {
      this.closeList(session);
    }
  };

  private closeList(session: Session): void {
    session.room.release(1);
    for (const request of session.team) this.staff!.finish(request);
    session.team = [];
    this.openSessions.delete(session);
    const record = session.record;
    const end = session.end;
    // The list is over now: the rest of the session is lost to an early finish, and any case
    // that ran past the end is an overrun.
    record.earlyFinishMinutes = Math.max(0, end - this.sim.now);
    record.overrunMinutes = record.cases > 0 ? Math.max(0, session.lastEnd - end) : 0;
  }

  private cancel(session: Session, entry: ListEntry, reason: CancellationReason): void {
    session.record.cancellations++;
    if (this.sim.now >= this.warmup) this.cancellations[reason]++;
    this.trace?.cancellations.push({ patient: entry.id, reason, at: this.sim.now });
    if (this.events) this.logEvent(entry, "surgery_cancelled", session.record.theatre, 0);
    this.lists.get(entry.procedure.specialty)!.add(entry);
  }

  private readonly snapshotList = (): void => {
    const now = this.sim.now;
    let size = 0;
    let within = 0;
    let waitedSum = 0;
    const count = (entry: ListEntry): void => {
      size++;
      const waited = now - entry.joinedAt;
      waitedSum += waited;
      if (waited <= EIGHTEEN_WEEKS) within++;
    };
    for (const list of this.lists.values()) {
      for (const queue of list.byPriority) for (const entry of queue) count(entry);
    }
    // Booked but not yet operated on: still waiting (see waitingIncludingBooked).
    for (const session of this.openSessions) {
      for (let i = session.next; i < session.booked.length; i++) count(session.booked[i]!);
    }
    this.listSeries.push({
      week: Math.round((now - this.warmup) / WEEK),
      size,
      within18WeeksPercent: size > 0 ? (100 * within) / size : 100,
      meanWeeksWaited: size > 0 ? waitedSum / size / WEEK : 0,
    });
    if (now + WEEK <= this.end) this.sim.schedule(WEEK, this.snapshotList, undefined, Priority.observe);
  };
}
