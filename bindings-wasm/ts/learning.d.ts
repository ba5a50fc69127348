/** How perceptions are merged: `"intersection"`, `"union"`, `{ share: 0.5 }`, `"las_and"`, `"las_or"`. */
export type MergeRule = "intersection" | "union" | "las_and" | "las_or" | { share: number };
export type StanceRule = "median" | "mean";

/** Options of `mergePerceptions`. */
export interface MergeConfig {
  chain?: ChainConfig;
  /** Perceiver id → their stakeholder id, for the LAS rules. */
  perceivers?: Record<string, string>;
  stance?: StanceRule;
  roleShare?: number;
  minStanceRange?: number;
}

/** One perceiver against the consensus. */
export interface PerceiverAccuracy {
  perceiver: string;
  people: number;
  drawn: number;
  consensus: number;
  agreed: number;
  precision: number | null;
  recall: number | null;
  correlation: number | null;
  stanceError: number | null;
  stancesCompared: number;
}

export interface StanceReading {
  perceiver: string;
  stance: number;
}

export interface ManagerVote {
  manager: string | null;
  perceivers: string[];
}

/** A disagreement between perceivers and the share of the decision it decides. */
export type Dispute = ({ kind: "tie"; source: string; target: string; relation: RelationKind; drawnBy: string[]; notDrawnBy: string[]; kept: boolean } | { kind: "stance"; id: string; readings: StanceReading[]; consensus: number | null } | { kind: "role"; id: string; role: Role; givenBy: string[]; notGivenBy: string[]; kept: boolean } | { kind: "reports_to"; id: string; votes: ManagerVote[] }) & { atStake: number; supportShift: number };

/** A stakeholder's decision influence on the consensus and its range across perceptions. */
export interface InfluenceRange {
  id: string;
  consensus: number;
  min: number;
  max: number;
  spread: number;
  perceivers: number;
}

export interface SupportRange {
  consensus: number;
  min: number;
  max: number;
}

/** A tie nobody the rule asks could judge (left out of the consensus). */
export interface UnjudgedTie {
  source: string;
  target: string;
  relation: RelationKind;
  drawnBy: string[];
}

export interface MergedPerceptions {
  map: RelationshipMap;
  rule: MergeRule;
  perceivers: string[];
  accuracy: PerceiverAccuracy[];
  disputes: Dispute[];
  influence: InfluenceRange[];
  support: SupportRange;
  unjudged: UnjudgedTie[];
}

/** One snapshot of an account's history. */
export interface Snapshot {
  at: string;
  map: RelationshipMap;
}

/** Options of `fitOpenness` and `opennessHoldout`. */
export interface OpennessFitConfig {
  chain?: ChainConfig;
  /** Also fit one factor on the explicit relation strengths (default false). */
  rescale?: boolean;
  maxOpenness?: number;
  maxScale?: number;
}

/** Options of `simulateHistory`. */
export interface SimulationConfig {
  steps?: number;
  /** Standard deviation of the noise, in stance points (default 0). */
  noise?: number;
  seed?: number;
  intervalDays?: number;
  start?: string;
  chain?: ChainConfig;
}

export type EstimateStatus = "fitted" | "at_bound" | "no_signal" | "no_observations";

export interface OpennessEstimate {
  id: string;
  openness: number | null;
  stdError: number | null;
  unbounded: number | null;
  status: EstimateStatus;
  observations: number;
  prejudice: number | null;
}

export interface ScaleEstimate {
  value: number;
  stdError: number;
  atBound: boolean;
}

export interface OpennessFit {
  account: string;
  snapshots: number;
  people: OpennessEstimate[];
  strengthScale: ScaleEstimate | null;
  observations: number;
  parameters: number;
  residualSd: number;
}

export interface PredictedStance {
  id: string;
  last: number | null;
  predicted: number | null;
  openness: number;
  fitted: boolean;
}

export interface HeldOutStance {
  id: string;
  previous: number;
  predicted: number;
  actual: number;
}

export interface OpennessHoldout {
  fit: OpennessFit;
  stances: HeldOutStance[];
  rmse: number;
  mae: number;
  baselineRmse: number;
}

/** A key that makes stakeholders of different accounts one person. */
export type IdentityKey = "stakeholder_id" | "email" | { crm_id: string };

export interface PersonRef {
  account: string;
  stakeholder: string;
}

export interface SamePerson {
  first: PersonRef;
  second: PersonRef;
}

/** Options of `PortfolioNetwork`. */
export interface NetworkConfig {
  identity?: IdentityKey[];
  links?: SamePerson[];
  identityWeight?: number;
  chain?: ChainConfig;
}

/** One person's place in one account. */
export interface Appearance {
  account: string;
  stakeholder: string;
  name: string;
  title: string | null;
  roles: Role[];
  stance: number | null;
  firstSeen: string | null;
  lastSeen: string | null;
}

export interface Person {
  key: string;
  /** Indices into `appearances`. */
  appearances: number[];
}

export interface MemberTie {
  member: string;
  account: string;
  stakeholder: string;
  person: string;
  strength: number;
}

export interface PathStep {
  account: string;
  stakeholder: string;
  person: string;
  samePerson: boolean;
}

export interface WarmPath {
  member: string;
  steps: PathStep[];
  reliability: number;
  viaAccounts: string[];
}

/** A person who left one account and turned up in another. */
export interface PersonMove {
  person: string;
  name: string;
  from: PersonRef;
  to: PersonRef;
  leftAfter: string;
  seenSince: string;
  rolesBefore: Role[];
  stanceBefore: number | null;
  rolesAfter: Role[];
  ourTie: number;
  bestMember: string | null;
}
