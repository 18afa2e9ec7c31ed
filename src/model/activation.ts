/**
 * Patient activation (self-management support, health coaching): a share of a group's patients
 * is activated, and an activated patient has fewer emergency admissions, shorter stays and fewer
 * readmissions, each by a multiplier the scenario gives with its source. Fewer admissions are
 * made by thinning the group's arrivals (its own arrival draws are unchanged), so a scenario
 * without activation runs exactly as before and one with it keeps common random numbers.
 */
import type { RandomStream } from "../engine/random.js";
import type { Simulation } from "../engine/simulation.js";
import type { Activation } from "../scenario/schema.js";

export const ArrivalOutcome = { NotActivated: 0, Activated: 1, Avoided: 2 } as const;
export type ArrivalOutcome = (typeof ArrivalOutcome)[keyof typeof ArrivalOutcome];

export class ActivationModel {
  readonly share: number;
  /** Chance that an activated patient's admission still happens (≤ 1: thinning). */
  readonly demandFactor: number;
  readonly losFactor: number;
  readonly readmissionFactor: number;
  private readonly arrivalStream: RandomStream;
  private readonly avoidedStream: RandomStream;
  private readonly readmittedStream: RandomStream;
  /** Emergency admissions avoided by activation, in the reporting window. */
  avoided = 0;

  constructor(sim: Simulation, groupId: string, activation: Activation) {
    this.share = activation.share;
    this.demandFactor = Math.min(1, activation.emergencyDemand?.factor ?? 1);
    this.losFactor = activation.lengthOfStay?.factor ?? 1;
    this.readmissionFactor = activation.readmission?.factor ?? 1;
    this.arrivalStream = sim.random.get(`activation/${groupId}`);
    this.avoidedStream = sim.random.get(`activation-avoided/${groupId}`);
    this.readmittedStream = sim.random.get(`activation-readmitted/${groupId}`);
  }

  /** For a new emergency arrival: activated or not, and whether activation avoided the admission. */
  drawArrival(): ArrivalOutcome {
    // Both draws every time, so changing the share or the factor moves no other patient's draws.
    const activated = this.arrivalStream.uniform() < this.share;
    const avoided = this.avoidedStream.uniform() >= this.demandFactor;
    if (!activated) return ArrivalOutcome.NotActivated;
    return avoided ? ArrivalOutcome.Avoided : ArrivalOutcome.Activated;
  }

  /** For a readmission (the same kind of patient, drawn apart so policies keep their draws). */
  drawReadmitted(): boolean {
    return this.readmittedStream.uniform() < this.share;
  }
}

export interface ActivationFigures {
  group: string;
  share: number;
  /** Emergency admissions that activation avoided in the window (not among the arrivals). */
  avoidedAdmissions: number;
  emergencyDemandFactor: number;
  lengthOfStayFactor: number;
  readmissionFactor: number;
}

/** One row per group with activation; undefined when no group has it. */
export function activationFigures(
  groups: readonly { id: string; activation: ActivationModel | null }[],
): ActivationFigures[] | undefined {
  const rows = groups.flatMap((g) =>
    g.activation === null
      ? []
      : [
          {
            group: g.id,
            share: g.activation.share,
            avoidedAdmissions: g.activation.avoided,
            emergencyDemandFactor: g.activation.demandFactor,
            lengthOfStayFactor: g.activation.losFactor,
            readmissionFactor: g.activation.readmissionFactor,
          },
        ],
  );
  return rows.length > 0 ? rows : undefined;
}
