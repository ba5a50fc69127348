/** A buying role a stakeholder plays in the decision. */
export type Role = "economic_buyer" | "decision_maker" | "technical_buyer" | "user_buyer" | "influencer" | "purchaser" | "coach" | "champion" | "gatekeeper";
/** What a relation between two stakeholders means. */
export type RelationKind = "influences" | "ally" | "conflict" | "informs";
/** Which way a relation runs. */
export type Direction = "forward" | "both";
/** How an interaction took place. */
export type Channel = "visit" | "meeting" | "meal_or_event" | "phone" | "email" | "social";
/** Who started an interaction. */
export type Initiator = "us" | "them";
/** One of the four pillars of trust. */
export type Pillar = "relationship" | "professional" | "expertise" | "sincerity";

/** The customer account a map is about. */
export interface Account {
  id: string;
  name: string;
  industry?: string;
  region?: string;
  employees?: number;
  revenue?: number;
  segment?: string;
  tags?: string[];
}

/** A person at the customer, as the map stores it. */
export interface Stakeholder {
  id: string;
  name: string;
  title?: string;
  department?: string;
  /** The id of this person's manager. */
  reportsTo?: string;
  roles?: Role[];
  /** Formal decision power in [0, 1]; absent = the role default. */
  authority?: number;
  /** How much others sway this person, in [0, 1); absent = the configured default. */
  openness?: number;
  /** Attitude toward us, −5..+5; absent = unknown. */
  stance?: number;
  /** Attitude toward each competitor, by competitor key. */
  stanceToward?: Record<string, number>;
  concerns?: string[];
  needs?: string[];
  preferredChannel?: Channel;
  /** Email addresses (contact keys the importers match on). */
  emails?: string[];
  /** The person's id in each source system (source name → id). */
  crmIds?: Record<string, string>;
}

/** A stakeholder to add or update: the stored fields, `name` optional (default ""). */
export type StakeholderInput = Omit<Stakeholder, "name"> & { name?: string };

/** A relation between two stakeholders, as the map stores it. */
export interface Relation {
  source: string;
  target: string;
  kind: RelationKind;
  /** Absent = "forward". */
  direction?: Direction;
  /** In (0, 1]. */
  strength: number;
  notes?: string;
}

/** A relation to add: `kind` optional (default "influences"), `strength` optional (default 1). */
export type RelationInput = Omit<Relation, "kind" | "strength"> & { kind?: RelationKind; strength?: number };

/** One of our sellers, engineers or executives. */
export interface TeamMember {
  id: string;
  name: string;
  role?: string;
  title?: string;
  /** Email addresses (contact keys the importers match on). */
  emails?: string[];
  /** The member's id in each source system (source name → id). */
  crmIds?: Record<string, string>;
}

/** A team member to add: `name` optional (default ""). */
export type TeamMemberInput = Omit<TeamMember, "name"> & { name?: string };

/**
 * One contact between our team and stakeholders. Times are RFC 3339 strings
 * (`2026-03-01T09:30:00Z`) or dates (`2026-03-01`, midnight UTC).
 */
export interface Interaction {
  id: string;
  at: string;
  channel: Channel;
  /** Our people who took part (at least one). */
  members: string[];
  /** Their people who took part (at least one). */
  stakeholders: string[];
  /** Absent = "us". */
  initiatedBy?: Initiator;
  /** How it went, −1..+1. */
  sentiment?: number;
  notes?: string;
}

/** A promise we made: kept on time, late, broken (due passed, not delivered) or pending. */
export interface CommitmentEvidence {
  kind: "commitment";
  id: string;
  /** When it was promised. */
  at: string;
  member: string;
  stakeholder: string;
  due: string;
  /** Absent = not (yet) delivered. */
  delivered?: string;
  description?: string;
}

/** A sign of our expertise (or lack of it) seen by the stakeholder. */
export interface ExpertiseSignalEvidence {
  kind: "expertise_signal";
  id: string;
  at: string;
  member: string;
  stakeholder: string;
  positive: boolean;
  description?: string;
}

/** A sign of sincerity: acting in their interest, or pushing our own. */
export interface SincerityEventEvidence {
  kind: "sincerity_event";
  id: string;
  at: string;
  member: string;
  stakeholder: string;
  positive: boolean;
  description?: string;
}

/** A rep's own rating of one pillar, 1..10. */
export interface AssessmentEvidence {
  kind: "assessment";
  id: string;
  at: string;
  member: string;
  stakeholder: string;
  pillar: Pillar;
  rating: number;
}

/** A piece of trust evidence between one of our people and one stakeholder. */
export type Evidence = CommitmentEvidence | ExpertiseSignalEvidence | SincerityEventEvidence | AssessmentEvidence;

/** A milestone an opportunity reached, and when. */
export interface Milestone {
  key: string;
  at: string;
}

/** A decision criterion with each stakeholder's weight on it. */
export interface Criterion {
  id: string;
  name?: string;
  /** Stakeholder id → weight. */
  weights?: Record<string, number>;
}

/** A MEDDPICC element's grade: red = unknown or against us, yellow = partly known, green = confirmed. */
export type Grade = "red" | "yellow" | "green";

/** A MEDDPICC element with a grade only (decision criteria, competition). */
export interface Qualified {
  grade: Grade;
  description?: string;
  /** The stakeholder who confirmed it. */
  confirmedBy?: string;
  confirmedAt?: string;
}

/** Metrics: the measurable gain the customer expects. */
export interface Metrics {
  grade: Grade;
  /** The quantified gain, in the customer's terms. */
  value?: number;
  description?: string;
  confirmedBy?: string;
  confirmedAt?: string;
}

/** A MEDDPICC element that names a person (economic buyer, identified pain). */
export interface PersonElement {
  grade: Grade;
  /** The stakeholder id. */
  stakeholder?: string;
  description?: string;
  confirmedBy?: string;
  confirmedAt?: string;
}

/** The champion: a stakeholder who sells for us inside, `tested` once they have acted on it. */
export interface ChampionElement {
  grade: Grade;
  stakeholder?: string;
  tested?: boolean;
  description?: string;
  confirmedBy?: string;
  confirmedAt?: string;
}

/** One step of the decision or paper process. */
export interface ProcessStep {
  name: string;
  /** The stakeholder id who owns the step. */
  owner?: string;
  date?: string;
  confirmed?: boolean;
}

/** The decision process or the paper process, with its steps. */
export interface ProcessElement {
  grade: Grade;
  steps?: ProcessStep[];
  description?: string;
  confirmedBy?: string;
  confirmedAt?: string;
}

/** The MEDDPICC qualification of an opportunity (each element optional). */
export interface Meddpicc {
  metrics?: Metrics;
  economicBuyer?: PersonElement;
  decisionCriteria?: Qualified;
  decisionProcess?: ProcessElement;
  paperProcess?: ProcessElement;
  identifiedPain?: PersonElement;
  champion?: ChampionElement;
  competition?: Qualified;
}

/** A Blue Sheet buying role. */
export type BuyingRole = "economic" | "user" | "technical" | "coach";

/** A Blue Sheet response mode: growth and trouble are receptive to a change. */
export type ResponseMode = "growth" | "trouble" | "even_keel" | "overconfident";

/** A stakeholder as a Blue Sheet buying influence on one deal. */
export interface BuyingInfluence {
  stakeholder: string;
  roles?: BuyingRole[];
  responseMode?: ResponseMode;
  /** The personal wins this person looks for. */
  winResults?: string[];
}

/** A deal in flight. */
export interface Opportunity {
  id: string;
  name: string;
  amount?: number;
  competitors?: string[];
  /** The stage the rep declares in the CRM. */
  declaredStage?: string;
  milestones?: Milestone[];
  criteria?: Criterion[];
  /** Vendor key ("us" for ourselves) → criterion id → score. */
  vendorScores?: Record<string, Record<string, number>>;
  /** The MEDDPICC qualification (new in `relmap/2`). */
  meddpicc?: Meddpicc;
  /** Stakeholders as Blue Sheet buying influences (new in `relmap/2`). */
  buyingInfluences?: BuyingInfluence[];
}
