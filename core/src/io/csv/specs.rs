//! The files of a CSV folder and their columns (documented in `docs/format.md`).

use super::table::Spec;

pub(crate) const ACCOUNT: Spec = Spec {
    file: "account.csv",
    required: &["id", "name"],
    optional: &["industry", "region", "employees", "revenue", "segment", "tags"],
    prefixes: &[],
};

/// The open-ended stance columns: `stance_toward.<competitor>`.
pub(crate) const STANCE_TOWARD: &str = "stance_toward.";

/// The open-ended source-system id columns: `crm_ids.<source>`.
pub(crate) const CRM_IDS: &str = "crm_ids.";

pub(crate) const STAKEHOLDERS: Spec = Spec {
    file: "stakeholders.csv",
    required: &["id", "name"],
    optional: &[
        "title",
        "department",
        "reports_to",
        "roles",
        "authority",
        "openness",
        "stance",
        "concerns",
        "needs",
        "preferred_channel",
        "emails",
    ],
    prefixes: &[STANCE_TOWARD, CRM_IDS],
};

pub(crate) const RELATIONS: Spec = Spec {
    file: "relations.csv",
    required: &["source", "target", "kind", "strength"],
    optional: &["direction", "notes"],
    prefixes: &[],
};

pub(crate) const TEAM: Spec =
    Spec { file: "team.csv", required: &["id", "name"], optional: &["role", "title", "emails"], prefixes: &[CRM_IDS] };

pub(crate) const INTERACTIONS: Spec = Spec {
    file: "interactions.csv",
    required: &["id", "at", "channel", "members", "stakeholders"],
    optional: &["initiated_by", "sentiment", "notes"],
    prefixes: &[],
};

pub(crate) const EVIDENCE: Spec = Spec {
    file: "evidence.csv",
    required: &["id", "kind", "at", "member", "stakeholder"],
    optional: &["due", "delivered", "positive", "pillar", "rating", "description"],
    prefixes: &[],
};

pub(crate) const OPPORTUNITIES: Spec = Spec {
    file: "opportunities.csv",
    required: &["id", "name"],
    optional: &["amount", "competitors", "declared_stage"],
    prefixes: &[],
};

pub(crate) const MILESTONES: Spec =
    Spec { file: "milestones.csv", required: &["opportunity", "key", "at"], optional: &[], prefixes: &[] };

pub(crate) const CRITERIA: Spec = Spec {
    file: "criteria.csv",
    required: &["opportunity", "criterion"],
    optional: &["name", "stakeholder", "weight"],
    prefixes: &[],
};

pub(crate) const VENDOR_SCORES: Spec = Spec {
    file: "vendor_scores.csv",
    required: &["opportunity", "vendor", "criterion", "score"],
    optional: &[],
    prefixes: &[],
};

pub(crate) const MEDDPICC: Spec = Spec {
    file: "meddpicc.csv",
    required: &["opportunity", "element", "grade"],
    optional: &["stakeholder", "value", "tested", "description", "confirmed_by", "confirmed_at"],
    prefixes: &[],
};

pub(crate) const PROCESS_STEPS: Spec = Spec {
    file: "process_steps.csv",
    required: &["opportunity", "process", "step"],
    optional: &["owner", "date", "confirmed"],
    prefixes: &[],
};

pub(crate) const BUYING_INFLUENCES: Spec = Spec {
    file: "buying_influences.csv",
    required: &["opportunity", "stakeholder"],
    optional: &["roles", "response_mode", "win_results"],
    prefixes: &[],
};

/// The activity log, one row per person in an observation (`role`: `from`,
/// `to`, `cc` or `failed`; an observation without people has one row with
/// `role` and `email` empty). Written only when the log is not empty.
pub(crate) const ACTIVITY: Spec = Spec {
    file: "activity.csv",
    required: &["id", "at", "kind", "channel"],
    optional: &["in_reply_to", "role", "email", "name"],
    prefixes: &[],
};

/// Every file, in the order they are read and written.
pub(crate) const ALL: [&Spec; 14] = [
    &ACCOUNT,
    &STAKEHOLDERS,
    &RELATIONS,
    &TEAM,
    &INTERACTIONS,
    &EVIDENCE,
    &OPPORTUNITIES,
    &MILESTONES,
    &CRITERIA,
    &VENDOR_SCORES,
    &MEDDPICC,
    &PROCESS_STEPS,
    &BUYING_INFLUENCES,
    &ACTIVITY,
];
