/** A file handed to an importer: its name (CRM mappings pick tables by it) and its content. */
export interface ImportFile {
  name: string;
  /** Text (UTF-8) or bytes in any encoding (a GBK export: set the mapping's `encoding`). */
  data: string | Uint8Array;
}

/** What happened to a source record. */
export type ImportOutcome = "added" | "updated" | "unchanged" | "skipped" | "warning";

/** What a report line is about. */
export type ImportEntity = "file" | "account" | "stakeholder" | "team_member" | "role" | "interaction" | "opportunity" | "qualification" | "buying_influence";

/** Why a record was skipped or only partly used (stable codes, see docs/importing.md). */
export type ImportReason = "malformed" | "encoding" | "missing_id" | "missing_value" | "bad_date" | "unmapped_value" | "cancelled" | "outside_window" | "no_team_party" | "no_account_party" | "unknown_stakeholder" | "duplicate" | "invalid" | "unknown_reference" | "other_account" | "truncated" | "bounce";

/** What a calendar or mail observation was. */
export type ObservationKind = "meeting" | "message" | "bounce";

/** One source record's fate: file, row and column, entity and id, outcome, reason, value. */
export interface ReportLine {
  file: string;
  /** CSV row (header = 1), the line of an event's BEGIN:VEVENT, a message's place in an mbox. */
  row?: number | null;
  /** CSV column, iCalendar property or mail header. */
  column?: string | null;
  entity: ImportEntity;
  id?: string | null;
  outcome: ImportOutcome;
  reason?: ImportReason | null;
  /** The offending value as given. */
  value?: string | null;
  /** For `updated`: the fields that changed. */
  fields?: string[];
  message?: string | null;
}

/** The number of report lines per outcome. */
export interface Counts {
  added: number;
  updated: number;
  unchanged: number;
  skipped: number;
  warning: number;
}

/** A person in an observation. */
export interface Party {
  email: string;
  name?: string | null;
}

/** One meeting, mail or bounce, by the people's addresses. */
export interface Observation {
  id: string;
  at: string;
  kind: ObservationKind;
  channel: Channel;
  from?: Party | null;
  to?: Party[];
  cc?: Party[];
  inReplyTo?: string | null;
  failed?: string[];
}

/** What calendars and mail showed (kept in the map). */
export interface ActivityLog {
  observations: Observation[];
}

/** Weights of the activity strength's components. */
export interface StrengthWeights {
  recency?: number;
  frequency?: number;
  reciprocity?: number;
  response?: number;
  channel?: number;
}

/** The numbers of the activity analyses, merged over the core's defaults (docs/importing.md). */
export interface ActivityConfig {
  ourDomains?: string[];
  accountDomains?: string[];
  asOf?: string | null;
  halfLifeDays?: number;
  keyContactRoles?: Role[];
  keyContactWeight?: number;
  evidenceLimit?: number;
  channelWeights?: ChannelWeights;
  ccWeight?: number;
  suggestionSaturation?: number;
  minSuggestionEvents?: number;
  frequencySaturation?: number;
  responseScaleHours?: number;
  strengthWeights?: StrengthWeights;
  departureDays?: number;
}

/** Someone of the account seen in meetings or mail but not on the map, with the evidence. */
export interface GhostStakeholder {
  email: string;
  name?: string | null;
  score: number;
  meetings: number;
  messages: number;
  firstSeen: string;
  lastSeen: string;
  knownBy: string[];
  seenWith: string[];
  keyContactsSeenWith: string[];
  evidence: string[];
}

/** What a suggested relation rests on. */
export interface RelationEvidence {
  meetingsOrganized: number;
  coAttended: number;
  mailsTo: number;
  mailsCc: number;
  weight: number;
  lastSeen: string;
  observations: string[];
}

/** A candidate relation with its evidence (never written to the map unless accepted). */
export interface SuggestedRelation {
  relation: Relation;
  evidence: RelationEvidence;
}

/** The parts of an activity strength, each 0..1. */
export interface StrengthComponents {
  recency: number;
  frequency: number;
  reciprocity: number;
  response?: number | null;
  channel: number;
}

/** Relationship strength from activity of one (member, stakeholder) pair. */
export interface ActivityStrength {
  member: string;
  stakeholder: string;
  strength: number;
  components: StrengthComponents;
  interactions: number;
  initiatedByThem: number;
  lastContact: string;
  channelMix: Partial<Record<Channel, number>>;
  theirResponseHours?: number | null;
  ourResponseHours?: number | null;
}

/** What an import did, and what the activity says the map is missing. */
export interface ImportReport {
  lines: ReportLine[];
  counts: Counts;
  ghosts: GhostStakeholder[];
  suggestedRelations: SuggestedRelation[];
  strengths: ActivityStrength[];
  departures: RedFlag[];
  /** This import's activity log (the map keeps the merged one: `map.activity()`). */
  activity: ActivityLog;
}

/** A calendar location rule: a LOCATION containing `contains` (any letter case) gives `channel`. */
export interface ChannelRule {
  contains: string;
  channel: Channel;
}

/** A CRM mapping in the `relmap-crm-mapping/1` file format (snake_case keys; schema in docs/relmap-crm-mapping-1.schema.json). */
export interface CrmMapping {
  format?: string;
  source: string;
  [key: string]: unknown;
}

/** How CRM exports are read: a preset or a mapping of your own. */
export interface CrmImportOptions {
  /** `salesforce`, `hubspot`, `zoho` or `fxiaoke` (see `crmPresets()`). */
  preset?: string | null;
  /** A mapping as its JSON text or object (wins over `preset`). */
  mapping?: CrmMapping | string | null;
  /** The account to import, by CRM id or name (absent = the map's account id). */
  account?: string | null;
  activity?: ActivityConfig;
}

/** How calendar files are read (`ourDomains` and `accountDomains` may stand at the top). */
export interface CalendarImportOptions {
  ourDomains?: string[];
  accountDomains?: string[];
  activity?: ActivityConfig;
  windowStart?: string | null;
  windowEnd?: string | null;
  maxOccurrences?: number;
  defaultTimezone?: string;
  channelRules?: ChannelRule[];
  defaultChannel?: Channel;
}

/** How mail is read (`ourDomains` and `accountDomains` may stand at the top). */
export interface MailImportOptions {
  ourDomains?: string[];
  accountDomains?: string[];
  activity?: ActivityConfig;
}
