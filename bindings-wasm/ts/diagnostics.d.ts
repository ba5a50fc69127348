/** Any fitted purchase model: the diagnostics read its class and `params`. */
export type PurchaseModelLike = BetaGeo | ModifiedBetaGeo | ParetoNbd | BetaGeoBetaBinom;
/** What a frequency–recency matrix holds. */
export type MatrixQuantity = "expected_purchases" | "p_alive";

/** Options of `holdoutEvaluation`, `holdoutTable` and `plotHoldout`. */
export interface HoldoutConfig {
  /** The last bin: this many calibration repeat purchases or more (default 7, "7+"). */
  bins?: number;
}

/** Error metrics of predictions against what happened. */
export interface ErrorMetrics {
  n: number;
  mae: number;
  rmse: number;
  /** Mean of predicted − actual. */
  bias: number;
  /** Pearson correlation; `null` when a column is constant. */
  correlation: number | null;
  predictedTotal: number;
  actualTotal: number;
}

/** One bin of the holdout table: customers with this many calibration repeat purchases. */
export interface HoldoutBin {
  frequency: number;
  /** The last bin, holding `frequency` or more ("7+"). */
  open: boolean;
  customers: number;
  actualMean: number;
  expectedMean: number;
}

/** A row of `holdoutTable`: the bin and its label ("0", …, "7+"). */
export interface HoldoutTableRow extends HoldoutBin {
  label: string;
}

/** How a purchase model fitted on the calibration period forecasts the holdout period. */
export interface HoldoutEvaluation {
  model: string;
  unit: TimeUnit;
  duration: number;
  /** Per customer, in summary order. */
  predicted: number[];
  actual: number[];
  bins: HoldoutBin[];
  errors: ErrorMetrics;
}

/** Repeat purchases of the cohort per period, actual vs expected. */
export interface Tracking {
  model: string;
  unit: TimeUnit;
  /** The first purchase of the cohort (period 0 starts there). */
  start: string;
  calibrationEnd: number;
  end: number;
  customers: number;
  periodStart: number[];
  periodEnd: number[];
  actual: number[];
  expected: number[];
  calibrationErrors: ErrorMetrics | null;
  holdoutErrors: ErrorMetrics | null;
}

/** `tracking`'s result: the curve and its cumulative sums. */
export interface TrackingResult extends Tracking {
  actualCumulative: Float64Array;
  expectedCumulative: Float64Array;
}

/** Options of `periodTransactions`. */
export interface PeriodTransactionsConfig {
  bins?: number;
  /** Simulated cohorts averaged (default 10). */
  replicates?: number;
  /** The same seed gives the same counts (default 42). */
  seed?: number;
}

/** Customers with `frequency` repeat purchases, actual and simulated. */
export interface PeriodBin {
  frequency: number;
  open: boolean;
  actual: number;
  simulated: number;
}

export interface PeriodTransactions {
  model: string;
  customers: number;
  bins: PeriodBin[];
  replicates: number;
  seed: number;
}

/** Options of `frequencyRecencyMatrix` and its pictures. */
export interface FrequencyRecencyOptions {
  /** Default "expected_purchases". */
  quantity?: MatrixQuantity;
  /** Horizon of expected purchases, in the summary's unit (default 1). */
  horizon?: number;
  maxFrequency?: number;
  recencyCells?: number;
  /** The age T of every cell (default: the summary's largest). */
  t?: number | null;
}

/** A model's predictions over frequency (rows) × recency (columns) at one age T. */
export interface FrequencyRecencyMatrix {
  model: string;
  quantity: MatrixQuantity;
  unit: TimeUnit;
  horizon: number;
  t: number;
  frequency: number[];
  recencyEdges: number[];
  /** `null` where no customer can be (t_x > T, or x = 0 with t_x > 0). */
  values: (number | null)[][];
  /** The summary's customers in each cell. */
  customers: number[][];
}

/** Customers, predicted value and mean P(alive) of one tier. */
export interface TierCount {
  tier: Tier;
  customers: number;
  clv: number;
  meanPAlive: number | null;
}

export interface TierOverview {
  tiers: TierCount[];
  customers: number;
  clv: number;
}

/** How a diagnostic picture is drawn. */
export interface ChartOptions {
  theme?: Theme;
  title?: string | null;
  /** Width in px, 280 to 4000 (default 640). */
  width?: number;
  fontSize?: number;
}
