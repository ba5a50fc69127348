/** Weight of one interaction per channel. */
export interface ChannelWeights {
  /** Default 3. */
  visit?: number;
  /** Default 3. */
  meeting?: number;
  /** Default 2. */
  mealOrEvent?: number;
  /** Default 1. */
  phone?: number;
  /** Default 0.5. */
  email?: number;
  /** Default 0.3. */
  social?: number;
}

/** Weights of the composite trust score (default 1 each). */
export interface PillarWeights {
  relationship?: number;
  professional?: number;
  expertise?: number;
  sincerity?: number;
}

/** Credit of each commitment outcome. */
export interface CommitmentCredit {
  /** Default 1. */
  onTime?: number;
  /** Default 0.5. */
  late?: number;
  /** Default 0. */
  broken?: number;
}

/**
 * Every number of the trust scoring. Every field is optional: what is given is
 * merged over the defaults (see `defaultTrustConfig()`).
 */
export interface TrustConfig {
  /** Half-life of every piece of evidence, in days (default 90). */
  halfLifeDays?: number;
  channelWeights?: ChannelWeights;
  /** Factor on an interaction the stakeholder initiated (default 1.5). */
  initiatedByThem?: number;
  /** An interaction with sentiment x counts 1 + sentimentFactor·x times (default 0.5). */
  sentimentFactor?: number;
  /** Relationship trust is 100·(1 − e^(−E/relationshipSaturation)) (default 6). */
  relationshipSaturation?: number;
  /** Beta prior α (default 1). */
  priorAlpha?: number;
  /** Beta prior β (default 1). */
  priorBeta?: number;
  commitmentCredit?: CommitmentCredit;
  /** Confidence is n/(n + confidenceK) (default 3). */
  confidenceK?: number;
  /** Share of a rep's assessment when blended with evidence (default 0.5). */
  assessmentWeight?: number;
  /** Units of evidence an assessment adds to a pillar's confidence (default 1). */
  assessmentEvidence?: number;
  pillarWeights?: PillarWeights;
  /** Composite thresholds of the four upper levels (default 20, 40, 60, 80). */
  levelThresholds?: [number, number, number, number];
  /** Minimum composite confidence of the four upper levels (default 0.05, 0.15, 0.3, 0.45):
   * a level is earned by its threshold, its confidence and, above acquaintance, evidence on every pillar. */
  levelMinConfidence?: [number, number, number, number];
  /** A stakeholder is covered when our best earned composite with them reaches this
   * (default 50); the decision chain covers a tie of at least this / 100. */
  coverageThreshold?: number;
  /** Roles that make a stakeholder a key contact of the trust report. */
  keyContactRoles?: Role[];
  /** How many evidence items to report per pillar (default 5). */
  topEvidence?: number;
}

/** The trust ladder, from no evidence to strategic partner. */
export type TrustLevel = "stranger" | "acquaintance" | "credible_supplier" | "trusted_advisor" | "strategic_partner";
/** What kind of record a piece of evidence is. */
export type EvidenceSource = "interaction" | "commitment" | "expertise_signal" | "sincerity_event" | "assessment";
/** Where a commitment stood at the scoring time. */
export type CommitmentOutcome = "on_time" | "late" | "broken";

/** One piece of evidence and how much it moved a pillar. */
export interface EvidenceContribution {
  id: string;
  source: EvidenceSource;
  at: string;
  /** Its weight after time decay (0 for an assessment). */
  weight: number;
  /** Points of the pillar score it accounts for (negative when it lowered trust). */
  impact: number;
  /** For a commitment, its outcome. */
  outcome?: CommitmentOutcome;
}

/** One pillar's score for one pair (or a team view). */
export interface PillarScore {
  /** 0..100. */
  score: number;
  /** 0..1. */
  confidence: number;
  /** The score from evidence alone; null when no evidence counted. */
  evidenceScore: number | null;
  /** The latest assessment mapped to 0..100; null when there is none. */
  assessmentScore: number | null;
  evidenceCount: number;
  evidenceWeight: number;
  /** The items that moved the score most. */
  evidence: EvidenceContribution[];
}

/** Trust between one team member and one stakeholder (or the team view when `member` is null). */
export interface TrustScore {
  stakeholder: string;
  member: string | null;
  relationship: PillarScore;
  professional: PillarScore;
  expertise: PillarScore;
  sincerity: PillarScore;
  /** Weighted mean of the four scores, 0..100. */
  composite: number;
  /** Weighted mean of the four confidences, 0..1. */
  confidence: number;
  /** The level earned: composite threshold, minimum confidence, evidence on every pillar above acquaintance. */
  level: TrustLevel;
  /** The composite limited to the top of the earned level's band (what coverage and the chain's ties use). */
  earned: number;
  weakest: Pillar;
  /** What evidence would raise the weakest pillar. */
  suggestion: string;
  hasEvidence: boolean;
}

/** Which team member's pair supplied each pillar of a team view. */
export interface PillarSources {
  relationship: string | null;
  professional: string | null;
  expertise: string | null;
  sincerity: string | null;
}

/** Our team's trust with one stakeholder. */
export interface StakeholderTrust {
  stakeholder: string;
  /** Holds a key-contact role. */
  keyContact: boolean;
  /** The best pair. */
  best: TrustScore;
  /** The team's combined view. */
  team: TrustScore;
  teamSources: PillarSources;
  /** Every pair with evidence, highest composite first. */
  pairs: TrustScore[];
}

/** How well our trust covers the account's key contacts. */
export interface TrustCoverage {
  threshold: number;
  keyContacts: string[];
  covered: string[];
  uncovered: string[];
  /** covered / keyContacts; null when the account has no key contact. */
  share: number | null;
}

/** Trust on one account at one time. */
export interface TrustReport {
  account: string;
  asOf: string;
  /** One entry per stakeholder, in map order. */
  stakeholders: StakeholderTrust[];
  coverage: TrustCoverage;
  /** The account's relationship strength, 0..100: the key players' mean best composite
   * (one without evidence counts 0; everyone's when there is no key player). The
   * relationship axis of `classify`. */
  relationshipStrength: number;
}
