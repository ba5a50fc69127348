/** An account placed on the classification matrix's two axes. */
export interface AccountPoint {
  id: string;
  /** Position on the value axis (x). */
  value: number;
  /** Position on the relationship axis (y). */
  relationship: number;
}

/** Where an axis is cut into low and high: the median, a quantile in 0..1, or a fixed value. */
export type Threshold = "median" | { quantile: number } | { fixed: number };
/** The four quadrants of the classification matrix. */
export type Quadrant = "strategic" | "develop" | "maintain" | "monitor";

/** What a quadrant means for the accounts in it. */
export interface QuadrantPolicy {
  label: string;
  localLabel?: string;
  strategy: string;
  /** Resource priority, 1 = served first. */
  priority: number;
}

/** The classification matrix's axes, cuts and quadrant policies; every field optional. */
export interface ClassificationConfig {
  valueAxis?: string;
  relationshipAxis?: string;
  valueThreshold?: Threshold;
  relationshipThreshold?: Threshold;
  strategic?: QuadrantPolicy;
  develop?: QuadrantPolicy;
  maintain?: QuadrantPolicy;
  monitor?: QuadrantPolicy;
}

/** One account's place on the matrix. */
export interface ClassifiedAccount {
  id: string;
  value: number;
  relationship: number;
  quadrant: Quadrant;
  label: string;
  strategy: string;
  priority: number;
  /** Place in the resource order, 1-based. */
  rank: number;
}

/** The customer classification matrix (客户分类矩阵). */
export interface ClassificationMatrix {
  valueThreshold: number;
  relationshipThreshold: number;
  /** The accounts, in input order. */
  accounts: ClassifiedAccount[];
}

/** Options of the competition matrix; every field optional. */
export interface CompetitionConfig {
  /** Our own key in the opportunity's vendor scores (default "us"). */
  ourVendor?: string;
  /** Totals closer than this count as tied. */
  tieTolerance?: number;
}

/** Where the stakeholders' weights in the overall total came from. */
export type InfluenceSource = "given" | "equal";

/** One decision criterion in the competition matrix. */
export interface CriterionRow {
  criterion: string;
  name: string | null;
  /** Its weight in the overall total (the weights sum to 1). */
  weight: number;
  /** Vendor → score. */
  scores: Record<string, number>;
  /** The vendors with the best score on it. */
  best: string[];
}

/** One vendor's standing. */
export interface VendorStanding {
  vendor: string;
  total: number;
  rank: number;
  preferredBy: number;
  preferenceShare: number;
}

/** One stakeholder's view of the vendors. */
export interface StakeholderView {
  stakeholderId: string;
  influence: number;
  /** Criterion → weight (summing to 1). */
  weights: Record<string, number>;
  /** Vendor → total by their weights. */
  totals: Record<string, number>;
  preferred: string[];
}

/** A criterion where we trail. */
export interface CriterionGap {
  criterion: string;
  weight: number;
  ourScore: number;
  rivalScore: number;
  gap: number;
  weightedGap: number;
}

/** The competition matrix (商业竞争矩阵) of one opportunity. */
export interface CompetitionMatrix {
  opportunityId: string;
  ourVendor: string;
  influenceSource: InfluenceSource;
  criteria: CriterionRow[];
  vendors: VendorStanding[];
  stakeholders: StakeholderView[];
  ourRank: number;
  leader: string;
  rival: string | null;
  /** The criteria where we trail the most, largest weighted gap first. */
  trailing: CriterionGap[];
}
