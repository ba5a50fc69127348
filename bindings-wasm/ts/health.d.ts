/** What a factor of deal health measures (see docs/deal-health.md). */
export type FactorCode = "meddpicc_metrics" | "meddpicc_economic_buyer" | "meddpicc_decision_criteria" | "meddpicc_decision_process" | "meddpicc_paper_process" | "meddpicc_identified_pain" | "meddpicc_champion" | "meddpicc_competition" | "economic_buyer_access" | "predicted_support" | "opponent_influence" | "single_threaded" | "key_player_trust" | "key_player_not_met" | "no_power" | "champion_ghosted" | "champion_untested" | "stage_ahead_of_evidence" | "stalled_in_stage" | "competitive_position" | "response_modes";

/** Where a deal stands. */
export type HealthStatus = "critical" | "at_risk" | "healthy";

/** A MEDDPICC element. */
export type MeddpiccElement = "metrics" | "economic_buyer" | "decision_criteria" | "decision_process" | "paper_process" | "identified_pain" | "champion" | "competition";

/** Points at stake per factor (a factor with value x moves the score by weight·x). */
export interface FactorWeights {
  meddpiccMetrics?: number;
  meddpiccEconomicBuyer?: number;
  meddpiccDecisionCriteria?: number;
  meddpiccDecisionProcess?: number;
  meddpiccPaperProcess?: number;
  meddpiccIdentifiedPain?: number;
  meddpiccChampion?: number;
  meddpiccCompetition?: number;
  economicBuyerAccess?: number;
  predictedSupport?: number;
  opponentInfluence?: number;
  singleThreaded?: number;
  keyPlayerTrust?: number;
  keyPlayerNotMet?: number;
  noPower?: number;
  championGhosted?: number;
  championUntested?: number;
  stageAheadOfEvidence?: number;
  stalledInStage?: number;
  competitivePosition?: number;
  responseModes?: number;
}

/** The rules of deal health, merged over the core's defaults. */
export interface DealHealthConfig {
  /** The score before any factor (default 50). */
  base?: number;
  weights?: FactorWeights;
  /** A score at or above this is `healthy` (default 65). */
  healthyAt?: number;
  /** At or above this (below `healthyAt`) is `at_risk`, below it `critical` (default 40). */
  atRiskAt?: number;
  chain?: ChainConfig;
  competition?: CompetitionConfig;
  /** Formal authority from which a stakeholder has power (default 0.7). */
  powerMinAuthority?: number;
  /** Days within which someone with power must have been met (default 60). */
  powerDays?: number;
  /** Days of silence after which the champion counts as ghosted (default 30). */
  ghostedDays?: number;
  /** Expected days in each stage, by stage key. */
  stageNormDays?: Record<string, number>;
  /** Expected days in a stage not listed (default 60). */
  defaultStageNormDays?: number;
  /** How many actions to suggest (default 3). */
  actions?: number;
}

/** One factor of a deal's health and why. */
export interface Factor {
  code: FactorCode;
  /** The signed points it adds to the raw score (weight × value). */
  impact: number;
  /** How far it holds, in -1..1 (+1 helps the deal). */
  value: number;
  weight: number;
  /** The stakeholders it is about. */
  ids: string[];
  /** Why, in English, naming people by name (their ids are in `ids`). */
  reason: string;
  /** Why, in Chinese. */
  reasonZh: string;
}

/** A suggested next step. */
export interface Action {
  /** The factor it would repair. */
  code: FactorCode;
  /** Points it would recover at most. */
  gain: number;
  stakeholder: string | null;
  pillar: Pillar | null;
  element: MeddpiccElement | null;
  /** What to do, in English, naming people by name (the id is in `stakeholder`). */
  action: string;
  /** What to do, in Chinese. */
  actionZh: string;
}

/** The health of one opportunity. */
export interface DealHealth {
  account: string;
  opportunity: string;
  name: string;
  asOf: string;
  /** 0..100. */
  score: number;
  /** Base plus every impact, before clamping to 0..100. */
  rawScore: number;
  status: HealthStatus;
  /** Largest impact first. */
  factors: Factor[];
  actions: Action[];
  /** Factor code → value in -1..1. */
  values: Record<string, number>;
}

/** A factor that lost points across a portfolio. */
export interface FactorTally {
  code: FactorCode;
  /** Deals where it lost points. */
  deals: number;
  /** Points it lost over those deals (≤ 0). */
  totalImpact: number;
}

/** Deal health across a portfolio (`portfolioDealHealth`). */
export interface PortfolioHealth {
  /** Every deal, worst score first. */
  deals: DealHealth[];
  /** The factors that hurt, most often first (then by points lost). */
  commonFactors: FactorTally[];
  /** Deals per status: critical, at risk, healthy. */
  counts: [number, number, number];
}

/** One past deal for `calibrate`: its factor values and whether it was won. */
export interface Outcome {
  /** Factor code (`meddpicc_champion`, as in `DealHealth.values`) → value in -1..1; a factor left out counts 0. */
  values: Record<string, number>;
  won: boolean;
}

/** Settings of `calibrate` (every field optional). */
export interface CalibrationConfig {
  /** Fewest outcomes to fit on (default 40). */
  minOutcomes?: number;
  /** Fewest won and fewest lost outcomes (default 10). */
  minPerClass?: number;
  /** Cross-validation folds behind the held-out AUC (default 5). */
  folds?: number;
  /** Ridge penalty on the coefficients (default 0.01). */
  ridge?: number;
  maxIterations?: number;
  tolerance?: number;
  /** Score points per unit of log-odds (default 25). */
  pointsPerLogit?: number;
}

/** Factor weights fitted to past outcomes. */
export interface Calibration {
  intercept: number;
  /** Factor code → fitted log-odds coefficient. */
  coefficients: Record<string, number>;
  /** The health rules with the fitted weights, ready for `dealHealth`. */
  config: DealHealthConfig;
  /** Held-out (cross-validated) area under the ROC curve. */
  auc: number;
  trainingAuc: number;
  logLikelihood: number;
  /** Outcomes used, won, lost. */
  outcomes: [number, number, number];
}
