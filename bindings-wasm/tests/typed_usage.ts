// Typed use of the npm package: checked by `tsc --noEmit -p bindings-wasm/tests`.
// Every annotation states what the generated .d.ts promises; tsc fails if it drifts.
import { RelationshipMap } from "relmap";
import type { RelationInput, RelmapError, Role, StakeholderInput, TeamMemberInput } from "relmap";
import type { InitOutput } from "relmap/web";
import {
  PortfolioNetwork, fitOpenness, holdoutErrors, holdoutTable, mergePerceptions, plotHoldout, plotPAlive, simulateHistory,
  tierOverview, tracking,
} from "relmap";
import type {
  ErrorMetrics, HoldoutTableRow, MergedPerceptions, OpennessFit, Snapshot, TierOverview, TrackingResult, WarmPath,
} from "relmap";
import {
  BetaGeo, DecisionChain, GammaGamma, ParetoNbd, churnWarnings, classify, defaultChainConfig, defaultRenderOptions,
  defaultStageModel, defaultTrustConfig, diff, lifecycle, rfmScores, rfmSummary, tier, version, classifyPortfolio, errorCodes,
} from "relmap";
import type {
  AccessPath, ChainConfig, ChainSummary, ChurnWarning, RelationshipSignal, ClassificationMatrix, CompetitionMatrix, Coverage, Evidence,
  FitReport, FlagCode, Interaction, KeyPlayer, LifecycleReport, MapDiff, NextBestContact, Overlay, RedFlag,
  RenderOptions, RfmScores, RfmSummary, Stakeholder, StageAssessment, StageModel, Tier, TierReport, TrustConfig,
  TrustReport, TrustScore, ErrorCodeInfo,
} from "relmap";

const roles: Role[] = ["economic_buyer", "coach"];
const ceo: StakeholderInput = { id: "ceo", name: "Chen Wei", roles, authority: 1 };
const cio: StakeholderInput = { id: "cio", reportsTo: "ceo", stance: 2.5, openness: 0.4 };
const line: RelationInput = { source: "cio", target: "ceo", kind: "ally", direction: "both", strength: 0.6 };
const rep: TeamMemberInput = { id: "rep", name: "Zhao Min", role: "account_manager" };

const m: RelationshipMap = new RelationshipMap("acme", "Acme Group");
m.addStakeholder(ceo);
m.addStakeholder(cio);
m.addRelation(line);
m.addRelation({ source: "ceo", target: "cio" });
m.addTeamMember(rep);
m.setStance("cio", null);
m.setStance("ceo", 4);

const ids: string[] = m.stakeholderIds;
const team: string[] = m.teamIds;
const count: number = m.stakeholderCount + m.relationCount;
const account: string = `${m.accountId} ${m.accountName}`;
const text: string = m.toJson();
const same: boolean = RelationshipMap.fromJson(text).equals(m);

function describe(e: unknown): string {
  const err = e as RelmapError;
  const field: string | null = err.field;
  return `${err.name} ${err.code} ${field ?? "-"}: ${err.message}`;
}

try {
  m.addRelation({ source: "cio", target: "ghost" });
} catch (e) {
  console.log(describe(e));
}

// The web build exports its instance's memory once initialised.
type Memory = InitOutput["memory"];
const pages = (memory: Memory): number => memory.buffer.byteLength / 65536;

// @ts-expect-error: an unknown role is a type error
const bad: Role = "boss";
// @ts-expect-error: stakeholders need an id
const anonymous: StakeholderInput = { name: "nobody" };

console.log(ids, team, count, account, same, pages, bad, anonymous);

// ---- the analyses, typed end to end --------------------------------------------
const visit: Interaction = { id: "v1", at: "2026-03-02", channel: "visit", members: ["rep"], stakeholders: ["cio"], initiatedBy: "them" };
m.addInteraction(visit);
const promise: Evidence = { kind: "commitment", id: "c1", at: "2026-03-02", member: "rep", stakeholder: "cio", due: "2026-03-20" };
m.addEvidence(promise);
m.addOpportunity({ id: "o1", name: "Cloud", milestones: [{ key: "need_identified", at: "2026-01-10" }] });

const config: ChainConfig = { defaultOpenness: 0.3, roleAuthority: { coach: 0.1 }, betweenness: { up_to: 100 }, asOf: null };
const chain: DecisionChain = m.decisionChain(config);
const support: number = chain.predictedSupport;
const u: Float64Array = chain.decisionInfluence;
const flags: RedFlag[] = chain.redFlags;
const codes: FlagCode[] = flags.map((f) => f.code);
const contacts: NextBestContact[] = chain.nextBestContacts;
const path: AccessPath | undefined = chain.bestPath("ceo");
const coverage: Coverage = chain.coverage;
const players: KeyPlayer[] = chain.keyPlayers;
const share: number | undefined = chain.influence("ceo");
const headline: ChainSummary = chain.summary({ topInfluencers: 3 });
const given: (number | null)[] = chain.stances;
const threads: (number | null)[] = chain.threads;
const between: Float64Array | undefined = chain.betweenness;
const since: DecisionChain = m.decisionChainSince(RelationshipMap.fromJson(text));
const changes: MapDiff = diff(RelationshipMap.fromJson(text), m);

const trustConfig: TrustConfig = { ...defaultTrustConfig(), halfLifeDays: 60, levelThresholds: [10, 30, 50, 70] };
const report: TrustReport = m.trust("2026-03-02", trustConfig);
const timeline: TrustScore[] = m.trustTimeline("rep", "cio", ["2026-03-02"]);
const model: StageModel = defaultStageModel();
const stages: StageAssessment[] = m.stages(model, "2026-03-02");
const deals: CompetitionMatrix[] = m.competition(chain.influenceMap(), { ourVendor: "us" });
const quadrants: ClassificationMatrix = classify([{ id: "acme", value: 1, relationship: 60 }], { relationshipThreshold: { fixed: 60 } });

const overlay: Overlay = { influence: chain.influenceMap(), flags: { ceo: ["no_coach"] }, highlightPath: ["rep", "cio", "ceo"] };
const options: RenderOptions = { ...defaultRenderOptions(), theme: "dark", width: 800 };
const svg: string = m.toSvg(overlay, options) + m.toSvg(chain.overlay(m)) + m.toSvg(chain.overlay(m, "ceo"));
const people: Stakeholder[] = m.stakeholders();
const nodes = m.toCytoscape(overlay).elements.nodes.length;

const summary: RfmSummary = rfmSummary(new Uint32Array([0, 0, 1]), new Float64Array([0, 8.64e7, 0]), new Float64Array([5, 6, 7]), { asOf: "1970-01-10", unit: "day" });
const bg: BetaGeo = BetaGeo.fit(summary.frequency, summary.recency, summary.T);
const fit: FitReport | undefined = bg.report;
const alive: Float64Array = bg.pAlive(summary.frequency, summary.recency, summary.T);
const pn: ParetoNbd = new ParetoNbd({ r: 0.5, alpha: 10, s: 0.6, beta: 12 });
const gg: GammaGamma = new GammaGamma({ p: 6, q: 4, v: 15 });
const clv: Float64Array = bg.clv(gg.expectedSpend(summary.frequency, summary.monetaryValue), summary.frequency, summary.recency, summary.T, { margin: 0.3 });
const tiers: TierReport = tier(summary, alive, clv, { vipShare: 0.1 });
const firstTier: Tier | undefined = tiers.tier[0];
const stagesOfLife: LifecycleReport = lifecycle(summary, alive, clv);
const warnings: ChurnWarning[] = churnWarnings(summary, alive, clv);
const customerMap = new RelationshipMap("0", "Account 0");
const relationship: RelationshipSignal[] = customerMap.churnSignals("1970-01-10", { championColdDays: 90 });
const joined: ChurnWarning[] = churnWarnings(summary, alive, clv, null, { "0": relationship });
// @ts-expect-error: a relationship signal names a known signal
const wrongSignal: RelationshipSignal = { signal: "cold", reason: "x" };
const scores: RfmScores = rfmScores(summary, { bins: 3 });
const book: ClassificationMatrix = classifyPortfolio([m], { acme: 1e5 }, "2026-03-02");
const codeKinds: ErrorCodeInfo[] = errorCodes();

// Does the model fit? Learning from the team.
const held: RfmSummary = rfmSummary(["a", "a", "b"], ["2024-01-01", "2024-02-01", "2024-01-05"], [1, 2, 3], { asOf: "2024-01-31", holdoutEnd: "2024-03-31" });
const known = new BetaGeo({ r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 });
const table: HoldoutTableRow[] = holdoutTable(known, held, { bins: 3 });
const errs: ErrorMetrics = holdoutErrors(known, held);
const curve: TrackingResult = tracking(known, held, ["a", "a", "b"], ["2024-01-01", "2024-02-01", "2024-01-05"]);
const charts: string[] = [plotHoldout(known, held, null, { width: 800 }), plotPAlive(known, held, { maxFrequency: 5 })];
const overview: TierOverview = tierOverview(["vip", "low_value"], [10, 1], [0.9, 0.2]);
const merged: MergedPerceptions = mergePerceptions({ am: m, se: m }, { share: 0.5 });
const history: Snapshot[] = simulateHistory(m, { steps: 3 });
const openness: OpennessFit = fitOpenness(history, { rescale: true });
const paths: WarmPath[] = new PortfolioNetwork([m], { identity: ["email", { crm_id: "salesforce" }] }).warmPaths("acme", "ceo", 3);
// @ts-expect-error: a merge rule is one of the known rules
const badRule: MergedPerceptions = mergePerceptions({ am: m }, "majority");

// @ts-expect-error: config keys are camelCase
const snake: ChainConfig = { default_openness: 0.3 };
// @ts-expect-error: a red flag code is one of the known codes
const wrongCode: FlagCode = "no_champion";
// @ts-expect-error: evidence needs its kind's fields
const noDue: Evidence = { kind: "commitment", id: "c", at: "2026-03-02", member: "rep", stakeholder: "cio" };

console.log(version(), support, u, codes, contacts, path, coverage, players, share, headline, threads, between, since, changes,
  report, timeline, stages, deals, quadrants, svg, people, nodes, fit, pn, firstTier, stagesOfLife, warnings, scores, snake,
  wrongCode, noDue, joined, wrongSignal, defaultChainConfig(), given, book, codeKinds, table, errs, curve, charts, overview,
  merged, openness, paths, badRule);
