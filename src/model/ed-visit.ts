/** One attendance at the emergency department, carried through it as the argument of every event. */

/** Where a visit is: waiting or being seen at a stage, boarding, or gone (and how it left). */
export enum EdStage {
  WaitingTriage = 0,
  Triage = 1,
  WaitingCubicle = 2,
  Treatment = 3,
  Boarding = 4,
  Gone = 5,
}

/** How a visit ended; index into the outcome counters. */
export enum EdExit {
  LeftBeforeTriage = 0,
  LeftBeforeSeen = 1,
  Home = 2,
  Sdec = 3,
  Admitted = 4,
  LeftBeforeBed = 5,
  /** Decided to admit, but the ward's bed queue had no room (sent to another hospital). */
  Diverted = 6,
}
export const ED_EXITS = [
  "leftBeforeTriage",
  "leftBeforeSeen",
  "home",
  "sdec",
  "admitted",
  "leftBeforeBed",
  "diverted",
] as const;

/** What the visit holds while it boards: nothing, a cubicle, or a corridor space. */
export enum EdSpace {
  None = 0,
  Cubicle = 1,
  Corridor = 2,
}

export class EdVisit {
  /** The patient's id in the hospital's one id space (kept if admitted). */
  id = 0;
  readonly arrivalAt: number;
  /** Index of the mode of arrival (walk-in, ambulance). */
  readonly mode: number;
  readonly inWindow: boolean;
  stage = EdStage.WaitingTriage;
  space = EdSpace.None;
  priority: number;
  /** Drawn at arrival, so a visit's needs are the same in every variant (common random numbers). */
  triageTime = 0;
  treatmentTime = 0;
  /** 0 home, 1 SDEC, 2 admit. */
  outcome = 0;
  patience = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
  /** Ticket of the waiting request (cubicle or triage) for withdrawal and escalation; -1 none. */
  ticket = -1;
  /** When the current wait began. */
  waitingSince = 0;
  decidedAt = Number.NaN;
  escalated = false;

  constructor(arrivalAt: number, mode: number, priority: number, inWindow: boolean) {
    this.arrivalAt = arrivalAt;
    this.mode = mode;
    this.priority = priority;
    this.inWindow = inWindow;
  }
}
