/** Authority by role, used where a stakeholder has no explicit `authority` (each in [0, 1]). */
export interface RoleAuthority {
  /** Default 1. */
  economicBuyer?: number;
  /** Default 0.7. */
  decisionMaker?: number;
  /** Default 0.5. */
  technicalBuyer?: number;
  /** Default 0.3. */
  purchaser?: number;
  /** Default 0.2. */
  userBuyer?: number;
  /** Default 0. */
  influencer?: number;
  /** Default 0. */
  coach?: number;
  /** Default 0. */
  champion?: number;
  /** Default 0. */
  gatekeeper?: number;
}

/** Who counts as a key player in the decision chain. */
export interface KeyPlayerRule {
  /** Roles that make their holder a key player (default economic_buyer, decision_maker, technical_buyer). */
  roles?: Role[];
  /** The most influential `topN` stakeholders are key players (default 5). */
  topN?: number;
  /** Anyone with at least this share of decision influence is a key player (default 0.05). */
  minShare?: number;
}

/** When betweenness centrality is computed: never, always, on maps up to a size, or
 * estimated from a sample of that many source stakeholders. */
export type BetweennessMode = "off" | "exact" | { up_to: number } | { sampled: number };

/**
 * Every tunable number of the decision-chain analysis. Every field is optional:
 * what is given is merged over the defaults (see `defaultChainConfig()`).
 */
export interface ChainConfig {
  roleAuthority?: RoleAuthority;
  /** Openness of a stakeholder without an explicit one (default 0.5). */
  defaultOpenness?: number;
  /** Strength of the implied influence edge manager → report (default 0.6; 0 = none). */
  managerToReport?: number;
  /** Strength of the implied influence edge report → manager (default 0.3; 0 = none). */
  reportToManager?: number;
  /** Whether the implied org-chart edges also carry access paths (default true). */
  orgChartAccess?: boolean;
  /** Error bound at which the influence iterations stop (default 1e-10). */
  tolerance?: number;
  /** Iteration cap; past it the analysis fails with `not_converged` (default 10,000). */
  maxIterations?: number;
  /** Who counts as a key player (also what `keyPlayersOnly` pictures draw). */
  keyPlayers?: KeyPlayerRule;
  /** Fewer disjoint access paths than this to a key player raises `single_threaded` (default 2). */
  minThreads?: number;
  /** Alternative access paths `alternativePaths` gives beside the best one (default 2). */
  alternatives?: number;
  /** Threads are counted up to this many (default 5). */
  threadCap?: number;
  /** Days without interaction after which a key relationship is stale (default 60). */
  staleDays?: number;
  /** A stance at or below this is an opponent (default −1). */
  opponentMaxStance?: number;
  /** An opponent with at least this decision influence raises a flag (default 0.10). */
  opponentMinInfluence?: number;
  /** How many next best contacts to keep (default 10). */
  nextBestLimit?: number;
  /** The analysis date; absent or null = the latest dated item in the map. */
  asOf?: string | null;
  /** When to compute betweenness centrality (default: only on maps up to a size, `{ up_to: n }`). */
  betweenness?: BetweennessMode;
  /** The trust scoring that gives our relationship ties (each pair weighs its composite / 100). */
  trust?: TrustConfig;
  /** The sales-stage model behind the `stage_ahead_of_evidence` flag (default: `defaultStageModel()`). */
  stageModel?: StageModel;
}

/** The stable code of a red flag. */
export type FlagCode = "no_economic_buyer" | "economic_buyer_not_covered" | "no_coach" | "single_threaded" | "high_influence_opponent" | "unknown_stance_key_player" | "stale_key_relationship" | "stage_ahead_of_evidence" | "key_player_changed" | "contact_departed";
/** How serious a red flag is. */
export type Severity = "info" | "warning" | "critical";

/** What is wrong or risky about our position in the account. */
export interface RedFlag {
  code: FlagCode;
  severity: Severity;
  /** The stakeholder ids involved (the opportunity id for `stage_ahead_of_evidence`). */
  ids: string[];
  /** One line saying why, naming people by name (the id follows only between namesakes). */
  reason: string;
}

/** A path from one of our team members to a stakeholder. */
export interface AccessPath {
  /** The team member the path starts from. */
  member: string;
  /** The stakeholders along the path, the last one the target. */
  stakeholders: string[];
  /** Product of the edge weights along the path, in (0, 1]. */
  reliability: number;
}

/** A stakeholder worth winning over next, and how to reach them. */
export interface NextBestContact {
  id: string;
  /** influence · (1 − stance/5) · reliability of the best path. */
  gain: number;
  influence: number;
  stance: number | null;
  path: AccessPath;
}

/** A key player: someone whose position decides the deal. */
export interface KeyPlayer {
  id: string;
  influence: number;
  roles: Role[];
  stance: number | null;
  /** Our strongest tie to them, in [0, 1]. */
  tie: number;
  /** Vertex-disjoint access paths from our team (counted up to `threadCap`). */
  threads: number;
  /** Stakeholders on every access path to them, nearest first. */
  brokers: string[];
}

/** A stakeholder on every access path from our team to at least one key player. */
export interface Broker {
  id: string;
  keyPlayers: string[];
}

/** How much of the decision we reach through our own relationships. */
export interface Coverage {
  /** Share of decision influence held by covered stakeholders, in [0, 1]. */
  share: number;
  threshold: number;
  covered: number;
  /** Key players we do not cover, most influential first. */
  uncoveredKeyPlayers: string[];
}

/** One stakeholder's share of the decision. */
export interface Influencer {
  id: string;
  influence: number;
  authority: number;
  stance: number | null;
  predictedStance: number;
}

/** How long a summary is; every field optional. */
export interface SummaryLengths {
  /** Default 5. */
  topInfluencers?: number;
  /** Default 3. */
  nextBestContacts?: number;
}

/** The headline of a decision chain. */
export interface ChainSummary {
  account: string;
  asOf: string | null;
  stakeholders: number;
  topInfluencers: Influencer[];
  predictedSupport: number;
  coverage: Coverage;
  redFlags: RedFlag[];
  nextBestContacts: NextBestContact[];
}

/** A stakeholder whose stance changed between two snapshots. */
export interface StanceChange {
  id: string;
  before: number | null;
  after: number | null;
}

/** A stakeholder whose roles changed. */
export interface RoleChange {
  id: string;
  added: Role[];
  removed: Role[];
}

/** A stakeholder whose manager changed. */
export interface ReportsToChange {
  id: string;
  before: string | null;
  after: string | null;
}

/** A relation whose strength, direction or notes changed. */
export interface RelationChange {
  before: Relation;
  after: Relation;
}

/** What changed between two snapshots of one account. */
export interface MapDiff {
  added: string[];
  removed: string[];
  stanceChanges: StanceChange[];
  roleChanges: RoleChange[];
  reportsToChanges: ReportsToChange[];
  relationsAdded: Relation[];
  relationsRemoved: Relation[];
  relationsChanged: RelationChange[];
}
