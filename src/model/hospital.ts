/**
 * The hospital flow model: compiles a validated scenario into processes on the engine.
 *
 * A patient's path (every step an event handler taking the patient, no closures per patient):
 *   arrival → bed on the first stage's ward (or an outlier ward; else waits: ED boarding)
 *   → treatment on each stage's ward (waiting in the current bed for the next ward's bed)
 *   → medically fit: when treatment ends, or, with ward rounds, when the next round declares it
 *     (at weekends only the round's weekend share is seen; Friday's round may bring forward a
 *     share of those due by Saturday midnight) → discharge by pathway and policy:
 *       pathway 0: leaving delay (medicines, transport) → leaves within discharge hours (those
 *         who waited for the hours to open leave through the day by the hour profile, if given);
 *       standard, pathways 1–3: in-hospital assessment → arranging the package → a place in the
 *         community service → leaves; the onward destination is drawn as it leaves (the
 *         assessment has decided); support runs its length;
 *       D2A, pathways 1–3: a place in the D2A service (home support or step-down bed) → leaves;
 *         assessed at home or in the step-down bed by the D2A team, which draws the onward
 *         destination; reablement or the step-down stay runs its length.
 *   → onward, once the first support has ended and the destination is known (both policies):
 *       home with no further support; or a long-term care package or a care-home place: arranging
 *       it (start delay) → a place in that service, waited for in the community bed (kept, and
 *       costed, until the place is granted) or at home (home support ends on time) → support runs
 *       its length, then frees the place. Without `onward` in the scenario everyone goes home.
 *   When its bed is left, it is cleaned (turnaround) before the next patient can have it.
 */
import { type Distribution, fromSpec } from "../engine/distributions.js";
import type { RandomStream } from "../engine/random.js";
import { Resource } from "../engine/resource.js";
import { Priority, Simulation, type StopReason } from "../engine/simulation.js";
import { TimeWeighted } from "../engine/statistics/index.js";
import { DAY, WEEK } from "../engine/time.js";
import type { Scenario } from "../scenario/schema.js";
import { ArrivalOutcome } from "./activation.js";
import { followBankHolidays, scheduleDatedCapacity } from "./calendar-inputs.js";
import { type CommunityServiceModel, makeCommunityService } from "./community.js";
import { DayUnitService, type OvernightBeds, type OvernightRequest } from "./day-unit.js";
import { DischargeTiming } from "./discharge-timing.js";
import { type EdAdmissions, EdModel } from "./ed.js";
import type { EdVisit } from "./ed-visit.js";
import { GroupModel } from "./group.js";
import { type RunLimits, runLimits } from "./limits.js";
import { HospitalMetrics } from "./metrics.js";
import { MAX_OUTPATIENT_LIST, OutpatientService } from "./outpatients.js";
import { COMMUNITY_STAGES, CommunityStage, Destination, Patient, Reason } from "./patient.js";
import type { PatientEventName, PatientEventSink } from "./patient-events.js";
import { PreWeekendPush } from "./pre-weekend.js";
import { StaffService, type TaskModel, type TaskRequest, type WorkRecord } from "./staffing.js";
import { MAX_WAITING_LIST, type PostOperativeBeds, TheatreService, type TheatreTrace } from "./theatres.js";
import { WardModel } from "./ward.js";

export interface RunOptions {
  seed?: number;
  replication?: number;
  /** Called after every event with the hospital (tests check invariants with it). */
  afterEvent?: (hospital: Hospital) => void;
  /** Record every theatre case and cancellation here (tests, audits). */
  theatreTrace?: TheatreTrace;
  /** Record every staff member's tasks here (tests: nobody does two things at once). */
  staffWorkLog?: WorkRecord[];
  /** Every patient's events (arrival, bed requested, admitted, …) go here; none when absent. */
  patientEvents?: PatientEventSink;
}

const READMISSION_WINDOW = 30 * DAY;
/** Minute of the day of the discharge-ready snapshot (the NHS England daily sitrep's 08:00). */
const READY_SNAPSHOT = 8 * 60;
/**
 * The snapshot sees the wards as the clock reaches 08:00, before that instant's discharges:
 * without an hour profile the model lets the overnight backlog leave the moment discharge hours
 * open, where a real ward spreads it over the day, so those patients are still in their beds at 08:00.
 */
const SNAPSHOT_PRIORITY = Priority.warmup - 1;

interface AssessmentModel {
  assessors: Resource;
  duration: Distribution;
  stream: RandomStream;
  cost: number;
}

/** Onward destinations after the first community service, for one policy. */
interface OnwardModel {
  /** Shares by pathway (index 0 unused); null when the scenario sends everyone home. */
  split: { home: number; package: number; careHome: number }[] | null;
  /** Service by Destination (index 0, home, unused). */
  services: (CommunityServiceModel<Patient> | null)[];
  stream: RandomStream;
}

export class Hospital implements PostOperativeBeds, EdAdmissions, OvernightBeds {
  readonly sim: Simulation;
  readonly scenario: Scenario;
  readonly policy: "standard" | "d2a";
  readonly wards: WardModel[];
  readonly services: CommunityServiceModel<Patient>[];
  readonly groups: GroupModel[];
  readonly theatres: TheatreService | null;
  readonly staff: StaffService | null;
  /** The emergency department, when the scenario has one. */
  readonly ed: EdModel | null;
  /** ED patients waiting for a bed, by their attendance. */
  private readonly edBoarders = new Map<EdVisit, Patient>();
  readonly outpatients: OutpatientService | null;
  readonly dayUnits: DayUnitService | null;
  readonly metrics: HospitalMetrics;
  readonly warmup: number;
  readonly end: number;
  /** Community service for pathways 1..3 (index 0 unused) under each policy. */
  readonly serviceFor: { standard: CommunityServiceModel<Patient>[]; d2a: CommunityServiceModel<Patient>[] };
  readonly assessment: { standard: AssessmentModel; d2a: AssessmentModel };
  readonly onward: { standard: OnwardModel; d2a: OnwardModel };
  private readonly leavingDelay: Distribution;
  private readonly leavingStream: RandomStream;
  private readonly timing: DischargeTiming;
  /** Ward rounds deciding who is medically fit; null when fit the moment treatment ends. */
  private readonly rounds: DischargeTiming | null;
  /** Friday's round bringing forward some of those who would become fit at the weekend. */
  private readonly preWeekend: PreWeekendPush | null;

  // Conservation counters (whole run, not reset at warm-up).
  arrived = 0;
  electiveAdmissions = 0;
  initialPatients = 0;
  discharged = 0;
  diverted = 0;
  waitingForBed = 0;
  /** Patients from ED who left while waiting for a bed (reneged). */
  leftBeforeBed = 0;
  /** Initial-state patients for whom the ward had no bed at time zero. */
  initialOverflow = 0;
  /** Discharged pathway 1–3 patients by CommunityStage, now. */
  readonly communityStages = new Float64Array(COMMUNITY_STAGES);
  /** Medically fit patients in a bed, and those of them who became fit on `readyToday.day`. */
  private fitInBeds = 0;
  private readonly readyToday = { day: Number.NaN, count: 0 };
  /** Minutes from time zero back to the midnight before it: calendar days count from there. */
  private readonly dayOffset: number;
  /** Everyone in hospital now, in a bed or waiting for one: read at the end for unfinished stays. */
  readonly present = new Set<Patient>();
  /**
   * The reporting window (after warm-up): arrivals in it and what became of them. Electives are
   * admitted from the theatre list, so they never wait for a bed and are counted apart.
   */
  readonly window = { arrivals: 0, admitted: 0, diverted: 0, electiveAdmissions: 0, leftBeforeBed: 0 };
  /** In beds and waiting for a bed when the reporting window opened: at warm-up's end, or the initial state. */
  readonly atWindowStart = { inBeds: 0, waitingForBed: 0 };
  /** New patients waiting for a bed (boarding) over time; its integral is the hours boarded. */
  readonly boarding = new TimeWeighted(0, 0);
  /**
   * Waiting lines' integrals one week before the end (null for windows under two weeks), so the
   * summary can set the last week's mean against the window's: whole weeks, so the weekly cycle
   * (queues peak after weekends) cannot pass for growth.
   */
  lastWeekMark: { at: number; wards: number[]; services: number[] } | null = null;
  private nextPatientId = 0;
  stopReason: StopReason | undefined;
  readonly limits: RunLimits;
  /** For a run that did not reach its end: "stopped: not stable: ..." with the reason in words. */
  stopMessage: string | undefined;

  private readonly patientEvents: PatientEventSink | undefined;

  constructor(scenario: Scenario, options: RunOptions = {}) {
    this.patientEvents = options.patientEvents;
    this.scenario = scenario;
    this.policy = scenario.discharge.policy;
    this.limits = runLimits(scenario);
    this.sim = new Simulation({
      seed: options.seed ?? scenario.seed,
      replication: options.replication ?? 0,
      startDate: scenario.run.start,
      maxEvents: this.limits.maxEvents,
      maxPendingEvents: this.limits.maxPendingEvents,
      guard: this.overloaded,
      ...(options.afterEvent ? { afterEvent: () => options.afterEvent!(this) } : {}),
    });
    const sim = this.sim;
    this.warmup = scenario.run.warmup;
    this.end = scenario.run.warmup + scenario.run.horizon;

    this.wards = scenario.wards.map((w, i) => new WardModel(sim, i, w, this.warmup));
    const wardById = new Map(this.wards.map((w) => [w.id, w]));
    scenario.wards.forEach((w, i) => {
      this.wards[i]!.overflow = w.overflowTo.map((id) => wardById.get(id)!);
    });
    this.services = scenario.community.map((s, i) => makeCommunityService<Patient>(sim, i, s));
    const serviceById = new Map(this.services.map((s) => [s.id, s]));
    const pick = (m: { p1: string; p2: string; p3: string }) => [
      this.services[0]!,
      serviceById.get(m.p1)!,
      serviceById.get(m.p2)!,
      serviceById.get(m.p3)!,
    ];
    this.serviceFor = {
      standard: pick(scenario.discharge.standard.services),
      d2a: pick(scenario.discharge.d2a.services),
    };
    const assessment = (policy: "standard" | "d2a"): AssessmentModel => {
      const a = scenario.discharge[policy].assessment;
      return {
        assessors: new Resource(sim, `assessors/${policy}`, a.assessors),
        duration: fromSpec(a.duration),
        stream: sim.random.get(`assessment/${policy}`),
        cost: a.costPerAssessment,
      };
    };
    this.assessment = { standard: assessment("standard"), d2a: assessment("d2a") };
    const onward = (policy: "standard" | "d2a"): OnwardModel => {
      const o = scenario.discharge[policy].onward;
      const named = (id: string | undefined) => (id === undefined ? null : serviceById.get(id)!);
      return {
        split: o === undefined ? null : [{ home: 1, package: 0, careHome: 0 }, o.p1, o.p2, o.p3],
        services: [null, named(o?.services.package), named(o?.services.careHome)],
        stream: sim.random.get(`onward/${policy}`),
      };
    };
    this.onward = { standard: onward("standard"), d2a: onward("d2a") };
    for (const service of this.services) service.supportEnded = this.supportEnded;
    this.dayOffset = sim.calendar.minuteOfDay(0);
    const calendarInputs = scenario.calendar && { inputs: scenario.calendar, end: this.end };
    if (calendarInputs) followBankHolidays(sim.calendar, calendarInputs.inputs, this.end);
    this.groups = scenario.groups.map((g, i) => new GroupModel(sim, i, g, wardById, calendarInputs));
    this.staff = scenario.staff
      ? new StaffService(sim, scenario.staff, wardById, this.warmup, { workLog: options.staffWorkLog })
      : null;
    if (calendarInputs) scheduleDatedCapacity(sim, calendarInputs.inputs, this.end, wardById, this.staff);
    const dayUnits = scenario.electives?.dayUnits;
    this.dayUnits = dayUnits ? new DayUnitService(sim, dayUnits, this, this.warmup) : null;
    this.theatres = scenario.electives
      ? new TheatreService(
          sim,
          scenario.electives,
          wardById,
          this.groups.length,
          this,
          { warmup: this.warmup, end: this.end },
          options.theatreTrace,
          this.staff,
          { nextId: () => this.nextPatientId++, events: options.patientEvents },
          this.dayUnits,
        )
      : null;
    this.outpatients = scenario.outpatients
      ? new OutpatientService(sim, scenario.outpatients, scenario.staff?.roles ?? [], {
          warmup: this.warmup,
          end: this.end,
        })
      : null;
    // Elective procedures are reported as patient groups of their own, after the emergency ones.
    if (this.theatres) this.groups.push(...this.theatres.procedures.map((p) => p.group));
    this.metrics = new HospitalMetrics(this.groups.length, this.warmup);
    this.leavingDelay = fromSpec(scenario.discharge.pathway0Delay);
    this.leavingStream = sim.random.get("discharge/leaving");
    const discharge = scenario.discharge;
    const hours = discharge.hours;
    this.timing = new DischargeTiming(
      sim.calendar,
      hours.from,
      hours.to,
      discharge.weekendRate,
      sim.random.get("discharge/weekend"),
      discharge.hourProfile === undefined
        ? { weekendDraw: discharge.weekendDraw }
        : {
            weekendDraw: discharge.weekendDraw,
            hourWeights: discharge.hourProfile,
            hourStream: sim.random.get("discharge/hour"),
          },
    );
    const review = discharge.fitReview;
    // The round reaches the patients waiting for it at times spread evenly through it.
    this.rounds =
      review === undefined
        ? null
        : new DischargeTiming(
            sim.calendar,
            review.from,
            review.to,
            review.weekendRate,
            sim.random.get("discharge/round-weekend"),
            {
              weekendDraw: discharge.weekendDraw,
              hourWeights: new Array<number>(24).fill(1),
              hourStream: sim.random.get("discharge/round-time"),
            },
          );
    this.preWeekend =
      review === undefined || review.preWeekendShare <= 0
        ? null
        : new PreWeekendPush(
            sim.calendar,
            review.from,
            review.to,
            review.preWeekendShare,
            sim.random.get("discharge/pre-weekend"),
          );
    this.ed = scenario.ed
      ? new EdModel(
          sim,
          scenario.ed,
          new Map(this.groups.map((g) => [g.id, g])),
          this,
          this.warmup,
          this.end,
          {
            nextId: () => this.nextPatientId++,
            events: options.patientEvents,
          },
        )
      : null;
  }

  /** Runs warm-up and horizon; returns why the run ended. */
  run(): StopReason {
    const sim = this.sim;
    this.placeInitialState();
    if (this.theatres?.initialListTooLarge) this.initialStateTooLarge = true;
    if (this.initialStateTooLarge) {
      // The guards would stop the run at its first check; stop before any work instead.
      this.stopReason = "guard";
      this.stopMessage =
        "stopped: not stable: the initial state holds more patients than the run's guards allow " +
        `(run.maxWaiting + run.maxPendingEvents = ${(this.limits.maxWaiting + this.limits.maxPendingEvents).toLocaleString("en-GB")}, ` +
        `or ${MAX_WAITING_LIST.toLocaleString("en-GB")} on the elective waiting list) on day 0`;
      this.finishSeries();
      return this.stopReason;
    }
    this.theatres?.start();
    this.outpatients?.start();
    for (const group of this.groups) {
      const first = group.arrivals.next(sim.now);
      if (first <= this.end) sim.scheduleAt(first, this.arrive, group, Priority.seize);
    }
    this.ed?.start();
    // Before anything else at that instant, so events at t = warm-up are counted after the reset.
    if (this.warmup > 0) sim.scheduleAt(this.warmup, this.endWarmup, undefined, Priority.warmup);
    const firstSnapshot = (READY_SNAPSHOT - sim.calendar.minuteOfDay(sim.now) + DAY) % DAY;
    sim.schedule(firstSnapshot, this.readySnapshot, undefined, SNAPSHOT_PRIORITY);
    const lastWeek = this.end - WEEK;
    if (lastWeek - this.warmup >= WEEK)
      sim.scheduleAt(lastWeek, this.markLastWeek, undefined, Priority.warmup);
    this.stopReason = sim.run(this.end);
    this.stopMessage = this.describeStop(this.stopReason);
    this.finishSeries();
    return this.stopReason;
  }

  /**
   * Set when the initial state asks for more patients than the guards allow at once: each is in
   * a bed (with an event pending) or waiting, so the sum of the two limits bounds them.
   */
  private initialStateTooLarge = false;
  private initialStateCreated = 0;

  /** Room for one more patient of the initial state (in a bed, in a service, or waiting)? */
  private initialStateRoom(): boolean {
    if (this.initialStateCreated++ < this.limits.maxWaiting + this.limits.maxPendingEvents) return true;
    this.initialStateTooLarge = true;
    return false;
  }

  /** True when the run reached the end of its horizon (or ran out of work before it). */
  get complete(): boolean {
    return this.stopReason === "until" || this.stopReason === "empty";
  }

  // --- guards against overload -------------------------------------------------------------

  /** Every patient waiting at once: for a bed, an assessment, a community place or staff. */
  waitingAnywhere(): { total: number; largest: string } {
    const queues: [string, number][] = [
      ...this.wards.map((w): [string, number] => [`a bed on ward "${w.id}"`, w.beds.queueLength]),
      ...this.services.map((s): [string, number] => [`community service "${s.id}"`, s.waitingNow]),
      ["a standard assessment", this.assessment.standard.assessors.queueLength],
      ["a D2A assessment", this.assessment.d2a.assessors.queueLength],
      ["staff tasks", this.staff?.waitingCount ?? 0],
      ["the emergency department", this.ed?.waitingCount ?? 0],
    ];
    let total = 0;
    let largest = queues[0]!;
    for (const queue of queues) {
      total += queue[1];
      if (queue[1] > largest[1]) largest = queue;
    }
    return { total, largest: `${largest[1].toLocaleString("en-GB")} for ${largest[0]}` };
  }

  private readonly overloaded = (): string | undefined => {
    const listed = this.theatres?.waitingListSize() ?? 0;
    if (listed > MAX_WAITING_LIST) {
      return `${listed.toLocaleString("en-GB")} patients were on the elective waiting list, more than ${MAX_WAITING_LIST.toLocaleString("en-GB")}`;
    }
    const outpatientList = this.outpatients?.waitingCount() ?? 0;
    if (outpatientList > MAX_OUTPATIENT_LIST) {
      return `${outpatientList.toLocaleString("en-GB")} patients were on outpatient lists, more than ${MAX_OUTPATIENT_LIST.toLocaleString("en-GB")}`;
    }
    const waiting = this.waitingAnywhere();
    if (waiting.total <= this.limits.maxWaiting) return undefined;
    return (
      `${waiting.total.toLocaleString("en-GB")} patients were waiting at once (${waiting.largest}), ` +
      `more than run.maxWaiting = ${this.limits.maxWaiting.toLocaleString("en-GB")}`
    );
  };

  private describeStop(reason: StopReason): string | undefined {
    if (reason === "until" || reason === "empty") return undefined;
    const day = `on day ${(this.sim.now / DAY).toFixed(1)} of ${(this.end / DAY).toFixed(0)}`;
    const grows = "demand exceeds what can be treated, so queues grow for as long as the run lasts";
    switch (reason) {
      case "guard":
        return `stopped: not stable: ${this.sim.guardMessage} ${day}; ${grows}`;
      case "pending-limit":
        return (
          `stopped: not stable: more than run.maxPendingEvents = ${this.limits.maxPendingEvents.toLocaleString("en-GB")} ` +
          `events were due at once (${this.patientsInBeds().toLocaleString("en-GB")} patients in beds) ${day}; ` +
          "more patients are held at once than its memory bound allows (run.maxPendingEvents raises it)"
        );
      case "event-limit":
        return (
          `stopped: not stable (or longer than allowed): the event limit run.maxEvents = ` +
          `${this.limits.maxEvents.toLocaleString("en-GB")} was reached ${day}`
        );
      default:
        return `stopped: ${reason} ${day}`;
    }
  }

  // --- arrivals and beds ------------------------------------------------------------------

  private readonly arrive = (group: GroupModel): void => {
    const next = group.arrivals.next(this.sim.now);
    if (next <= this.end) this.sim.scheduleAt(next, this.arrive, group, Priority.seize);
    const activation = group.activation?.drawArrival() ?? ArrivalOutcome.NotActivated;
    if (activation === ArrivalOutcome.Avoided) {
      if (this.sim.now >= this.warmup) group.activation!.avoided++;
      return;
    }
    if (this.sim.now >= this.warmup)
      this.metrics.arrivalsByHourOfWeek[this.sim.calendar.hourOfWeek(this.sim.now)]!++;
    this.admitNew(group, false, activation === ArrivalOutcome.Activated);
  };

  private readonly readmit = (group: GroupModel): void => {
    if (this.sim.now >= this.warmup) this.metrics.readmissions++;
    this.admitNew(group, true, group.activation?.drawReadmitted() ?? false);
  };

  private logEvent(patient: Patient, event: PatientEventName, place: string): void {
    this.patientEvents!.record({
      time: this.sim.now,
      patient: patient.id,
      group: patient.group.id,
      pathway: patient.pathway,
      event,
      place,
    });
  }

  private admitNew(group: GroupModel, readmission: boolean, activated: boolean): void {
    // Readmissions differ between policies: their pathways must not shift new arrivals' draws.
    const pathway = group.drawPathway(readmission ? group.readmissionPathwayStream : group.pathwayStream);
    const patient = new Patient(this.nextPatientId++, group, this.sim.now, pathway, readmission);
    patient.activated = activated;
    this.arrived++;
    if (this.sim.now >= this.warmup) {
      patient.arrivedInWindow = true;
      this.window.arrivals++;
    }
    if (this.patientEvents) this.logEvent(patient, "arrival", "");
    this.requestBed(patient, group.stages[0]!.ward);
  }

  private requestBed(patient: Patient, ward: WardModel): void {
    if (this.patientEvents) this.logEvent(patient, "bed_requested", ward.id);
    if (ward.beds.available > 0 && ward.beds.queueLength === 0) {
      ward.beds.seize(1, this.bedGranted, patient);
      this.takeBed(patient, ward, false);
      return;
    }
    for (const outlier of ward.overflow) {
      if (outlier.beds.available > 0 && outlier.beds.queueLength === 0) {
        outlier.beds.seize(1, this.bedGranted, patient);
        this.takeBed(patient, outlier, true);
        return;
      }
    }
    if (patient.ward === null && ward.newPatientsWaiting >= ward.maxWaiting) {
      // No room to wait (a loss system): the patient goes to another hospital.
      this.diverted++;
      if (this.sim.now >= this.warmup) ward.diverted++;
      if (patient.arrivedInWindow) this.window.diverted++;
      if (this.patientEvents) this.logEvent(patient, "diverted", ward.id);
      if (patient.edVisit !== null) this.ed!.divertedAtDecision(this.endEdBoarding(patient));
      return;
    }
    patient.waitingFor = ward;
    if (patient.ward === null) {
      this.waitingForBed++;
      this.boarding.update(this.sim.now, this.waitingForBed);
      this.present.add(patient);
      ward.newPatientsWaiting++;
    }
    patient.bedTicket = ward.beds.seizeWithTicket(1, this.bedGranted, patient, patient.group.priority);
  }

  private readonly bedGranted = (patient: Patient): void => {
    const ward = patient.waitingFor!;
    if (patient.ward === null) {
      this.waitingForBed--;
      this.boarding.update(this.sim.now, this.waitingForBed);
      ward.newPatientsWaiting--;
    }
    patient.waitingFor = null;
    patient.bedTicket = -1;
    this.takeBed(patient, ward, false);
  };

  private takeBed(patient: Patient, ward: WardModel, outlier: boolean): void {
    const now = this.sim.now;
    const counted = now >= this.warmup;
    const firstBed = patient.ward === null;
    if (this.patientEvents) this.logEvent(patient, firstBed ? "admitted" : "transfer", ward.id);
    if (firstBed) {
      if (patient.edVisit !== null) this.ed!.bedGranted(this.endEdBoarding(patient));
      patient.admittedAt = now;
      this.present.add(patient);
      if (patient.arrivedInWindow) this.window.admitted++;
      if (counted) {
        const waited = now - patient.arrivalTime;
        this.metrics.recordTimeToBed(waited);
        ward.timeToBed.add(waited);
        this.metrics.admissionsDaily.add(now);
      }
    } else {
      this.leaveWard(patient);
    }
    patient.ward = ward;
    patient.wardSince = now;
    ward.changePatients(now, 1);
    if (counted) {
      ward.admissions++;
      if (outlier) ward.outlierAdmissions++;
    }
    if (firstBed) this.startDailyTasks(patient);
    if (firstBed && !this.runTasks(patient, "admission", ward, this.startTreatment)) return;
    this.startTreatment(patient);
  }

  /** Ward rounds: each daily task is asked for at its time of day until the patient is fit. */
  private startDailyTasks(patient: Patient): void {
    if (this.staff === null) return;
    const tasks = this.staff.tasksFor("daily", patient.group.id, patient.pathway);
    if (tasks.length === 0) return;
    for (const task of tasks) {
      const at = this.sim.now + ((task.time - this.sim.calendar.minuteOfDay(this.sim.now) + DAY) % DAY);
      this.sim.scheduleAt(at, this.dailyTask, { patient, task }, Priority.normal);
    }
  }

  private readonly dailyTask = (due: { patient: Patient; task: TaskModel }): void => {
    const { patient, task } = due;
    // The round stops once the patient is medically fit or has left.
    if (!Number.isNaN(patient.medicallyFitAt) || patient.ward === null || this.staff === null) return;
    this.staff.request(task, patient.ward, patient, ignoreTask);
    this.sim.schedule(DAY, this.dailyTask, due, Priority.normal);
  };

  private readonly startTreatment = (patient: Patient): void => {
    const stage = patient.group.stages[patient.stage]!;
    const drawn = stage.los.sample(stage.losStream);
    const factor = patient.activated ? patient.group.activation!.losFactor : 1;
    const los = factor === 1 ? drawn : drawn * factor;
    const push = this.preWeekend;
    if (push === null || patient.stage + 1 < patient.group.stages.length) {
      this.sim.schedule(los, this.endOfStage, patient);
      return;
    }
    const now = this.sim.now;
    this.sim.scheduleAt(push.endOfTreatment(now, now + los), this.endOfStage, patient);
  };

  /**
   * Asks staff for the tasks due at this point of the pathway; returns true when there are none
   * (carry on now), otherwise `then` runs once every task is done.
   */
  private runTasks(
    patient: Patient,
    point: "admission" | "medically-fit" | "discharge",
    ward: WardModel | null,
    then: (patient: Patient) => void,
  ): boolean {
    if (this.staff === null) return true;
    const tasks = this.staff.tasksFor(point, patient.group.id, patient.pathway);
    if (tasks.length === 0) return true;
    patient.pendingTasks = tasks.length;
    patient.afterTasks = then;
    for (const task of tasks) this.staff.request(task, ward, patient, this.taskDone);
    return false;
  }

  private readonly taskDone = (request: TaskRequest): void => {
    const patient = request.owner as Patient;
    if (--patient.pendingTasks === 0) {
      const then = patient.afterTasks!;
      patient.afterTasks = null;
      then(patient);
    }
  };

  /** The patient's bed on its current ward is left now; it is cleaned, then freed. */
  private leaveWard(patient: Patient): void {
    const ward = patient.ward!;
    const now = this.sim.now;
    patient.bedCost += ((now - patient.wardSince) / DAY) * ward.costPerOccupiedBedDay;
    ward.changePatients(now, -1);
    const cleaning = ward.turnaround.sample(ward.turnaroundStream);
    if (cleaning > 0) this.sim.schedule(cleaning, this.bedClean, ward, Priority.release);
    else ward.beds.release(1);
    patient.ward = null;
  }

  private readonly bedClean = (ward: WardModel): void => {
    ward.beds.release(1);
  };

  private readonly endOfStage = (patient: Patient): void => {
    const stages = patient.group.stages;
    if (patient.stage + 1 < stages.length) {
      patient.stage++;
      const next = stages[patient.stage]!.ward;
      // A next stage on the same ward keeps the same bed.
      if (next === patient.ward) this.startTreatment(patient);
      // Moving on: the current bed is kept until one is free on the next ward (or an outlier).
      else this.requestBed(patient, next);
    } else {
      this.treatmentEnded(patient);
    }
  };

  // --- admissions from the emergency department ------------------------------------------

  /** A decision to admit in ED: the patient asks for a bed like an emergency admission of its group. */
  admitFromEd(visit: EdVisit, group: GroupModel): void {
    const now = this.sim.now;
    const pathway = group.drawPathway(this.ed!.pathwayStream(group));
    const patient = new Patient(visit.id, group, now, pathway, false);
    patient.edVisit = visit;
    this.arrived++;
    if (now >= this.warmup) {
      patient.arrivedInWindow = true;
      this.window.arrivals++;
    }
    if (this.patientEvents) this.logEvent(patient, "arrival", "ed");
    this.edBoarders.set(visit, patient);
    this.requestBed(patient, group.stages[0]!.ward);
  }

  /** The boarder no longer waits in ED (bed granted or sent elsewhere); returns its attendance. */
  private endEdBoarding(patient: Patient): EdVisit {
    const visit = patient.edVisit!;
    this.edBoarders.delete(visit);
    patient.edVisit = null;
    return visit;
  }

  leaveBedQueue(visit: EdVisit): void {
    const patient = this.edBoarders.get(visit);
    const ward = patient?.waitingFor;
    if (patient === undefined || ward === null || ward === undefined) return;
    this.edBoarders.delete(visit);
    // Logged here, not in ED: the patient has a pathway now, and their bed request ends here.
    if (this.patientEvents) this.logEvent(patient, "left_before_bed", ward.id);
    ward.beds.cancelRequest(patient.bedTicket);
    patient.bedTicket = -1;
    patient.waitingFor = null;
    patient.edVisit = null;
    this.waitingForBed--;
    this.boarding.update(this.sim.now, this.waitingForBed);
    ward.newPatientsWaiting--;
    this.present.delete(patient);
    this.leftBeforeBed++;
    if (patient.arrivedInWindow) this.window.leftBeforeBed++;
  }

  escalateBedRequest(visit: EdVisit, priority: number): void {
    const patient = this.edBoarders.get(visit);
    const ward = patient?.waitingFor;
    if (patient === undefined || ward === null || ward === undefined) return;
    const ticket = ward.beds.reprioritise(patient.bedTicket, priority);
    // Moving up may have granted the bed at once.
    if (patient.waitingFor !== null) patient.bedTicket = ticket;
  }

  // --- elective surgery ------------------------------------------------------------------

  bedFree(ward: WardModel): boolean {
    return ward.beds.available > 0 && ward.beds.queueLength === 0;
  }

  admitSurgical(patient: Patient, ward: WardModel, stay: number): void {
    ward.beds.seize(1, this.bedGranted, patient);
    this.placeSurgical(patient, ward, stay);
  }

  /** A day case kept in overnight waits on its trolley for a bed like anyone else. */
  requestOvernightBed(request: OvernightRequest): void {
    const ward = request.route.ward;
    const priority = request.route.group.priority;
    if (ward.beds.seize(1, this.overnightBedGranted, request, priority) === "granted")
      this.overnightBedGranted(request);
  }

  private readonly overnightBedGranted = (request: OvernightRequest): void => {
    const group = request.route.group;
    const patient = new Patient(request.id, group, this.sim.now, group.drawPathway(), false);
    this.placeSurgical(patient, request.route.ward, request.stay);
    request.admitted(request);
  };

  private placeSurgical(patient: Patient, ward: WardModel, stay: number): void {
    const now = this.sim.now;
    this.electiveAdmissions++;
    if (now >= this.warmup) this.window.electiveAdmissions++;
    if (now >= this.warmup) this.metrics.electiveAdmissionsDaily.add(now);
    this.present.add(patient);
    patient.admittedAt = now;
    patient.ward = ward;
    patient.wardSince = now;
    ward.changePatients(now, 1);
    if (now >= this.warmup) ward.admissions++;
    if (this.patientEvents) this.logEvent(patient, "admitted", ward.id);
    this.sim.schedule(stay, this.endOfStage, patient);
  }

  // --- discharge -------------------------------------------------------------------------

  private treatmentEnded(patient: Patient): void {
    const now = this.sim.now;
    const declared = this.rounds === null ? now : this.rounds.next(now);
    if (declared > now) this.sim.scheduleAt(declared, this.medicallyFit, patient);
    else this.medicallyFit(patient);
  }

  private readonly medicallyFit = (patient: Patient): void => {
    const now = this.sim.now;
    patient.medicallyFitAt = now;
    if (this.patientEvents) this.logEvent(patient, "medically_fit", patient.ward?.id ?? "");
    this.noteReady(patient, this.calendarDay(now));
    patient.reasonSince = now;
    patient.reason = Reason.StaffTasks;
    if (!this.runTasks(patient, "medically-fit", patient.ward, this.planDischarge)) return;
    this.planDischarge(patient);
  };

  private readonly planDischarge = (patient: Patient): void => {
    const now = this.sim.now;
    if (patient.pathway === 0) {
      patient.enterReason(Reason.Leaving, now);
      this.sim.schedule(this.leavingDelay.sample(this.leavingStream), this.readyToLeave, patient);
    } else if (this.policy === "standard") {
      patient.enterReason(Reason.Assessment, now);
      this.assess(patient, this.assessment.standard);
    } else {
      this.arrangeService(patient);
    }
  };

  private assess(patient: Patient, model: AssessmentModel): void {
    if (model.assessors.seize(1, this.startAssessment, patient) === "granted") this.startAssessment(patient);
  }

  private readonly startAssessment = (patient: Patient): void => {
    const model = patient.ward === null ? this.assessment.d2a : this.assessment.standard;
    if (this.patientEvents) this.logEvent(patient, "assessment_start", this.assessmentPlace(patient));
    this.sim.schedule(model.duration.sample(model.stream), this.endAssessment, patient, Priority.release);
  };

  /** In hospital, the patient's ward; after a D2A discharge, the service they went to ("" if none). */
  private assessmentPlace(patient: Patient): string {
    return patient.ward?.id ?? patient.service?.id ?? "";
  }

  private readonly endAssessment = (patient: Patient): void => {
    const inHospital = patient.ward !== null;
    const model = inHospital ? this.assessment.standard : this.assessment.d2a;
    model.assessors.release(1);
    if (this.patientEvents) this.logEvent(patient, "assessment_end", this.assessmentPlace(patient));
    if (this.sim.now >= this.warmup) {
      if (inHospital) this.metrics.assessments.standard++;
      else this.metrics.assessments.d2a++;
    }
    if (inHospital) this.arrangeService(patient);
    else this.decideDestination(patient);
  };

  /** Arranging the package (start delay), then asking the service for a place. */
  private arrangeService(patient: Patient): void {
    const service = this.serviceFor[this.policy][patient.pathway]!;
    patient.service = service;
    patient.enterReason(patient.pathway as Reason, this.sim.now);
    const delay = service.startDelay.sample(service.startDelayStream);
    if (delay > 0) this.sim.schedule(delay, this.askForPlace, patient);
    else this.askForPlace(patient);
  }

  private readonly askForPlace = (patient: Patient): void => {
    if (patient.service!.request(patient, this.readyToLeave)) this.readyToLeave(patient);
  };

  private readonly readyToLeave = (patient: Patient): void => {
    patient.enterReason(Reason.StaffTasks, this.sim.now);
    if (this.runTasks(patient, "discharge", patient.ward, this.leaveWhenAllowed))
      this.leaveWhenAllowed(patient);
  };

  private readonly leaveWhenAllowed = (patient: Patient): void => {
    const now = this.sim.now;
    const at = this.timing.next(now);
    if (at > now) {
      patient.enterReason(Reason.DischargeTiming, now);
      this.sim.scheduleAt(at, this.leave, patient);
    } else {
      this.leave(patient);
    }
  };

  private readonly leave = (patient: Patient): void => {
    const now = this.sim.now;
    patient.closeReason(now);
    const ward = patient.ward!;
    if (this.patientEvents) this.logEvent(patient, "depart", ward.id);
    this.leaveWard(patient);
    this.discharged++;
    this.fitInBeds--;
    if (patient.readyDay === this.readyToday.day) this.readyToday.count--;
    this.present.delete(patient);
    const service = patient.service;
    if (service !== null) this.startFirstService(patient, service);
    if (patient.pathway > 0 && this.policy === "d2a") this.assess(patient, this.assessment.d2a);
    if (now >= this.warmup) {
      patient.spellCounted = true;
      let delay = 0;
      for (let r = 0; r < patient.delays.length; r++) delay += patient.delays[r]!;
      ward.delayedMinutes += delay;
      const assessmentCost = patient.pathway > 0 ? this.assessment[this.policy].cost : 0;
      const serviceCost = service !== null ? (patient.lengthOfSupport / DAY) * service.costPerDay : 0;
      const today = this.calendarDay(now);
      this.metrics.recordSpell(
        patient,
        now,
        {
          weekday: this.sim.calendar.dayOfWeek(now),
          hour: this.sim.calendar.hourOfDay(now),
          daysAfterAdmission: today - this.calendarDay(patient.admittedAt),
          daysAfterReady: today - patient.readyDay,
        },
        patient.bedCost + assessmentCost + serviceCost,
      );
    }
    const base = patient.group.readmission[this.policy][patient.pathway]!;
    const p = patient.activated ? base * patient.group.activation!.readmissionFactor : base;
    // One draw per discharge whatever p is, so a rate changed on one pathway (or 0 on one
    // policy) leaves the draws for every other discharge where they were.
    if (patient.group.readmissionStream.uniform() < p) {
      const at = now + patient.group.readmissionTimeStream.uniform() * READMISSION_WINDOW;
      if (at <= this.end) {
        this.sim.scheduleAt(at, this.readmit, patient.group, Priority.seize);
        if (now >= this.warmup) this.metrics.readmissionsByPathway[patient.pathway]!++;
      }
    }
  };

  // --- community: the first service, then onward ------------------------------------------

  /**
   * The first service's support starts as the patient leaves. Two steps come before any onward
   * move: the support ending, and the destination being decided (at once under standard
   * discharge, where the in-hospital assessment has decided; by the D2A assessment otherwise).
   */
  private startFirstService(patient: Patient, service: CommunityServiceModel<Patient>): void {
    this.setStage(patient, CommunityStage.FirstService);
    if (this.patientEvents) this.logEvent(patient, "community_referred", service.id);
    patient.stepsBeforeOnward = 2;
    const split = this.onward[this.policy].split?.[patient.pathway];
    if (split !== undefined && split.home < 1 && service.kind === "beds") patient.heldPlace = service;
    if (this.policy === "standard") this.decideDestination(patient);
    this.beginSupport(patient, service);
  }

  private decideDestination(patient: Patient): void {
    const onward = this.onward[this.policy];
    let destination = Destination.Home;
    if (onward.split !== null) {
      const split = onward.split[patient.pathway]!;
      const u = onward.stream.uniform();
      if (u >= split.home && split.package + split.careHome > 0) {
        destination =
          u < split.home + split.package || split.careHome === 0 ? Destination.Package : Destination.CareHome;
      }
    }
    patient.destination = destination;
    if (this.sim.now >= this.warmup) this.metrics.onwardDecided[patient.pathway]![destination]!++;
    // Going home: a community bed is left when its stay ends, not kept.
    if (destination === Destination.Home && patient.community === CommunityStage.FirstService)
      patient.heldPlace = null;
    this.onwardStepDone(patient);
  }

  /** Every support start goes through here, census placeholders' too, so each end has its start. */
  private beginSupport(patient: Patient, service: CommunityServiceModel<Patient>): void {
    if (this.patientEvents) this.logEvent(patient, "community_start", service.id);
    service.startSupport(patient);
  }

  private readonly supportEnded = (patient: Patient): void => {
    // The service whose support ended: an onward service is only set once both steps are done.
    if (this.patientEvents) this.logEvent(patient, "community_end", patient.service!.id);
    if (patient.community === CommunityStage.Onward) {
      this.setStage(patient, CommunityStage.Done);
    } else if (patient.community === CommunityStage.FirstService) {
      if (patient.heldPlace !== null) patient.heldSince = this.sim.now;
      if (patient.stepsBeforeOnward > 1) this.setStage(patient, CommunityStage.AwaitingDecision);
      this.onwardStepDone(patient);
    }
  };

  private onwardStepDone(patient: Patient): void {
    if (--patient.stepsBeforeOnward > 0) return;
    if (patient.destination === Destination.Home) {
      this.releaseHeldPlace(patient);
      this.setStage(patient, CommunityStage.Done);
      return;
    }
    const service = this.onward[this.policy].services[patient.destination]!;
    this.setStage(patient, CommunityStage.WaitingOnward);
    patient.onwardReadyAt = this.sim.now;
    patient.service = service;
    const delay = service.startDelay.sample(service.onwardStartDelayStream);
    if (delay > 0) this.sim.schedule(delay, this.askForOnwardPlace, patient);
    else this.askForOnwardPlace(patient);
  }

  private readonly askForOnwardPlace = (patient: Patient): void => {
    if (patient.service!.request(patient, this.onwardGranted)) this.onwardGranted(patient);
    else patient.onwardQueued = true;
  };

  private readonly onwardGranted = (patient: Patient): void => {
    const now = this.sim.now;
    const inBed = patient.heldPlace !== null;
    this.releaseHeldPlace(patient);
    const service = patient.service!;
    if (now >= this.warmup)
      this.metrics.recordOnwardStart(
        patient.destination,
        inBed,
        now - patient.onwardReadyAt,
        patient.onwardQueued,
      );
    this.setStage(patient, CommunityStage.Onward);
    this.beginSupport(patient, service);
    if (patient.spellCounted)
      this.metrics.addLaterCost(patient, (patient.lengthOfSupport / DAY) * service.costPerDay);
  };

  /** Leaves a community bed kept after support ended; the days kept join the spell's cost. */
  private releaseHeldPlace(patient: Patient): void {
    const held = patient.heldPlace;
    if (held === null) return;
    if (patient.spellCounted)
      this.metrics.addLaterCost(patient, ((this.sim.now - patient.heldSince) / DAY) * held.costPerDay);
    held.releaseHeld(patient);
  }

  private setStage(patient: Patient, stage: CommunityStage): void {
    this.communityStages[patient.community]!--;
    this.communityStages[stage]!++;
    patient.community = stage;
  }

  // --- discharge-ready snapshot -------------------------------------------------------------

  /** Calendar day (0 = the start date) of a simulated time. */
  calendarDay(time: number): number {
    return Math.floor((time + this.dayOffset) / DAY);
  }

  private noteReady(patient: Patient, day: number): void {
    patient.readyDay = day;
    this.fitInBeds++;
    if (day !== this.readyToday.day) {
      this.readyToday.day = day;
      this.readyToday.count = 0;
    }
    this.readyToday.count++;
  }

  /**
   * NHS England counts patients still in hospital after their discharge-ready date (the day they
   * stopped meeting the criteria to reside); the daily sitrep takes its bed figures at 08:00.
   * So at 08:00 each day: medically fit patients in a bed who became fit on an earlier day. Every
   * delay counts once it crosses midnight (waiting for assessment, a service, staff, transport,
   * discharge hours or the weekend); delays ending the day the patient became fit never do.
   */
  private readonly readySnapshot = (): void => {
    const now = this.sim.now;
    const today = this.calendarDay(now);
    const past = this.fitInBeds - (this.readyToday.day === today ? this.readyToday.count : 0);
    if (now >= this.warmup) this.metrics.recordReadySnapshot(past, this.patientsInBeds());
    if (now + DAY <= this.end) this.sim.schedule(DAY, this.readySnapshot, undefined, SNAPSHOT_PRIORITY);
  };

  // --- warm-up, initial state and the end of the run ------------------------------------

  private readonly endWarmup = (): void => {
    const now = this.sim.now;
    for (const ward of this.wards) {
      ward.beds.resetStatistics();
      ward.occupancy.reset(now);
      ward.dailyOccupancy.update(now, ward.patients);
      ward.admissions = 0;
      ward.outlierAdmissions = 0;
      ward.diverted = 0;
      ward.timeToBed.reset();
      ward.delayedMinutes = 0;
    }
    for (const service of this.services) service.resetStatistics();
    this.staff?.resetStatistics();
    this.dayUnits?.resetStatistics();
    this.assessment.standard.assessors.resetStatistics();
    this.assessment.d2a.assessors.resetStatistics();
    this.boarding.reset(now);
    this.ed?.openWindow();
    this.openWindow();
  };

  private readonly markLastWeek = (): void => {
    const now = this.sim.now;
    this.lastWeekMark = {
      at: now,
      wards: this.wards.map((w) => w.beds.queueLevel.integral(now)),
      services: this.services.map((s) => s.waiting.integral(now)),
    };
  };

  /** Who is already in when the reporting window opens: they are "in at start", not arrivals. */
  private openWindow(): void {
    this.atWindowStart.inBeds = this.patientsInBeds();
    this.atWindowStart.waitingForBed = this.waitingForBed;
  }

  private finishSeries(): void {
    const now = this.sim.now;
    this.staff?.finishStatistics();
    for (const ward of this.wards) {
      if (now > ward.dailyOccupancy.startTime) ward.dailyOccupancy.finish(now);
    }
  }

  /** Patients already in hospital or community services at time zero ("start from today"). */
  private placeInitialState(): void {
    const initial = this.scenario.initialState;
    if (initial === undefined) return;
    this.placeCensus(initial);
    const sim = this.sim;
    // The initial state has streams of its own: how many patients it holds never shifts the
    // stays, support lengths or anything else drawn for patients who arrive during the run.
    const stream = sim.random.get("initial-state/ward");
    const communityStream = sim.random.get("initial-state/community");
    const wardById = new Map(this.wards.map((w) => [w.id, w]));
    const groupById = new Map(this.groups.map((g) => [g.id, g]));
    for (const entry of initial.wards) {
      const ward = wardById.get(entry.ward)!;
      const group = groupById.get(entry.group)!;
      const stageIndex = group.stages.findIndex((s) => s.ward === ward);
      const stage = group.stages[stageIndex]!;
      const stayedDist = entry.daysStayed === undefined ? undefined : fromSpec(entry.daysStayed);
      const losStream = sim.random.get(`initial-state/los/${group.id}/${stageIndex}`);
      for (let i = 0; i < entry.patients && this.initialStateRoom(); i++) {
        // Remaining treatment: a full stay conditioned on exceeding the time already stayed
        // (by rejection), or, when that is not given, a uniform fraction of a full stay.
        let stayed: number;
        let remaining: number;
        if (stayedDist !== undefined) {
          stayed = stayedDist.sample(stream);
          let los = stage.los.sample(losStream);
          for (let tries = 0; los <= stayed && tries < 100; tries++) los = stage.los.sample(losStream);
          remaining = Math.max(0, los - stayed);
        } else {
          const los = stage.los.sample(losStream);
          const fraction = stream.uniform();
          stayed = los * fraction;
          remaining = los - stayed;
        }
        const patient = this.newInitialPatient(group, -stayed, group.drawPathway(stream));
        patient.stage = stageIndex;
        if (this.placeInBed(patient, ward)) sim.schedule(remaining, this.endOfStage, patient);
      }
    }
    for (const entry of initial.community) {
      const service = this.services.find((s) => s.id === entry.service)!;
      const pathway = this.pathwayServedBy(service);
      for (let i = 0; i < entry.inService && this.initialStateRoom(); i++) {
        // Someone already supported: a place for the rest of a package (a uniform fraction).
        // Beyond the service's capacity they wait for a place like anyone else (and are warned of).
        const placeholder = new Patient(this.nextPatientId++, this.groups[0]!, 0, pathway, false);
        placeholder.service = service;
        const fraction = communityStream.uniform();
        if (service.request(placeholder, this.startInitialSupport, communityStream)) {
          placeholder.lengthOfSupport *= fraction;
          this.beginSupport(placeholder, service);
        } else {
          this.initialOverflow++;
        }
      }
      const waiting = entry.waitingInWard;
      if (waiting !== undefined) {
        const ward = wardById.get(waiting.ward)!;
        const group = groupById.get(waiting.group)!;
        for (let i = 0; i < waiting.patients && this.initialStateRoom(); i++) {
          const patient = this.newInitialPatient(group, 0, pathway);
          patient.stage = group.stages.length - 1;
          if (!this.placeInBed(patient, ward)) continue;
          patient.medicallyFitAt = 0;
          // Already waiting at the start: past their discharge-ready date.
          this.noteReady(patient, this.calendarDay(0) - 1);
          patient.reasonSince = 0;
          patient.service = service;
          patient.enterReason(pathway as Reason, 0);
          if (service.request(patient, this.readyToLeave, communityStream)) this.readyToLeave(patient);
        }
      }
    }
  }

  /**
   * Census patients one by one (initialState.patients and caseloads): each with the time already
   * stayed or supported, the rest of a stay drawn conditioned on exceeding it (by rejection, as
   * for the counted initial state), medically fit patients going straight to discharge planning.
   * Streams of their own, so a census never shifts the draws of patients arriving during the run.
   */
  private placeCensus(initial: NonNullable<Scenario["initialState"]>): void {
    if (!initial.patients?.length && !initial.caseloads?.length) return;
    const sim = this.sim;
    const pathwayStream = sim.random.get("census/pathway");
    const supportStream = sim.random.get("census/community");
    for (const entry of initial.patients ?? []) {
      if (!this.initialStateRoom()) break;
      const ward = this.wards.find((w) => w.id === entry.ward)!;
      const group = this.groups.find((g) => g.id === entry.group)!;
      const stageIndex = group.stages.findIndex((s) => s.ward === ward);
      const patient = this.newInitialPatient(
        group,
        -entry.stayed,
        entry.pathway ?? group.drawPathway(pathwayStream),
      );
      if (entry.medicallyFit) {
        patient.stage = group.stages.length - 1;
        if (this.placeInBed(patient, ward)) sim.schedule(0, this.medicallyFit, patient);
        continue;
      }
      patient.stage = stageIndex;
      const stage = group.stages[stageIndex]!;
      const losStream = sim.random.get(`census/los/${group.id}/${stageIndex}`);
      let los = stage.los.sample(losStream);
      for (let tries = 0; los <= entry.stayed && tries < 100; tries++) los = stage.los.sample(losStream);
      if (this.placeInBed(patient, ward))
        sim.schedule(Math.max(0, los - entry.stayed), this.endOfStage, patient);
    }
    for (const entry of initial.caseloads ?? []) {
      if (!this.initialStateRoom()) break;
      const service = this.services.find((s) => s.id === entry.service)!;
      const placeholder = new Patient(
        this.nextPatientId++,
        this.groups[0]!,
        0,
        this.pathwayServedBy(service),
        false,
      );
      placeholder.service = service;
      if (!service.request(placeholder, this.startInitialSupport, supportStream)) {
        this.initialOverflow++;
        continue;
      }
      let length = placeholder.lengthOfSupport;
      for (let tries = 0; length <= entry.supported && tries < 100; tries++)
        length = service.lengthOfSupport.sample(supportStream);
      placeholder.lengthOfSupport = Math.max(0, length - entry.supported);
      this.beginSupport(placeholder, service);
    }
  }

  private readonly startInitialSupport = (placeholder: Patient): void => {
    this.beginSupport(placeholder, placeholder.service!);
  };

  private newInitialPatient(group: GroupModel, admittedAt: number, pathway = group.drawPathway()): Patient {
    const patient = new Patient(this.nextPatientId++, group, admittedAt, pathway, false);
    patient.admittedAt = admittedAt;
    this.initialPatients++;
    return patient;
  }

  /**
   * Puts an initial patient straight into a bed. When the ward is already full the patient
   * waits for a bed like a new arrival (and then has a full stay); the run warns about it.
   */
  private placeInBed(patient: Patient, ward: WardModel): boolean {
    if (ward.beds.available > 0) {
      ward.beds.seize(1, this.bedGranted, patient);
      patient.ward = ward;
      patient.wardSince = this.sim.now;
      ward.changePatients(this.sim.now, 1);
      this.present.add(patient);
      // Without warm-up the window opens on the initial state; counted as placed, because some
      // (fit and with a place ready) leave before the clock first moves.
      if (this.warmup === 0) this.atWindowStart.inBeds++;
      this.startDailyTasks(patient);
      return true;
    }
    this.initialOverflow++;
    this.requestBed(patient, ward);
    // An outlier bed, or a wait; one turned away at once (no room to wait) was never in at start.
    if (this.warmup === 0 && patient.ward !== null) this.atWindowStart.inBeds++;
    else if (this.warmup === 0 && patient.waitingFor !== null) this.atWindowStart.waitingForBed++;
    return false;
  }

  private pathwayServedBy(service: CommunityServiceModel<Patient>): number {
    for (const policy of [this.policy, this.policy === "d2a" ? "standard" : "d2a"] as const) {
      const k = this.serviceFor[policy].indexOf(service, 1);
      if (k > 0) return k;
    }
    return 1;
  }

  /** Patients in beds now (all wards). */
  patientsInBeds(): number {
    let n = 0;
    for (const ward of this.wards) n += ward.patients;
    return n;
  }
}

const ignoreTask = (): void => {};
