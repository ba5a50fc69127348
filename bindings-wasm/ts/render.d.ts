/** Analysis results laid over the map picture; every part optional. */
export interface Overlay {
  /** Decision influence per stakeholder id (a share, ≥ 0); sets node size. */
  influence?: Record<string, number>;
  /** Red-flag codes per stakeholder id, drawn as a marker. */
  flags?: Record<string, string[]>;
  /** Ids in order (optionally opened by team members) of a path to highlight. */
  highlightPath?: string[];
}

/** Light or dark colours. */
export type Theme = "light" | "dark";

/** Every number of the layout and the drawing, in px; every field optional. */
export interface LayoutConfig {
  fontSize?: number;
  titleFontRatio?: number;
  padX?: number;
  padY?: number;
  lineGap?: number;
  minNodeWidth?: number;
  maxTitleEm?: number;
  maxInfluenceScale?: number;
  siblingGap?: number;
  departmentGap?: number;
  rowGap?: number;
  margin?: number;
  bandPad?: number;
  titleFontSize?: number;
  smallFontSize?: number;
  cjkEm?: number;
  latinEm?: number;
  capitalEm?: number;
  narrowEm?: number;
  boldFactor?: number;
  bowRatio?: number;
  maxBow?: number;
  bowSteps?: number;
  routeSamples?: number;
}

/** The chart (org chart with relation lines), the influence matrix, or by density. */
export type View = "auto" | "chart" | "matrix";
/** On, off, or decided by the density. */
export type Switch = "auto" | "on" | "off";
/** How many relation lines each person keeps: by density, all, or the k strongest. */
export type LineLimit = "auto" | "all" | { strongest: number };

/** How relation lines are chosen and drawn on dense maps; every field optional. */
export interface LineOptions {
  perPerson?: LineLimit;
  /** Stakeholders whose lines are all drawn, on top and at full strength. */
  focus?: string[];
  /** Route lines along the org chart (bundled routing). */
  bundle?: Switch;
  /** Fade each line by its strength. */
  fade?: Switch;
  minOpacity?: number;
  unfocusedOpacity?: number;
  /** Lines per person above which `auto` thins, bundles and fades (default 4). */
  denseAbove?: number;
  autoPerPerson?: number;
  /** Lines per person above which the `auto` view draws the matrix (default 10). */
  matrixAbove?: number;
  matrixMinPeople?: number;
  matrixCell?: number;
}

/** How to draw the map; every field optional. */
export interface RenderOptions {
  theme?: Theme;
  /** Draw only the key players. */
  keyPlayersOnly?: boolean;
  /** Who counts as a key player: the decision chain's rule on the overlay's influence. */
  keyPlayers?: KeyPlayerRule;
  /** The picture title; absent or null = the account name. */
  title?: string | null;
  showLegend?: boolean;
  showRelations?: boolean;
  /** Display width in px; absent or null = natural size. */
  width?: number | null;
  layout?: LayoutConfig;
  /** The chart or the influence matrix (default "auto": by density). */
  view?: View;
  /** Which relation lines are drawn on dense maps, and how. */
  lines?: LineOptions;
  /** Mark one opportunity's MEDDPICC champion, Blue Sheet response modes and MEDDPICC gaps (default true). */
  showQualification?: boolean;
  /** The opportunity whose qualification is marked; absent or null = the first with MEDDPICC or Blue Sheet data. */
  opportunity?: string | null;
}

/** One Cytoscape.js element. */
export interface CytoscapeElement {
  data: Record<string, unknown>;
  position?: { x: number; y: number };
  classes?: string;
}

/** The map as Cytoscape.js JSON (`cytoscape({ container, ...json })`). */
export interface CytoscapeJson {
  elements: { nodes: CytoscapeElement[]; edges: CytoscapeElement[] };
  [key: string]: unknown;
}
