// Typed use of the npm package: checked by `tsc --noEmit -p bindings-wasm/tests`.
// Every annotation states what the generated .d.ts promises; tsc fails if it drifts.
import { RelationshipMap } from "relmap";
import type { RelationInput, RelmapError, Role, StakeholderInput, TeamMemberInput } from "relmap";
import type { InitOutput } from "relmap/web";

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
