/** A milestone a stage model defines. */
export interface MilestoneDef {
  key: string;
  description?: string;
}

/** One stage of a stage model. */
export interface StageDef {
  key: string;
  name: string;
  localName?: string;
  /** Milestone keys that must all be reached to enter the stage. */
  entryCriteria?: string[];
  /** Recommended goals for customer visits in this stage. */
  visitGoals?: string[];
  /** Probability of winning a deal in this stage, in 0..1. */
  winProbability: number;
  /** The path stage this one follows. */
  after?: string;
  /** An off-path, terminal stage (e.g. `closed_lost`). */
  offPath?: boolean;
}

/** What to do with a milestone an opportunity records but the model does not define. */
export type UnknownMilestones = "report" | "reject";

/** A sales-stage model: milestones and stages (see `defaultStageModel()`). */
export interface StageModel {
  milestones: MilestoneDef[];
  stages: StageDef[];
  unknownMilestones?: UnknownMilestones;
}

/** Where an opportunity stands according to its evidence. */
export interface StageAssessment {
  opportunityId: string;
  /** The identified stage key. */
  stage: string;
  stageName: string;
  /** The furthest path stage reached. */
  pathStage: string;
  enteredAt: string | null;
  nextStage: string | null;
  /** Entry criteria of the next stage not reached yet. */
  missingForNext: string[];
  unknownMilestones: string[];
  outOfOrder: string[];
  /** Recommended visit goals for the identified stage. */
  visitGoals: string[];
  winProbability: number;
  weightedAmount: number | null;
  declaredStage: string | null;
  /** The declared stage is ahead of the evidence. */
  aheadOfEvidence: boolean;
}
