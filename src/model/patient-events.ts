/**
 * A hook for a patient-level event log: the hospital calls the sink, when one is given, at each
 * step of a patient's way through. With no sink the hospital pays one undefined check a step.
 * The sink decides where events go (a file, a test's array); the model knows nothing of files.
 */

export const PATIENT_EVENTS = [
  "arrival",
  "bed_requested",
  "admitted",
  "transfer",
  "diverted",
  "medically_fit",
  "depart",
  "community_referred",
  "assessment_start",
  "assessment_end",
  "community_start",
  "community_end",
  "listed",
  "surgery_start",
  "surgery_end",
  "surgery_cancelled",
  "ed_arrival",
  "triage_start",
  "seen",
  "decision_to_admit",
  "ed_discharged",
  "left_before_triage",
  "left_before_seen",
  "left_before_bed",
] as const;
export type PatientEventName = (typeof PATIENT_EVENTS)[number];

export interface PatientEvent {
  /** Simulation minutes since run.start. */
  time: number;
  patient: number;
  group: string;
  /**
   * Discharge pathway 0–3 (drawn at arrival). An elective patient's is drawn at surgery, so their
   * listed and cancelled events, and a day case's, carry 0; so do ED events before a decision to admit.
   */
  pathway: number;
  event: PatientEventName;
  /** Ward, community service or theatre id ("" for none). */
  place: string;
}

export interface PatientEventSink {
  record(event: PatientEvent): void;
}
