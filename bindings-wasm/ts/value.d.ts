/** The time unit of recency, T and durations. */
export type TimeUnit = "day" | "week" | "month";

/** Options of `rfmSummary`. */
export interface RfmSummaryOptions {
  /** The calibration end (RFC 3339 or `YYYY-MM-DD`); its whole UTC day counts. */
  asOf: string;
  /** Default "week". */
  unit?: TimeUnit;
  /** The end of an optional holdout period (asOf, holdoutEnd]. */
  holdoutEnd?: string | null;
  /** Length of the recent and previous growth windows, in days (default 91). */
  growthWindowDays?: number;
  /** Margin of each transaction (same length as the amounts). */
  margins?: Float64Array | number[] | null;
}

/** Per-customer summary of the holdout period. */
export interface HoldoutSummary {
  /** The holdout end. */
  end: string;
  /** Holdout length in the unit. */
  duration: number;
  frequency: Float64Array;
  monetaryValue: Float64Array;
  totalAmount: Float64Array;
}

/** RFM summary, one row per customer, column by column (row i of every column is `customers[i]`). */
export interface RfmSummary {
  /** Customer ids, or the codes that have a row (ascending) when codes were given. */
  customers: string[] | Uint32Array;
  /** Repeat purchases x. */
  frequency: Float64Array;
  /** First to last purchase, in the unit. */
  recency: Float64Array;
  /** First purchase to the calibration end, in the unit. */
  T: Float64Array;
  /** Mean amount of the repeat purchases (0 when x = 0). */
  monetaryValue: Float64Array;
  /** Midnight (UTC) of the first purchase day, in milliseconds since the epoch. */
  firstPurchase: Float64Array;
  /** Midnight (UTC) of the last purchase day in the calibration period, in milliseconds. */
  lastPurchase: Float64Array;
  nTransactions: Uint32Array;
  totalAmount: Float64Array;
  /** Total margin, when margins were given. */
  totalMargin: Float64Array | null;
  recentPurchases: Uint32Array;
  previousPurchases: Uint32Array;
  recentAmount: Float64Array;
  previousAmount: Float64Array;
  holdout: HoldoutSummary | null;
  asOf: string;
  unit: TimeUnit;
  growthWindowDays: number;
  transactionsUsed: number;
  transactionsAfterEnd: number;
}

/** BG/NBD parameters. */
export interface BetaGeoParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** BG/BB parameters: transaction probability p ~ Beta(alpha, beta), dropout θ ~ Beta(gamma, delta). */
export interface BetaGeoBetaBinomParams {
  alpha: number;
  beta: number;
  gamma: number;
  delta: number;
}

/** The length of one transaction opportunity, as the core writes it. */
export type Period = "year" | "quarter" | "month" | { days: number };

/** Options of `discreteSummary`. */
export interface DiscreteSummaryOptions {
  /** The calibration end (RFC 3339 or `YYYY-MM-DD`); its whole UTC day counts. */
  asOf: string;
  /** "Y" (calendar years, the default), "Q", "M", "W", "D", or a whole number of days. */
  period?: string | number;
  /** The end of an optional holdout: the complete periods after the calibration ones up to this day. */
  holdoutEnd?: string | null;
}

/** The holdout of a `DiscreteSummary`. */
export interface DiscreteHoldout {
  end: string;
  /** Holdout opportunities with a transaction (x*). */
  frequency: Float64Array;
  /** Holdout opportunities (n*). */
  periods: Float64Array;
}

/** Discrete-period summary, one row per customer, column by column (row i of every column is `customers[i]`). */
export interface DiscreteSummary {
  customers: string[] | Uint32Array;
  /** x: opportunities with a transaction. */
  frequency: Float64Array;
  /** t_x: the last opportunity with a transaction (0 when none). */
  recency: Float64Array;
  /** n: complete opportunities after the first purchase's period (the BG/BB's T). */
  periods: Float64Array;
  /** Mean amount per opportunity with a transaction (0 when x = 0). */
  monetaryValue: Float64Array;
  totalAmount: Float64Array;
  /** Midnight (UTC) of the first purchase day, in milliseconds since the epoch. */
  firstPurchase: Float64Array;
  nTransactions: Uint32Array;
  holdout: DiscreteHoldout | null;
  asOf: string;
  period: Period;
  transactionsUsed: number;
  transactionsAfterEnd: number;
}

/** Pareto/NBD parameters. */
export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

/** Gamma-Gamma parameters. */
export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

/** The optimizer's settings and stopping rule; every field optional. */
export interface OptimizerConfig {
  maxIterations?: number;
  gradientTolerance?: number;
  stallGradientTolerance?: number;
  maxStep?: number;
  armijo?: number;
  maxLogParam?: number;
  nelderMeadIterations?: number;
  finiteDifferenceStep?: number;
}

/** Options of a model fit; every field optional. */
export interface FitConfig {
  optimizer?: OptimizerConfig;
  /** Fewest customers a fit accepts (default 2). */
  minCustomers?: number;
  /** Starting parameters in the model's order, in the data's units. */
  initial?: number[] | null;
  /** Whether the fit keeps the observed information for `summary()` (default true). */
  standardErrors?: boolean;
}

/** The distinct rows of a table with their counts (`compressRows`). */
export interface CompressedRows {
  /** The distinct rows, column by column, sorted by the first column, then the second... */
  columns: Float64Array[];
  /** The summed weight (count) of each distinct row. */
  counts: Float64Array;
  /** For every input row, the index of its distinct row. */
  rowOf: Uint32Array;
}

/** How a fit went. */
export interface FitReport {
  iterations: number;
  evaluations: number;
  gradientNorm: number;
  usedNelderMead: boolean;
  distinctRows: number;
  totalWeight: number;
  /** Parameters driven towards 0 or ∞ (beyond e^±15 in the fit's rescaled units): the
   * data barely identify them; empty for a well-posed fit. */
  atBound: string[];
  /** The observed information at the optimum over the log-parameters, row-major (empty
   * when the fit skipped it); a non-finite entry is `null`. What `summary()` inverts. */
  information: (number | null)[];
}

/** sBG parameters: the churn probability θ ~ Beta(alpha, beta) across customers. */
export interface ShiftedBetaGeoParams {
  alpha: number;
  beta: number;
}

/** The estimates of a fitted model with their uncertainty (`model.summary(level)`). */
export interface FitSummary {
  /** The model's snake_case name. */
  model: string;
  /** The confidence level of `lower` and `upper`. */
  level: number;
  /** The parameter names, in the model's order. */
  names: string[];
  estimate: Float64Array;
  /** Standard errors (delta method from the log scale). */
  stdError: Float64Array;
  /** Lower ends of the confidence intervals (on the log scale, transformed back). */
  lower: Float64Array;
  upper: Float64Array;
  /** The covariance matrix of the estimates, one row per parameter. */
  vcov: Float64Array[];
  logLikelihood: number;
  aic: number;
  bic: number;
  /** The customers the fit saw (the total weight). */
  nCustomers: number;
}

/** Expected against observed values (a holdout), weighted by the rows' counts. */
export interface ErrorMetrics {
  n: number;
  mae: number;
  rmse: number;
  /** Mean of predicted − actual: positive when the model expects too much. */
  bias: number;
  /** Pearson correlation; null when either side is constant. */
  correlation: number | null;
  predictedTotal: number;
  actualTotal: number;
}

/** Options of `compareModels`; every field optional. */
export interface CompareModelsOptions {
  /** Counts of identical customers. */
  weights?: Float64Array | number[] | null;
  /** Purchases observed in the holdout, per customer. */
  holdoutFrequency?: Float64Array | number[] | null;
  /** The holdout's length: one number, or one per customer. */
  holdoutDuration?: number | Float64Array | number[] | null;
  config?: FitConfig;
}

/** Why a model of a comparison could not be fitted. */
export interface ModelError {
  code: string;
  field: string | null;
  message: string;
}

/** One model of `compareModels`: its score, or its error. */
export interface ComparedModel {
  /** `bg_nbd`, `mbg_nbd`, `pareto_nbd` or `bg_bb`. */
  model: string;
  /** A discrete-time model: compare AIC and BIC only among models with the same value. */
  discrete: boolean;
  parameters: Record<string, number> | null;
  logLikelihood: number | null;
  parameterCount: number | null;
  aic: number | null;
  bic: number | null;
  holdout: ErrorMetrics | null;
  report: FitReport | null;
  error: ModelError | null;
}

/** Horizon, discounting and margin of a CLV; every field optional. */
/** Settings of a prediction interval (the core's `IntervalConfig`); absent fields take its defaults. */
export interface IntervalConfig {
  /** `"bootstrap"` (parametric, the default) or `"delta"` (the delta method on the logit or log scale). */
  method?: "bootstrap" | "delta";
  /** Parameter draws of the bootstrap, 20..=1000000 (default 1000). */
  draws?: number;
  /** Interval level in (0, 1) (default 0.95). */
  level?: number;
  /** Seed of the bootstrap draws (default 0). */
  seed?: number;
}

/** Per-customer predictions with intervals (the core's `PredictionIntervals`). */
export interface PredictionIntervals {
  /** The prediction at the fitted parameters. */
  estimate: Float64Array;
  /** The lower ends of the intervals. */
  lower: Float64Array;
  /** The upper ends of the intervals. */
  upper: Float64Array;
  /** The interval level. */
  level: number;
  /** How the intervals were computed. */
  method: "bootstrap" | "delta";
  /** The number of parameter draws (0 for the delta method). */
  draws: number;
}

export interface ClvConfig {
  /** Number of discounting periods (default 12). */
  periods?: number;
  /** Length of one period in the data's unit (default 4.345, a month in weeks). */
  periodLength?: number;
  /** Discount rate per period (default 0.01). */
  discountRate?: number;
  /** Fraction of spend that is margin (default 1). */
  margin?: number;
}

/** A value tier. */
export type Tier = "vip" | "growth" | "churn_risk" | "low_value";

/** Thresholds of the tiers; every field optional. */
export interface TierConfig {
  vipShare?: number;
  churnPAlive?: number;
  frequencyDropRatio?: number;
  minBaselineRepeats?: number;
  growthSpendRatio?: number;
  growthValueRatio?: number;
  /** The VIP cut fixed in advance (e.g. over a whole distributed base), in place of vipShare's. */
  vipThreshold?: number;
}

/** Each customer's tier and why. */
export interface TierReport {
  tier: Tier[];
  reason: string[];
  /** The CLV at the VIP cut. */
  vipThreshold: number;
}

/** A lifecycle stage. */
export type LifecycleStage = "potential" | "exploration" | "growth" | "maturity" | "decline" | "churned";

/** Thresholds of the lifecycle stages; every field optional. */
export interface LifecycleConfig {
  churnedPAlive?: number;
  youngAgeDays?: number;
  explorationMaxRepeats?: number;
  declinePAlive?: number;
  declineRateRatio?: number;
  declineSpendRatio?: number;
  growthRateRatio?: number;
  growthSpendRatio?: number;
  minBaselineRepeats?: number;
}

/** Each customer's lifecycle stage and why. */
export interface LifecycleReport {
  stage: LifecycleStage[];
  reason: string[];
}

/** Thresholds of the churn warnings; every field optional. */
export interface ChurnConfig {
  pAlive?: number;
  severePAlive?: number;
  frequencyDropRatio?: number;
  minBaselineRepeats?: number;
  championColdDays?: number;
  economicBuyerDays?: number;
}

/** Why a customer is warned about. */
export type ChurnSignal = "low_p_alive" | "frequency_drop" | "champion_gone_cold" | "economic_buyer_uncovered";
/** How urgent a churn warning is. */
export type ChurnSeverity = "low" | "medium" | "high";

/** One relationship signal of an account (`map.churnSignals()`), for `churnWarnings`. */
export interface RelationshipSignal {
  /** `champion_gone_cold` or `economic_buyer_uncovered`. */
  signal: ChurnSignal;
  /** The signal in words, naming the people. */
  reason: string;
}

/** A customer at risk of churning. */
export interface ChurnWarning {
  /** The customer's row. */
  customer: number;
  severity: ChurnSeverity;
  signals: ChurnSignal[];
  reason: string;
  pAlive: number;
  /** Recent purchase rate over the baseline rate, when there is a baseline. */
  rateRatio: number | null;
}

/** A named RFM segment: the recency and frequency score ranges it covers. */
export interface SegmentRule {
  name: string;
  recency: [number, number];
  frequency: [number, number];
}

/** RFM score options; every field optional. */
export interface RfmScoreConfig {
  /** Scores run 1..bins (default 5). */
  bins?: number;
  segments?: SegmentRule[];
}

/** RFM scores and segment of every customer. */
export interface RfmScores {
  r: number[];
  f: number[];
  m: number[];
  segment: string[];
  reason: string[];
}

/** A covariate table: column names and values row-major (one row per customer). */
export interface CovariateTable {
  names: string[];
  values: Float64Array | number[];
}

/** The covariate tables of a prediction or its interval (`CovariateModel`): the fit's columns, in its order. */
export interface CovariateTables {
  purchaseCovariates?: CovariateTable | null;
  dropoutCovariates?: CovariateTable | null;
}

/** Options of `ParetoNbd.fitWithCovariates` and `BetaGeo.fitWithCovariates`. */
export interface CovariateFitOptions {
  purchaseCovariates?: CovariateTable | null;
  dropoutCovariates?: CovariateTable | null;
  /** Columns in both tables whose coefficient is one for both processes. */
  constrainEqual?: string[];
  weights?: Float64Array | number[] | null;
  config?: FitConfig;
}

/** A likelihood-ratio test of nested fits. */
export interface LikelihoodRatioTest {
  /** 2 (ln L_full − ln L_restricted). */
  statistic: number;
  /** The parameters the full model adds. */
  df: number;
  /** P(χ²(df) ≥ statistic). */
  pValue: number;
}

/** Options of `relationshipCovariates`; every field optional. */
export interface RelationshipCovariateConfig {
  /** Decision-chain settings (its asOf is the covariates'). */
  chain?: ChainConfig;
  trust?: TrustConfig;
}

/** Relationship covariates, one row per account (`map.relationshipCovariates(asOf)`: one row). */
export interface RelationshipCovariates {
  accounts: string[];
  /** Share of the decision influence our relationships cover, 0..1. */
  decisionCoverage: number[];
  /** Trust composite (0..100) of our best pair with the economic buyer; 0 without one. */
  economicBuyerTrust: number[];
  /** Mean disjoint access paths from our team to a key player. */
  keyPlayerThreads: number[];
  /** Predicted support of the decision chain, −1..1. */
  predictedSupport: number[];
  /** Days since the last interaction with a key player; null when none was ever met. */
  daysSinceKeyPlayerContact: (number | null)[];
  /** 1 when a champion not against us is on the map, else 0. */
  championPresent: number[];
}
