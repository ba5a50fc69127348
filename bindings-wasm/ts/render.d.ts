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

/** Who counts as a key player when `keyPlayersOnly` is set. */
export interface RenderKeyPlayerRule {
  roles?: Role[];
  minInfluence?: number;
}

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

/** What the picture shows: the chart, the influence matrix, or chosen by density. */
export type View = "auto" | "chart" | "matrix";

/** On, off, or decided by the density. */
export type Switch = "auto" | "on" | "off";

/** How many relation lines each person keeps. */
export type LineLimit = "auto" | "all" | { strongest: number };

/** How relation lines are chosen and drawn on dense maps; every field optional. */
export interface LineOptions {
  perPerson?: LineLimit;
  /** Stakeholders whose lines are all drawn, on top and at full strength. */
  focus?: string[];
  bundle?: Switch;
  fade?: Switch;
  minOpacity?: number;
  unfocusedOpacity?: number;
  denseAbove?: number;
  autoPerPerson?: number;
  matrixAbove?: number;
  matrixMinPeople?: number;
  matrixCell?: number;
}

/** How to draw the map; every field optional. */
export interface RenderOptions {
  theme?: Theme;
  /** Draw only the key players. */
  keyPlayersOnly?: boolean;
  keyPlayers?: RenderKeyPlayerRule;
  /** The picture title; absent or null = the account name. */
  title?: string | null;
  showLegend?: boolean;
  showRelations?: boolean;
  /** Display width in px; absent or null = natural size. */
  width?: number | null;
  layout?: LayoutConfig;
  /** The chart or the influence matrix (default: by density). */
  view?: View;
  /** Which lines are drawn and how, on dense maps. */
  lines?: LineOptions;
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
