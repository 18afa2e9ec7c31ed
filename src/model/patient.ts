/** One patient's spell, carried through the pathway as the argument of every event. */
import { type CommunityServiceModel, CommunityStage } from "./community.js";
import type { EdVisit } from "./ed-visit.js";
import type { GroupModel } from "./group.js";
import type { WardModel } from "./ward.js";

/** Why a medically fit patient is still in an acute bed (bed-days lost to delay). */
export const DELAY_REASONS = [
  "assessment",
  "p1Service",
  "p2Service",
  "p3Service",
  "dischargeTiming",
  "leaving",
  "staffTasks",
] as const;
export type DelayReason = (typeof DELAY_REASONS)[number];
export const DELAY_REASON_LABELS: Record<DelayReason, string> = {
  assessment: "for in-hospital assessment",
  p1Service: "for a pathway 1 service (home support)",
  p2Service: "for a pathway 2 service (rehab or step-down bed)",
  p3Service: "for a pathway 3 service (care home bed)",
  dischargeTiming: "for discharge hours or the weekend",
  leaving: "for medicines, transport, letters (pathway 0)",
  staffTasks: "for staff tasks (senior review, discharge medicines)",
};

export enum Reason {
  Assessment = 0,
  P1Service = 1,
  P2Service = 2,
  P3Service = 3,
  DischargeTiming = 4,
  Leaving = 5,
  StaffTasks = 6,
}

/** Where a patient goes when the first community service ends (decided by the assessment). */
export enum Destination {
  Undecided = -1,
  Home = 0,
  Package = 1,
  CareHome = 2,
}
export const DESTINATIONS = ["home", "package", "careHome"] as const;
export type DestinationName = (typeof DESTINATIONS)[number];

export { CommunityStage };
export const COMMUNITY_STAGES = 6;

function noDelays(): number[] {
  return [0, 0, 0, 0, 0, 0, 0];
}
if (noDelays().length !== DELAY_REASONS.length) throw new Error("noDelays() must list every delay reason");

export class Patient {
  readonly id: number;
  readonly group: GroupModel;
  readonly arrivalTime: number;
  readonly pathway: number;
  readonly readmission: boolean;
  /** Arrived during the reporting window (after warm-up): counted in its arrivals. */
  arrivedInWindow = false;
  /** The emergency department attendance this admission came from, while it boards; else null. */
  edVisit: EdVisit | null = null;
  /** The waiting bed request's ticket (for withdrawal and escalation); -1 when none. */
  bedTicket = -1;
  stage = 0;
  ward: WardModel | null = null;
  /** When the patient got a bed on the current ward. */
  wardSince = 0;
  admittedAt = Number.NaN;
  medicallyFitAt = Number.NaN;
  /** Time of entering the current delay reason. */
  reasonSince = 0;
  reason: Reason = Reason.Assessment;
  /**
   * Minutes of delay by reason (indexed by Reason). A plain array: a patient is made at every
   * arrival, and a Float64Array (an ArrayBuffer behind a view) took most of a patient's making.
   */
  readonly delays: number[] = noDelays();
  /** Acute bed cost so far (pounds), over every ward of the spell. */
  bedCost = 0;
  /** The ward whose bed the patient is waiting for, if any. */
  waitingFor: WardModel | null = null;
  /** The community service that takes the patient after discharge (pathways 1–3). */
  service: CommunityServiceModel<Patient> | null = null;
  lengthOfSupport = 0;
  community: CommunityStage = CommunityStage.None;
  destination: Destination = Destination.Undecided;
  /** Steps still to finish before the onward move: the first support, and (D2A) the assessment. */
  stepsBeforeOnward = 0;
  /** The community bed kept while waiting for the onward place (beds are not left empty). */
  heldPlace: CommunityServiceModel<Patient> | null = null;
  /** When the patient became ready for the onward place. */
  onwardReadyAt = 0;
  /** When support ended for a patient keeping the community bed (held days are costed). */
  heldSince = 0;
  /** Whether the onward service had no room when first asked (a wait for capacity). */
  onwardQueued = false;
  /** Calendar day of becoming medically fit: the discharge-ready date (NaN until then). */
  readyDay = Number.NaN;
  /** Whether the spell was counted (ended after warm-up): later community costs join it. */
  spellCounted = false;
  /** Staff tasks still to finish before the patient's flow goes on, and what then. */
  pendingTasks = 0;
  afterTasks: ((patient: Patient) => void) | null = null;
  /** Supported to self-manage (patient activation): shorter stays, fewer readmissions. */
  activated = false;

  constructor(id: number, group: GroupModel, arrivalTime: number, pathway: number, readmission: boolean) {
    this.id = id;
    this.group = group;
    this.arrivalTime = arrivalTime;
    this.pathway = pathway;
    this.readmission = readmission;
  }

  /** Starts counting delay against `reason` from now. */
  enterReason(reason: Reason, now: number): void {
    this.closeReason(now);
    this.reason = reason;
    this.reasonSince = now;
  }

  closeReason(now: number): void {
    if (!Number.isNaN(this.medicallyFitAt)) this.delays[this.reason]! += now - this.reasonSince;
    this.reasonSince = now;
  }
}
