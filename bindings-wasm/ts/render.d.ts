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
