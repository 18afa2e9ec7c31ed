/**
 * Everyone still in hospital when the run ends: in a bed (a stay not yet over) or waiting for
 * one (a wait not yet over). Their stays and waits are right-censored at the end of the run;
 * figures that leave them out improve whenever patients fail to finish, so the summary adds
 * them back with the time they have had so far.
 */
import { HOUR } from "../engine/time.js";
import type { Hospital } from "./hospital.js";
import { DELAY_REASONS } from "./patient.js";

export interface UnfinishedPatients {
  inBeds: number;
  /** In a bed and medically fit: their discharge is delayed, and still is at the end. */
  inBedsPastMedicallyFit: number;
  /** Minutes in hospital so far, summed over those in beds (from admission to the end). */
  staySoFarMinutes: number;
  waitingForBed: number;
  /** Of those waiting, the ones who arrived in the reporting window (after warm-up). */
  waitingArrivedInWindow: number;
  /** Minutes waited so far, summed over those waiting for a bed. */
  waitSoFarMinutes: number;
  waitingOver4h: number;
  waitingOver12h: number;
  /** Minutes of delayed discharge so far, by reason, over those in beds. */
  delayMinutes: Float64Array;
}

export function unfinishedPatients(hospital: Hospital): UnfinishedPatients {
  const now = hospital.sim.now;
  const census: UnfinishedPatients = {
    inBeds: 0,
    inBedsPastMedicallyFit: 0,
    staySoFarMinutes: 0,
    waitingForBed: 0,
    waitingArrivedInWindow: 0,
    waitSoFarMinutes: 0,
    waitingOver4h: 0,
    waitingOver12h: 0,
    delayMinutes: new Float64Array(DELAY_REASONS.length),
  };
  for (const patient of hospital.present) {
    if (patient.ward !== null) {
      census.inBeds++;
      census.staySoFarMinutes += now - patient.admittedAt;
      if (Number.isNaN(patient.medicallyFitAt)) continue;
      census.inBedsPastMedicallyFit++;
      for (let r = 0; r < DELAY_REASONS.length; r++) census.delayMinutes[r]! += patient.delays[r]!;
      // The reason the patient is in now has not been closed yet.
      census.delayMinutes[patient.reason]! += now - patient.reasonSince;
    } else {
      census.waitingForBed++;
      if (patient.arrivedInWindow) census.waitingArrivedInWindow++;
      // Initial-state patients carry their time already stayed as a negative arrival time; as
      // waiters they have waited since the run began.
      const waited = now - Math.max(0, patient.arrivalTime);
      census.waitSoFarMinutes += waited;
      if (waited > 4 * HOUR) census.waitingOver4h++;
      if (waited > 12 * HOUR) census.waitingOver12h++;
    }
  }
  return census;
}
