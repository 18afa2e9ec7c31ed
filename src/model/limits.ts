/**
 * Guards that end a run whose queues grow without limit (demand above capacity) before it
 * exhausts memory or time. A scenario may set each under `run:`; otherwise the defaults below
 * scale with the hospital's size, so a stable scenario never meets them while an overloaded one
 * stops within seconds with its figures so far and a reason that says why.
 *
 * Memory: each patient held costs a few hundred bytes (the object, its delay tally, a queue
 * entry), so the largest defaults (200,000 waiting, 500,000 pending events) keep a run well under
 * 1 GB whatever the arrival rate. Time: the event limit's default, 20 million events, is about
 * 40 years of a 720-bed acute medical take and under a minute at the model's speed.
 */
import type { Scenario } from "../scenario/schema.js";

export interface RunLimits {
  maxEvents: number;
  /** Patients waiting at once, anywhere (a bed, an assessment, a community place, staff). */
  maxWaiting: number;
  maxPendingEvents: number;
}

const WAITING_PER_PLACE = 20;
const WAITING_BOUNDS = [1_000, 200_000] as const;
const PENDING_PER_PLACE = 20;
const PENDING_BOUNDS = [20_000, 500_000] as const;

/** Beds (at their most) and community places: the number of patients the hospital can hold. */
export function placesIn(scenario: Scenario): number {
  let places = 0;
  for (const ward of scenario.wards) {
    places += Math.max(ward.beds, ...(ward.bedSchedule ?? []).map((b) => b.beds));
    // One ward's dated ranges never overlap, so its largest escalation is the most it adds.
    const dated = (scenario.calendar?.beds ?? []).filter((b) => b.ward === ward.id).map((b) => b.change);
    places += Math.max(0, ...dated);
  }
  for (const service of scenario.community) places += service.capacity;
  return places;
}

export function runLimits(scenario: Scenario): RunLimits {
  const places = placesIn(scenario);
  return {
    maxEvents: scenario.run.maxEvents,
    maxWaiting: scenario.run.maxWaiting ?? clamp(WAITING_PER_PLACE * places, WAITING_BOUNDS),
    maxPendingEvents:
      scenario.run.maxPendingEvents ?? clamp(PENDING_BOUNDS[0] + PENDING_PER_PLACE * places, PENDING_BOUNDS),
  };
}

function clamp(x: number, [low, high]: readonly [number, number]): number {
  return Math.min(high, Math.max(low, Math.round(x)));
}
