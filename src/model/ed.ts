/**
 * The emergency department: attendances by mode → (triage) → a cubicle for assessment and
 * treatment → home, same-day emergency care (SDEC), or a decision to admit; an admitted patient
 * becomes a bed request of its patient group (the hospital's own path) and boards in ED — in its
 * cubicle, or a corridor space when one is free — until the bed is granted.
 *
 * Each wait may end in the patient leaving (a patience per stage, as simmer's renege_in) and a
 * long wait may raise the patient's priority (escalation). A visit's needs (triage and treatment
 * times, outcome, patience) are drawn when it arrives, each from a stream of its own, so they are
 * the same in every variant and a variant's effect comes from the mechanism alone.
 *
 * Figures are by arrival cohort: the visits that arrived in the reporting window, followed to
 * whatever became of them, so arrivals = every exit + still in the department at the end.
 */
import type { ThinnedPoissonProcess } from "../engine/arrivals.js";
import { type Distribution, fromSpec } from "../engine/distributions.js";
import type { EventId } from "../engine/event-queue.js";
import type { RandomStream } from "../engine/random.js";
import { Resource } from "../engine/resource.js";
import { Priority, type Simulation } from "../engine/simulation.js";
import { Tally } from "../engine/statistics/index.js";
import { DAY, HOUR } from "../engine/time.js";
import { ED_MODES, type Ed, type EdMode } from "../scenario/ed-schema.js";
import { ED_EXITS, EdExit, EdSpace, EdStage, EdVisit } from "./ed-visit.js";
import { type GroupModel, hourOfWeekFactors, weeklyArrivals } from "./group.js";
import type { PatientEventName, PatientEventSink } from "./patient-events.js";

/** The hospital's side of an admission from ED (implemented by Hospital). */
export interface EdAdmissions {
  /** Asks for a bed for the visit's patient group; calls back bedGranted or divertedAtDecision. */
  admitFromEd(visit: EdVisit, group: GroupModel): void;
  /** The boarding patient gives up: the bed request is withdrawn. */
  leaveBedQueue(visit: EdVisit): void;
  /** Moves the boarding patient's bed request to `priority`. */
  escalateBedRequest(visit: EdVisit, priority: number): void;
}

interface ModeModel {
  name: string;
  arrivals: ThinnedPoissonProcess;
  priority: number;
  /** Cumulative probabilities of home, then home + SDEC; the rest are admitted. */
  home: number;
  homeOrSdec: number;
  group: GroupModel;
}

interface WaitRule {
  patience: Distribution | null;
  patienceStream: RandomStream;
  escalateAfter: number;
  escalateTo: number;
}

const STAGE_TRIAGE = 0;
const STAGE_CUBICLE = 1;
const STAGE_BED = 2;

export interface EdFigures {
  /** Attendances in the reporting window, and by mode. */
  arrivals: number;
  arrivalsByMode: { walkIn: number; ambulance: number };
  /** What became of them; with stillInDepartment they add up to arrivals exactly. */
  outcomes: Record<(typeof ED_EXITS)[number], number>;
  stillInDepartment: number;
  /** Left before triage, before being seen, or before a bed. */
  left: number;
  leftPercent: number | null;
  /** From arrival to leaving the department, everyone (those still in with their time so far). */
  meanHoursInDepartment: number | null;
  /** Left within 4 hours of arrival, of those whose 4 hours are decided (gone, or in over 4 hours). */
  within4hPercent: number | null;
  over4hFromArrival: number;
  over12hFromArrival: number;
  decisionsToAdmit: number;
  /** Decided to admit and in the department more than 12 hours after the decision. */
  over12hFromDecision: number;
  /** Waiting for a cubicle, from joining the queue to a cubicle or leaving (everyone who queued). */
  meanWaitForCubicleHours: number | null;
  /** Decision to admit to a bed, leaving, or the end of the run (everyone decided). */
  meanBoardingHours: number | null;
  escalated: number;
  cubicleUtilisation: number;
  corridorInUseMean: number;
  /** Visits in the department when the window opened (not among the arrivals). */
  inAtStart: number;
}

export class EdModel {
  readonly cubicles: Resource;
  readonly corridor: Resource;
  readonly triage: Resource | null;
  private readonly modes: ModeModel[];
  private readonly triageTime: Distribution | null;
  private readonly treatmentTime: Distribution;
  private readonly streams: { triage: RandomStream; treatment: RandomStream; outcome: RandomStream };
  private readonly rules: WaitRule[];
  private readonly pathwayStreams = new Map<GroupModel, RandomStream>();
  readonly present = new Set<EdVisit>();
  private readonly renegeEvents = new Map<EdVisit, EventId>();

  // Whole-run conservation: arrived = gone + present.
  arrived = 0;
  gone = 0;

  // The reporting window's arrivals (by cohort).
  private readonly windowArrivals = [0, 0];
  private readonly exits = new Float64Array(ED_EXITS.length);
  private readonly timeInDepartment = new Tally();
  private within4h = 0;
  private over4h = 0;
  private over12h = 0;
  private decisions = 0;
  private over12hFromDecision = 0;
  private readonly cubicleWait = new Tally();
  private readonly boardingTime = new Tally();
  private escalations = 0;
  private inAtStart = 0;

  constructor(
    private readonly sim: Simulation,
    ed: Ed,
    groups: ReadonlyMap<string, GroupModel>,
    private readonly hospital: EdAdmissions,
    private readonly warmup: number,
    private readonly end: number,
    /** Visit ids from the hospital's one id space, and the event log (none when absent). */
    private readonly patients: { nextId: () => number; events: PatientEventSink | undefined },
  ) {
    this.cubicles = new Resource(sim, "ed/cubicles", ed.cubicles);
    this.corridor = new Resource(sim, "ed/corridor", ed.corridorSpaces);
    this.triage = ed.triage ? new Resource(sim, "ed/triage", ed.triage.staff) : null;
    this.triageTime = ed.triage ? fromSpec(ed.triage.duration) : null;
    this.treatmentTime = fromSpec(ed.treatment.duration);
    this.streams = {
      triage: sim.random.get("ed/triage-time"),
      treatment: sim.random.get("ed/treatment-time"),
      outcome: sim.random.get("ed/outcome"),
    };
    const rule = (
      stage: string,
      patience: Ed["treatment"]["patience"],
      escalation: Ed["treatment"]["escalation"],
    ): WaitRule => ({
      patience: patience === undefined ? null : fromSpec(patience),
      patienceStream: sim.random.get(`ed/patience/${stage}`),
      escalateAfter: escalation?.after ?? Number.POSITIVE_INFINITY,
      escalateTo: escalation?.priority ?? 0,
    });
    this.rules = [
      rule("triage", ed.triage?.patience, undefined),
      rule("treatment", ed.treatment.patience, ed.treatment.escalation),
      rule("boarding", ed.boarding.patience, ed.boarding.escalation),
    ];
    this.modes = [];
    for (const [key, name] of ED_MODES) {
      const mode: EdMode | undefined = ed.arrivals[key];
      if (mode === undefined) continue;
      this.modes.push(this.compileMode(name, mode, groups.get(mode.admitTo)!));
    }
  }

  private compileMode(name: string, mode: EdMode, group: GroupModel): ModeModel {
    const factors = hourOfWeekFactors(mode.hourOfDay, mode.dayOfWeek);
    const o = mode.outcomes;
    const total = o.home + o.sdec + o.admit;
    if (!this.pathwayStreams.has(group))
      this.pathwayStreams.set(group, this.sim.random.get(`ed/pathway/${group.id}`));
    return {
      name,
      arrivals: weeklyArrivals(
        this.sim,
        mode.perDay / DAY,
        factors,
        this.sim.random.get(`ed/arrivals/${name}`),
      ),
      priority: mode.priority,
      home: o.home / total,
      homeOrSdec: (o.home + o.sdec) / total,
      group,
    };
  }

  /** Discharge pathway of an admitted ED patient: a stream per group, apart from direct admissions. */
  pathwayStream(group: GroupModel): RandomStream {
    return this.pathwayStreams.get(group)!;
  }

  start(): void {
    for (let m = 0; m < this.modes.length; m++) {
      const first = this.modes[m]!.arrivals.next(this.sim.now);
      if (first <= this.end) this.sim.scheduleAt(first, this.arrive, m, Priority.seize);
    }
  }

  /** Patients waiting in ED now for triage or a cubicle (boarders wait in their ward's bed queue). */
  get waitingCount(): number {
    return (this.triage?.queueLength ?? 0) + this.cubicles.queueLength;
  }

  private readonly arrive = (m: number): void => {
    const sim = this.sim;
    const now = sim.now;
    const mode = this.modes[m]!;
    const next = mode.arrivals.next(now);
    if (next <= this.end) sim.scheduleAt(next, this.arrive, m, Priority.seize);
    const visit = new EdVisit(now, m, mode.priority, now >= this.warmup);
    visit.id = this.patients.nextId();
    if (this.patients.events) this.logEvent(visit, "ed_arrival");
    // Every need drawn now, whether or not it is used, so draws never shift between variants.
    visit.triageTime = this.triageTime === null ? 0 : this.triageTime.sample(this.streams.triage);
    visit.treatmentTime = this.treatmentTime.sample(this.streams.treatment);
    const u = this.streams.outcome.uniform();
    visit.outcome = u < mode.home ? 0 : u < mode.homeOrSdec ? 1 : 2;
    for (let s = 0; s < 3; s++) {
      const rule = this.rules[s]!;
      if (rule.patience !== null) visit.patience[s] = rule.patience.sample(rule.patienceStream);
    }
    this.arrived++;
    this.present.add(visit);
    if (visit.inWindow) this.windowArrivals[m]!++;
    if (this.triage !== null) this.waitFor(visit, STAGE_TRIAGE);
    else this.waitFor(visit, STAGE_CUBICLE);
  };

  // --- waiting for triage or a cubicle --------------------------------------------------------

  private waitFor(visit: EdVisit, stage: typeof STAGE_TRIAGE | typeof STAGE_CUBICLE): void {
    const resource = stage === STAGE_TRIAGE ? this.triage! : this.cubicles;
    const granted = stage === STAGE_TRIAGE ? this.startTriage : this.startTreatment;
    visit.stage = stage === STAGE_TRIAGE ? EdStage.WaitingTriage : EdStage.WaitingCubicle;
    visit.waitingSince = this.sim.now;
    const ticket = resource.seizeWithTicket(1, granted, visit, visit.priority);
    if (ticket === -1) {
      granted(visit);
      return;
    }
    visit.ticket = ticket;
    this.scheduleWaitEvents(visit, stage);
  }

  private scheduleWaitEvents(visit: EdVisit, stage: number): void {
    const rule = this.rules[stage]!;
    const patience = visit.patience[stage]!;
    const handler =
      stage === STAGE_TRIAGE
        ? this.leaveTriageQueue
        : stage === STAGE_CUBICLE
          ? this.leaveCubicleQueue
          : this.leaveBedQueue;
    if (patience < Number.POSITIVE_INFINITY)
      this.renegeEvents.set(visit, this.sim.schedule(patience, handler, visit));
    if (rule.escalateAfter < Number.POSITIVE_INFINITY) {
      this.sim.schedule(
        rule.escalateAfter,
        stage === STAGE_CUBICLE ? this.escalateCubicle : this.escalateBed,
        visit,
      );
    }
  }

  private stopWaiting(visit: EdVisit): void {
    visit.ticket = -1;
    const renege = this.renegeEvents.get(visit);
    if (renege !== undefined) {
      this.sim.cancel(renege);
      this.renegeEvents.delete(visit);
    }
  }

  private logEvent(visit: EdVisit, event: PatientEventName): void {
    this.patients.events!.record({
      time: this.sim.now,
      patient: visit.id,
      group: this.modes[visit.mode]!.group.id,
      pathway: 0,
      event,
      place: "ed",
    });
  }

  private readonly startTriage = (visit: EdVisit): void => {
    this.stopWaiting(visit);
    if (this.patients.events) this.logEvent(visit, "triage_start");
    visit.stage = EdStage.Triage;
    this.sim.schedule(visit.triageTime, this.endTriage, visit, Priority.release);
  };

  private readonly endTriage = (visit: EdVisit): void => {
    this.triage!.release(1);
    this.waitFor(visit, STAGE_CUBICLE);
  };

  private readonly startTreatment = (visit: EdVisit): void => {
    this.stopWaiting(visit);
    if (this.patients.events) this.logEvent(visit, "seen");
    if (visit.inWindow) this.cubicleWait.add(this.sim.now - visit.waitingSince);
    visit.stage = EdStage.Treatment;
    visit.space = EdSpace.Cubicle;
    this.sim.schedule(visit.treatmentTime, this.endTreatment, visit, Priority.release);
  };

  private readonly leaveTriageQueue = (visit: EdVisit): void => {
    if (visit.stage !== EdStage.WaitingTriage) return;
    this.renegeEvents.delete(visit);
    this.triage!.cancelRequest(visit.ticket);
    visit.ticket = -1;
    if (this.patients.events) this.logEvent(visit, "left_before_triage");
    this.finish(visit, EdExit.LeftBeforeTriage);
  };

  private readonly leaveCubicleQueue = (visit: EdVisit): void => {
    if (visit.stage !== EdStage.WaitingCubicle) return;
    this.renegeEvents.delete(visit);
    this.cubicles.cancelRequest(visit.ticket);
    visit.ticket = -1;
    if (visit.inWindow) this.cubicleWait.add(this.sim.now - visit.waitingSince);
    if (this.patients.events) this.logEvent(visit, "left_before_seen");
    this.finish(visit, EdExit.LeftBeforeSeen);
  };

  private readonly escalateCubicle = (visit: EdVisit): void => {
    if (visit.stage !== EdStage.WaitingCubicle || visit.ticket < 0) return;
    this.noteEscalation(visit);
    const ticket = this.cubicles.reprioritise(visit.ticket, this.rules[STAGE_CUBICLE]!.escalateTo);
    // Moving up may have granted the cubicle at once (startTreatment has then run).
    if (visit.stage === EdStage.WaitingCubicle) visit.ticket = ticket;
  };

  private noteEscalation(visit: EdVisit): void {
    visit.escalated = true;
    if (visit.inWindow) this.escalations++;
  }

  // --- the outcome, and boarding --------------------------------------------------------------

  private readonly endTreatment = (visit: EdVisit): void => {
    if (visit.outcome < 2 && this.patients.events) this.logEvent(visit, "ed_discharged");
    if (visit.outcome === 0) this.finish(visit, EdExit.Home);
    else if (visit.outcome === 1) this.finish(visit, EdExit.Sdec);
    else this.decideToAdmit(visit);
  };

  private decideToAdmit(visit: EdVisit): void {
    const now = this.sim.now;
    visit.decidedAt = now;
    visit.stage = EdStage.Boarding;
    if (visit.inWindow) this.decisions++;
    if (this.patients.events) this.logEvent(visit, "decision_to_admit");
    // A corridor space, when free, takes the boarder so the cubicle can see the next patient.
    if (this.corridor.available > 0 && this.corridor.trySeize(1)) {
      visit.space = EdSpace.Corridor;
      this.cubicles.release(1);
    }
    this.scheduleWaitEvents(visit, STAGE_BED);
    this.hospital.admitFromEd(visit, this.modes[visit.mode]!.group);
  }

  /** The hospital granted the boarder a ward bed. */
  bedGranted(visit: EdVisit): void {
    this.endBoarding(visit);
    this.finish(visit, EdExit.Admitted);
  }

  /** The ward's bed queue had no room: the patient is sent to another hospital. */
  divertedAtDecision(visit: EdVisit): void {
    this.endBoarding(visit);
    this.finish(visit, EdExit.Diverted);
  }

  private endBoarding(visit: EdVisit): void {
    this.stopWaiting(visit);
    if (visit.inWindow) this.boardingTime.add(this.sim.now - visit.decidedAt);
  }

  private readonly leaveBedQueue = (visit: EdVisit): void => {
    if (visit.stage !== EdStage.Boarding) return;
    this.renegeEvents.delete(visit);
    this.hospital.leaveBedQueue(visit);
    this.endBoarding(visit);
    this.finish(visit, EdExit.LeftBeforeBed);
  };

  private readonly escalateBed = (visit: EdVisit): void => {
    if (visit.stage !== EdStage.Boarding) return;
    this.noteEscalation(visit);
    this.hospital.escalateBedRequest(visit, this.rules[STAGE_BED]!.escalateTo);
  };

  // --- leaving the department -----------------------------------------------------------------

  private finish(visit: EdVisit, exit: EdExit): void {
    const now = this.sim.now;
    if (visit.space === EdSpace.Cubicle) this.cubicles.release(1);
    else if (visit.space === EdSpace.Corridor) this.corridor.release(1);
    visit.space = EdSpace.None;
    visit.stage = EdStage.Gone;
    this.present.delete(visit);
    this.gone++;
    if (!visit.inWindow) return;
    this.exits[exit]!++;
    const stayed = now - visit.arrivalAt;
    this.timeInDepartment.add(stayed);
    if (stayed <= 4 * HOUR) this.within4h++;
    else this.over4h++;
    if (stayed > 12 * HOUR) this.over12h++;
    if (!Number.isNaN(visit.decidedAt) && now - visit.decidedAt > 12 * HOUR) this.over12hFromDecision++;
  }

  /** Start of the reporting window (end of warm-up): resources' statistics restart. */
  openWindow(): void {
    this.cubicles.resetStatistics();
    this.corridor.resetStatistics();
    this.triage?.resetStatistics();
    this.inAtStart = this.present.size;
  }

  figures(): EdFigures {
    const now = this.sim.now;
    let still = 0;
    let stillMinutes = 0;
    let over4h = this.over4h;
    let over12h = this.over12h;
    let over12hFromDecision = this.over12hFromDecision;
    let boardingCount = this.boardingTime.count;
    let boardingMinutes = this.boardingTime.mean * this.boardingTime.count || 0;
    let cubicleWaitCount = this.cubicleWait.count;
    let cubicleWaitMinutes = this.cubicleWait.mean * this.cubicleWait.count || 0;
    for (const visit of this.present) {
      if (!visit.inWindow) continue;
      still++;
      const stayed = now - visit.arrivalAt;
      stillMinutes += stayed;
      if (stayed > 4 * HOUR) over4h++;
      if (stayed > 12 * HOUR) over12h++;
      if (visit.stage === EdStage.WaitingCubicle) {
        cubicleWaitCount++;
        cubicleWaitMinutes += now - visit.waitingSince;
      }
      if (visit.stage === EdStage.Boarding) {
        boardingCount++;
        boardingMinutes += now - visit.decidedAt;
        if (now - visit.decidedAt > 12 * HOUR) over12hFromDecision++;
      }
    }
    const arrivals = this.windowArrivals[0]! + this.windowArrivals[1]!;
    const outcomes = Object.fromEntries(
      ED_EXITS.map((name, i) => [name, this.exits[i]!]),
    ) as EdFigures["outcomes"];
    const left = outcomes.leftBeforeTriage + outcomes.leftBeforeSeen + outcomes.leftBeforeBed;
    const departed = this.timeInDepartment.count;
    const decided4h = this.within4h + over4h;
    const modeCount = (name: string) => {
      const m = this.modes.findIndex((mode) => mode.name === name);
      return m < 0 ? 0 : this.windowArrivals[m]!;
    };
    return {
      arrivals,
      arrivalsByMode: { walkIn: modeCount("walk-in"), ambulance: modeCount("ambulance") },
      outcomes,
      stillInDepartment: still,
      left,
      leftPercent: arrivals > 0 ? (100 * left) / arrivals : null,
      meanHoursInDepartment:
        departed + still > 0
          ? ((this.timeInDepartment.mean * departed || 0) + stillMinutes) / (departed + still) / HOUR
          : null,
      within4hPercent: decided4h > 0 ? (100 * this.within4h) / decided4h : null,
      over4hFromArrival: over4h,
      over12hFromArrival: over12h,
      decisionsToAdmit: this.decisions,
      over12hFromDecision,
      meanWaitForCubicleHours: cubicleWaitCount > 0 ? cubicleWaitMinutes / cubicleWaitCount / HOUR : null,
      meanBoardingHours: boardingCount > 0 ? boardingMinutes / boardingCount / HOUR : null,
      escalated: this.escalations,
      cubicleUtilisation: this.cubicles.utilisation(),
      corridorInUseMean: this.corridor.inUseLevel.mean(now),
      inAtStart: this.inAtStart,
    };
  }
}
