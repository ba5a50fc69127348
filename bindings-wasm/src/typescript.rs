//! Keeps the hand-written TypeScript declarations (`ts/*.d.ts`) in step with the core.
//!
//! Every `export interface` mirrors a core type (or is listed as the binding's
//! own): its properties must be exactly the camelCase forms of the type's serde
//! fields, and a field the core may leave `null` must be declared nullable or
//! optional. Every string union lists exactly the names the core reads and writes.

use std::collections::{BTreeMap, BTreeSet};

use relmap::{chain, health, history, matrix, model, network, perception, render, stage, trust, value};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::convert::ser::camel;

/// Every declaration file shipped in the package.
const FILES: [(&str, &str); 11] = [
    ("model.d.ts", include_str!("../ts/model.d.ts")),
    ("chain.d.ts", include_str!("../ts/chain.d.ts")),
    ("trust.d.ts", include_str!("../ts/trust.d.ts")),
    ("stage.d.ts", include_str!("../ts/stage.d.ts")),
    ("health.d.ts", include_str!("../ts/health.d.ts")),
    ("matrix.d.ts", include_str!("../ts/matrix.d.ts")),
    ("render.d.ts", include_str!("../ts/render.d.ts")),
    ("value.d.ts", include_str!("../ts/value.d.ts")),
    ("import.d.ts", include_str!("../ts/import.d.ts")),
    ("diagnostics.d.ts", include_str!("../ts/diagnostics.d.ts")),
    ("learning.d.ts", include_str!("../ts/learning.d.ts")),
];

/// Interfaces the binding defines itself (not a core type).
const BINDING_OWN: [&str; 21] = [
    "ComparedModel",
    "CompressedRows",
    "CovariateTable",
    "CovariateTables",
    "CovariateFitOptions",
    "CompareModelsOptions",
    "ModelError",
    "CytoscapeElement",
    "CytoscapeJson",
    "RfmSummary",
    "RfmSummaryOptions",
    "DiscreteSummary",
    "DiscreteSummaryOptions",
    "DiscreteHoldout",
    // The import's inputs and the mapping (checked by the tests below and by the core's reader).
    "ImportFile",
    "CrmMapping",
    "ImportReport",
    "HoldoutTableRow",
    "TrackingResult",
    "FrequencyRecencyOptions",
    "Snapshot",
];

#[derive(Debug, Clone)]
struct Prop {
    name: String,
    optional: bool,
    ty: String,
}

#[derive(Debug, Default)]
struct Declarations {
    interfaces: BTreeMap<String, Vec<Prop>>,
    types: BTreeMap<String, String>,
}

/// A small reader for the declaration style used in `ts/`: one property per line,
/// JSDoc comments, `export type X = ...;` on one line.
fn parse(text: &str, into: &mut Declarations) {
    let mut current: Option<(String, Vec<Prop>)> = None;
    for line in text.lines() {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("export interface ") {
            let name = rest.split([' ', '{']).next().unwrap().to_owned();
            current = Some((name, Vec::new()));
        } else if let Some(rest) = t.strip_prefix("export type ") {
            let (name, ty) = rest.split_once(" = ").expect("export type X = ...;");
            into.types.insert(name.to_owned(), ty.trim_end_matches(';').to_owned());
        } else if t == "}" {
            if let Some((name, props)) = current.take() {
                into.interfaces.insert(name, props);
            }
        } else if let Some((_, props)) = current.as_mut() {
            if t.is_empty() || t.starts_with("/**") || t.starts_with('*') || t.starts_with("//") || t.starts_with('[') {
                continue;
            }
            let (head, ty) = t.split_once(": ").unwrap_or_else(|| panic!("not a property line: {t}"));
            let optional = head.ends_with('?');
            let name = head.trim_end_matches('?').to_owned();
            props.push(Prop { name, optional, ty: ty.trim_end_matches(';').to_owned() });
        }
    }
}

fn declarations() -> Declarations {
    let mut d = Declarations::default();
    for (_, text) in FILES {
        parse(text, &mut d);
    }
    d
}

/// A field of a core type: its serde name and whether its value may be `null`.
#[derive(Debug)]
struct Field {
    name: String,
    nullable: bool,
}

fn nullable(schema: &Value) -> bool {
    let has_null = |v: &Value| v.get("type").is_some_and(|t| t == "null");
    match schema.get("type") {
        Some(Value::Array(types)) if types.iter().any(|t| t == "null") => return true,
        _ => {}
    }
    ["anyOf", "oneOf"].iter().any(|k| schema.get(k).and_then(Value::as_array).is_some_and(|a| a.iter().any(has_null)))
}

fn object_fields(schema: &Value) -> Vec<Field> {
    let props = schema.get("properties").and_then(Value::as_object).expect("an object schema");
    props.iter().map(|(name, s)| Field { name: name.clone(), nullable: nullable(s) }).collect()
}

/// The fields of a type with a JSON Schema.
fn schema_fields<T: JsonSchema>() -> Vec<Field> {
    object_fields(&schemars::schema_for!(T).to_value())
}

/// The fields a `Deserialize` struct reads (its serde names), for types without a schema.
fn de_fields<T: DeserializeOwned>() -> Vec<Field> {
    use serde::de::{self, Visitor};

    struct Probe<'a>(&'a mut &'static [&'static str]);

    impl<'de> de::Deserializer<'de> for Probe<'_> {
        type Error = de::value::Error;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not a struct"))
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            fields: &'static [&'static str],
            _visitor: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(de::Error::custom("field names read"))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
            unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }

    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Probe(&mut fields));
    assert!(!fields.is_empty(), "{} is not a struct", std::any::type_name::<T>());
    // Without a schema nullability is unknown: the declaration is trusted there.
    fields.iter().map(|f| Field { name: (*f).to_owned(), nullable: false }).collect()
}

/// The interface `name` declares exactly the camelCase fields, nullable ones as such.
fn check_interface(d: &Declarations, name: &str, fields: Vec<Field>) -> Result<(), String> {
    let props = d.interfaces.get(name).ok_or_else(|| format!("{name}: not declared"))?;
    let declared: BTreeSet<&str> = props.iter().map(|p| p.name.as_str()).collect();
    let expected: BTreeSet<String> = fields.iter().map(|f| camel(&f.name)).collect();
    let expected: BTreeSet<&str> = expected.iter().map(String::as_str).collect();
    if declared != expected {
        return Err(format!(
            "{name}: declared but not in the core: {:?}; in the core but not declared: {:?}",
            declared.difference(&expected).collect::<Vec<_>>(),
            expected.difference(&declared).collect::<Vec<_>>()
        ));
    }
    for f in fields.iter().filter(|f| f.nullable) {
        let p = props.iter().find(|p| p.name == camel(&f.name)).unwrap();
        if !p.optional && !p.ty.split(" | ").any(|t| t == "null") {
            return Err(format!("{name}.{}: may be null, declared `{}`", p.name, p.ty));
        }
    }
    Ok(())
}

/// The quoted names of a string union.
fn union_names(d: &Declarations, name: &str) -> Vec<String> {
    let ty = d.types.get(name).unwrap_or_else(|| panic!("type {name} not declared"));
    ty.split(" | ").filter_map(|t| t.strip_prefix('"').and_then(|t| t.strip_suffix('"'))).map(str::to_owned).collect()
}

/// Each declared name reads as `T` and writes back unchanged.
fn check_union_round_trip<T: Serialize + DeserializeOwned>(d: &Declarations, name: &str) -> Vec<String> {
    let names = union_names(d, name);
    assert!(!names.is_empty(), "{name} declares no names");
    for n in &names {
        let v: T = serde_json::from_value(Value::String(n.clone())).unwrap_or_else(|e| panic!("{name} {n:?}: {e}"));
        assert_eq!(serde_json::to_value(&v).unwrap(), Value::String(n.clone()), "{name} {n:?}");
    }
    names
}

/// The string names a schema'd enum has (its unit variants).
fn schema_names<T: JsonSchema>() -> BTreeSet<String> {
    let s = schemars::schema_for!(T).to_value();
    let mut names = BTreeSet::new();
    if let Some(values) = s.get("enum").and_then(Value::as_array) {
        names.extend(values.iter().filter_map(Value::as_str).map(str::to_owned));
    }
    for v in s.get("oneOf").and_then(Value::as_array).into_iter().flatten() {
        if let Some(c) = v.get("const").and_then(Value::as_str) {
            names.insert(c.to_owned());
        }
        names.extend(
            v.get("enum").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).map(str::to_owned),
        );
    }
    names
}

macro_rules! interfaces {
    ($d:expr, $errors:expr, { $($name:literal => $fields:expr,)* }) => {{
        let mut checked = Vec::new();
        $(
            if let Err(e) = check_interface(&$d, $name, $fields) {
                $errors.push(e);
            }
            checked.push($name);
        )*
        checked
    }};
}

/// The calendar and mail options also take `our_domains` and `account_domains` at the top.
fn with_sides(mut fields: Vec<Field>) -> Vec<Field> {
    for name in ["our_domains", "account_domains"] {
        fields.push(Field { name: name.to_owned(), nullable: false });
    }
    fields
}

/// The report crosses as the core's report plus its counts.
#[test]
fn the_import_report_mirrors_the_core() {
    let d = declarations();
    let mut core: BTreeSet<String> =
        schema_fields::<relmap::io::import::ImportReport>().iter().map(|f| camel(&f.name)).collect();
    core.insert("counts".to_owned());
    let declared: BTreeSet<String> = d.interfaces["ImportReport"].iter().map(|p| p.name.clone()).collect();
    assert_eq!(declared, core);
}

#[test]
fn every_interface_mirrors_its_core_type() {
    let d = declarations();
    let mut errors = Vec::new();
    let mut checked = interfaces!(d, errors, {
        // model
        "Account" => schema_fields::<model::Account>(),
        "Stakeholder" => schema_fields::<model::Stakeholder>(),
        "Relation" => schema_fields::<model::Relation>(),
        "TeamMember" => schema_fields::<model::TeamMember>(),
        "Interaction" => schema_fields::<model::Interaction>(),
        "Milestone" => schema_fields::<model::Milestone>(),
        "Criterion" => schema_fields::<model::Criterion>(),
        "Opportunity" => schema_fields::<model::Opportunity>(),
        "Qualified" => schema_fields::<model::Qualified>(),
        "Metrics" => schema_fields::<model::Metrics>(),
        "PersonElement" => schema_fields::<model::PersonElement>(),
        "ChampionElement" => schema_fields::<model::ChampionElement>(),
        "ProcessStep" => schema_fields::<model::ProcessStep>(),
        "ProcessElement" => schema_fields::<model::ProcessElement>(),
        "Meddpicc" => schema_fields::<model::Meddpicc>(),
        "BuyingInfluence" => schema_fields::<model::BuyingInfluence>(),
        // decision chain
        "RoleAuthority" => schema_fields::<chain::RoleAuthority>(),
        "KeyPlayerRule" => schema_fields::<chain::KeyPlayerRule>(),
        "ChainConfig" => schema_fields::<chain::ChainConfig>(),
        "RedFlag" => schema_fields::<chain::RedFlag>(),
        "AccessPath" => schema_fields::<chain::AccessPath>(),
        "NextBestContact" => schema_fields::<chain::NextBestContact>(),
        "KeyPlayer" => schema_fields::<chain::KeyPlayer>(),
        "Broker" => schema_fields::<chain::Broker>(),
        "Coverage" => schema_fields::<chain::Coverage>(),
        "Influencer" => schema_fields::<chain::Influencer>(),
        "ChainSummary" => schema_fields::<chain::ChainSummary>(),
        "SummaryLengths" => schema_fields::<chain::SummaryLengths>(),
        "StanceChange" => schema_fields::<chain::StanceChange>(),
        "RoleChange" => schema_fields::<chain::RoleChange>(),
        "ReportsToChange" => schema_fields::<chain::ReportsToChange>(),
        "RelationChange" => schema_fields::<chain::RelationChange>(),
        "MapDiff" => schema_fields::<chain::MapDiff>(),
        // trust
        "ChannelWeights" => schema_fields::<trust::ChannelWeights>(),
        "PillarWeights" => schema_fields::<trust::PillarWeights>(),
        "CommitmentCredit" => schema_fields::<trust::CommitmentCredit>(),
        "TrustConfig" => schema_fields::<trust::TrustConfig>(),
        "EvidenceContribution" => schema_fields::<trust::EvidenceContribution>(),
        "PillarScore" => schema_fields::<trust::PillarScore>(),
        "TrustScore" => schema_fields::<trust::TrustScore>(),
        "PillarSources" => schema_fields::<trust::PillarSources>(),
        "StakeholderTrust" => schema_fields::<trust::StakeholderTrust>(),
        "TrustCoverage" => schema_fields::<trust::TrustCoverage>(),
        "TrustReport" => schema_fields::<trust::TrustReport>(),
        // stage
        "MilestoneDef" => schema_fields::<stage::MilestoneDef>(),
        "StageDef" => schema_fields::<stage::StageDef>(),
        "StageModel" => schema_fields::<stage::StageModel>(),
        "StageAssessment" => schema_fields::<stage::StageAssessment>(),
        // deal health
        "FactorWeights" => schema_fields::<health::FactorWeights>(),
        "DealHealthConfig" => schema_fields::<health::DealHealthConfig>(),
        "Factor" => schema_fields::<health::Factor>(),
        "Action" => schema_fields::<health::Action>(),
        "DealHealth" => schema_fields::<health::DealHealth>(),
        "FactorTally" => schema_fields::<health::FactorTally>(),
        "PortfolioHealth" => schema_fields::<health::PortfolioHealth>(),
        "Outcome" => schema_fields::<health::Outcome>(),
        "CalibrationConfig" => schema_fields::<health::CalibrationConfig>(),
        "Calibration" => schema_fields::<health::Calibration>(),
        // matrices
        "AccountPoint" => schema_fields::<matrix::AccountPoint>(),
        "QuadrantPolicy" => schema_fields::<matrix::QuadrantPolicy>(),
        "ClassificationConfig" => schema_fields::<matrix::ClassificationConfig>(),
        "ClassifiedAccount" => schema_fields::<matrix::ClassifiedAccount>(),
        "ClassificationMatrix" => schema_fields::<matrix::ClassificationMatrix>(),
        "CompetitionConfig" => schema_fields::<matrix::CompetitionConfig>(),
        "CriterionRow" => schema_fields::<matrix::CriterionRow>(),
        "VendorStanding" => schema_fields::<matrix::VendorStanding>(),
        "StakeholderView" => schema_fields::<matrix::StakeholderView>(),
        "CriterionGap" => schema_fields::<matrix::CriterionGap>(),
        "CompetitionMatrix" => schema_fields::<matrix::CompetitionMatrix>(),
        // pictures
        "Overlay" => de_fields::<render::Overlay>(),
        "LayoutConfig" => de_fields::<render::LayoutConfig>(),
        "RenderOptions" => de_fields::<render::RenderOptions>(),
        "LineOptions" => de_fields::<render::LineOptions>(),
        // customer value
        "HoldoutSummary" => de_fields::<value::HoldoutSummary>(),
        "BetaGeoParams" => de_fields::<value::BetaGeoParams>(),
        "ParetoNbdParams" => de_fields::<value::ParetoNbdParams>(),
        "BetaGeoBetaBinomParams" => de_fields::<value::BetaGeoBetaBinomParams>(),
        "GammaGammaParams" => de_fields::<value::GammaGammaParams>(),
        "OptimizerConfig" => de_fields::<value::OptimizerConfig>(),
        "FitConfig" => de_fields::<value::FitConfig>(),
        "FitReport" => de_fields::<value::FitReport>(),
        "ShiftedBetaGeoParams" => de_fields::<value::ShiftedBetaGeoParams>(),
        "FitSummary" => de_fields::<value::FitSummary>(),
        "ErrorMetrics" => de_fields::<value::ErrorMetrics>(),
        "LikelihoodRatioTest" => de_fields::<value::LikelihoodRatioTest>(),
        "RelationshipCovariateConfig" => de_fields::<value::RelationshipCovariateConfig>(),
        "RelationshipCovariates" => de_fields::<value::RelationshipCovariates>(),
        "ClvConfig" => de_fields::<value::ClvConfig>(),
        "IntervalConfig" => de_fields::<value::IntervalConfig>(),
        "PredictionIntervals" => de_fields::<value::PredictionIntervals>(),
        "TierConfig" => de_fields::<value::TierConfig>(),
        "TierReport" => de_fields::<value::TierReport>(),
        "LifecycleConfig" => de_fields::<value::LifecycleConfig>(),
        "LifecycleReport" => de_fields::<value::LifecycleReport>(),
        "ChurnConfig" => de_fields::<value::ChurnConfig>(),
        "ChurnWarning" => de_fields::<value::ChurnWarning>(),
        "RelationshipSignal" => de_fields::<value::RelationshipSignal>(),
        "SegmentRule" => de_fields::<value::SegmentRule>(),
        "RfmScoreConfig" => de_fields::<value::RfmScoreConfig>(),
        "RfmScores" => de_fields::<value::RfmScores>(),
        // importers and activity
        "ReportLine" => schema_fields::<relmap::io::import::ReportLine>(),
        "Counts" => schema_fields::<relmap::io::import::Counts>(),
        "Party" => schema_fields::<relmap::activity::Party>(),
        "Observation" => schema_fields::<relmap::activity::Observation>(),
        "ActivityLog" => schema_fields::<relmap::activity::ActivityLog>(),
        "StrengthWeights" => schema_fields::<relmap::activity::StrengthWeights>(),
        "ActivityConfig" => schema_fields::<relmap::activity::ActivityConfig>(),
        "GhostStakeholder" => schema_fields::<relmap::activity::GhostStakeholder>(),
        "RelationEvidence" => schema_fields::<relmap::activity::RelationEvidence>(),
        "SuggestedRelation" => schema_fields::<relmap::activity::SuggestedRelation>(),
        "StrengthComponents" => schema_fields::<relmap::activity::StrengthComponents>(),
        "ActivityStrength" => schema_fields::<relmap::activity::ActivityStrength>(),
        "ChannelRule" => schema_fields::<relmap::io::import::calendar::ChannelRule>(),
        "CrmImportOptions" => schema_fields::<relmap::io::import::CrmOptions>(),
        "MailImportOptions" => with_sides(schema_fields::<relmap::io::import::MailOptions>()),
        "CalendarImportOptions" => with_sides(schema_fields::<relmap::io::import::CalendarOptions>()),
        // does the model fit?
        "HoldoutConfig" => de_fields::<value::HoldoutConfig>(),
        "ErrorMetrics" => de_fields::<value::ErrorMetrics>(),
        "HoldoutBin" => de_fields::<value::HoldoutBin>(),
        "HoldoutEvaluation" => de_fields::<value::HoldoutEvaluation>(),
        "Tracking" => de_fields::<value::Tracking>(),
        "PeriodTransactionsConfig" => de_fields::<value::PeriodTransactionsConfig>(),
        "PeriodBin" => de_fields::<value::PeriodBin>(),
        "PeriodTransactions" => de_fields::<value::PeriodTransactions>(),
        "FrequencyRecencyMatrix" => de_fields::<value::FrequencyRecencyMatrix>(),
        "TierCount" => de_fields::<value::TierCount>(),
        "TierOverview" => de_fields::<value::TierOverview>(),
        "ChartOptions" => de_fields::<render::ChartOptions>(),
        // learning from the team
        "MergeConfig" => schema_fields::<perception::MergeConfig>(),
        "PerceiverAccuracy" => schema_fields::<perception::PerceiverAccuracy>(),
        "StanceReading" => schema_fields::<perception::StanceReading>(),
        "ManagerVote" => schema_fields::<perception::ManagerVote>(),
        "InfluenceRange" => schema_fields::<perception::InfluenceRange>(),
        "SupportRange" => schema_fields::<perception::SupportRange>(),
        "UnjudgedTie" => schema_fields::<perception::UnjudgedTie>(),
        "MergedPerceptions" => schema_fields::<perception::MergedPerceptions>(),
        "OpennessFitConfig" => schema_fields::<history::FitConfig>(),
        "SimulationConfig" => schema_fields::<history::SimulationConfig>(),
        "OpennessEstimate" => schema_fields::<history::OpennessEstimate>(),
        "ScaleEstimate" => schema_fields::<history::ScaleEstimate>(),
        "OpennessFit" => schema_fields::<history::OpennessFit>(),
        "PredictedStance" => schema_fields::<history::PredictedStance>(),
        "HeldOutStance" => schema_fields::<history::HeldOutStance>(),
        "OpennessHoldout" => schema_fields::<history::Holdout>(),
        "PersonRef" => schema_fields::<network::PersonRef>(),
        "SamePerson" => schema_fields::<network::SamePerson>(),
        "NetworkConfig" => schema_fields::<network::NetworkConfig>(),
        "Appearance" => schema_fields::<network::Appearance>(),
        "Person" => schema_fields::<network::Person>(),
        "MemberTie" => schema_fields::<network::MemberTie>(),
        "PathStep" => schema_fields::<network::PathStep>(),
        "WarmPath" => schema_fields::<network::WarmPath>(),
        "PersonMove" => schema_fields::<network::PersonMove>(),
    });

    // The evidence union: one interface per `kind`, each a variant of the document's form.
    let evidence = schemars::schema_for!(model::Evidence).to_value();
    for variant in evidence["oneOf"].as_array().expect("evidence is a tagged union") {
        let kind = variant["properties"]["kind"]["const"].as_str().expect("a kind tag").to_owned();
        let c = camel(&kind);
        let name = format!("{}{}Evidence", c[..1].to_uppercase(), &c[1..]);
        if let Err(e) = check_interface(&d, &name, object_fields(variant)) {
            errors.push(e);
        }
        let declared_kind = &d.interfaces[&name].iter().find(|p| p.name == "kind").unwrap().ty;
        assert_eq!(declared_kind, &format!("\"{kind}\""), "{name}.kind");
        checked.push(Box::leak(name.into_boxed_str()));
    }

    let unchecked: Vec<&String> =
        d.interfaces.keys().filter(|k| !checked.contains(&k.as_str()) && !BINDING_OWN.contains(&k.as_str())).collect();
    assert!(unchecked.is_empty(), "interfaces not checked against the core: {unchecked:?}");
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// The summary crosses as typed arrays, built by the binding: the same fields as
/// the core's, with the BTYD spelling `T` for the age.
#[test]
fn the_summary_and_its_options_mirror_the_core() {
    let d = declarations();
    let core: BTreeSet<String> = de_fields::<value::RfmSummary<String>>()
        .iter()
        .map(|f| if f.name == "t" { "T".into() } else { camel(&f.name) })
        .collect();
    let declared: BTreeSet<String> = d.interfaces["RfmSummary"].iter().map(|p| p.name.clone()).collect();
    assert_eq!(declared, core);
    // The options are the core's `SummaryConfig` plus the calibration end and the margins.
    let mut options: BTreeSet<String> = de_fields::<value::SummaryConfig>().iter().map(|f| camel(&f.name)).collect();
    options.extend(["asOf".to_owned(), "margins".to_owned()]);
    let declared: BTreeSet<String> = d.interfaces["RfmSummaryOptions"].iter().map(|p| p.name.clone()).collect();
    assert_eq!(declared, options);
}

/// The discrete summary crosses as typed arrays too: the core's fields in camelCase;
/// its options are the core's `DiscreteSummaryConfig` plus the calibration end.
#[test]
fn the_discrete_summary_and_its_options_mirror_the_core() {
    let d = declarations();
    let names = |fields: Vec<Field>| fields.iter().map(|f| camel(&f.name)).collect::<BTreeSet<String>>();
    let declared = |name: &str| d.interfaces[name].iter().map(|p| p.name.clone()).collect::<BTreeSet<String>>();
    assert_eq!(declared("DiscreteSummary"), names(de_fields::<value::DiscreteSummary<String>>()));
    assert_eq!(declared("DiscreteHoldout"), names(de_fields::<value::DiscreteHoldout>()));
    let mut options = names(de_fields::<value::DiscreteSummaryConfig>());
    options.insert("asOf".to_owned());
    assert_eq!(declared("DiscreteSummaryOptions"), options);
}

#[test]
fn every_string_union_lists_the_core_names() {
    let d = declarations();
    macro_rules! unions {
        ($($name:literal: $ty:ty,)*) => {$(
            let names: BTreeSet<String> = check_union_round_trip::<$ty>(&d, $name).into_iter().collect();
            assert_eq!(names, schema_names::<$ty>(), "{}", $name);
        )*};
    }
    unions! {
        "Role": model::Role,
        "RelationKind": model::RelationKind,
        "Direction": model::Direction,
        "Channel": model::Channel,
        "Initiator": model::Initiator,
        "Pillar": model::Pillar,
        "Grade": model::Grade,
        "BuyingRole": model::BuyingRole,
        "ResponseMode": model::ResponseMode,
        "FlagCode": chain::FlagCode,
        "Severity": chain::Severity,
        "UnknownMilestones": stage::UnknownMilestones,
        "FactorCode": health::FactorCode,
        "HealthStatus": health::HealthStatus,
        "MeddpiccElement": model::MeddpiccElement,
        "ImportOutcome": relmap::io::import::Outcome,
        "ImportEntity": relmap::io::import::Entity,
        "ImportReason": relmap::io::import::Reason,
        "ObservationKind": relmap::activity::ObservationKind,
        "Quadrant": matrix::Quadrant,
        "InfluenceSource": matrix::InfluenceSource,
        // Mixed unions: their string members here, their object members below.
        "BetweennessMode": chain::BetweennessMode,
        "Threshold": matrix::Threshold,
        "TimeUnit": value::TimeUnit,
        "Tier": value::Tier,
        "LifecycleStage": value::LifecycleStage,
        "Period": value::Period,
    }
    // Written by the core only (no Deserialize): the schema's names.
    for (name, core) in [
        ("EvidenceSource", schema_names::<trust::EvidenceSource>()),
        ("TrustLevel", schema_names::<trust::TrustLevel>()),
        ("CommitmentOutcome", schema_names::<trust::CommitmentOutcome>()),
    ] {
        let names: BTreeSet<String> = union_names(&d, name).into_iter().collect();
        assert_eq!(names, core, "{name}");
    }
    // Without a schema: each name reads and writes back, and there are as many as the core has.
    assert_eq!(check_union_round_trip::<value::ChurnSignal>(&d, "ChurnSignal").len(), 4);
    assert_eq!(check_union_round_trip::<value::Severity>(&d, "ChurnSeverity").len(), 3);
    assert_eq!(check_union_round_trip::<render::View>(&d, "View"), ["auto", "chart", "matrix"]);
    assert_eq!(check_union_round_trip::<render::Switch>(&d, "Switch"), ["auto", "on", "off"]);
    assert_eq!(d.types["LineLimit"], r#""auto" | "all" | { strongest: number }"#);
    let k: render::LineLimit = serde_json::from_str(r#"{"strongest": 2}"#).unwrap();
    assert_eq!(k, render::LineLimit::Strongest(2));
    assert_eq!(check_union_round_trip::<render::Theme>(&d, "Theme"), ["light", "dark"]);
    assert_eq!(
        check_union_round_trip::<value::MatrixQuantity>(&d, "MatrixQuantity"),
        ["expected_purchases", "p_alive"]
    );
    assert_eq!(
        check_union_round_trip::<history::EstimateStatus>(&d, "EstimateStatus"),
        ["fitted", "at_bound", "no_signal", "no_observations"]
    );
    assert_eq!(check_union_round_trip::<perception::StanceRule>(&d, "StanceRule"), ["median", "mean"]);
    assert_eq!(
        check_union_round_trip::<perception::MergeRule>(&d, "MergeRule"),
        ["intersection", "union", "las_and", "las_or"]
    );
    assert!(d.types["MergeRule"].ends_with(r#" | { share: number }"#));
    let share: perception::MergeRule = serde_json::from_str(r#"{"share": 0.5}"#).unwrap();
    assert_eq!(share, perception::MergeRule::Share(0.5));
    assert_eq!(check_union_round_trip::<network::IdentityKey>(&d, "IdentityKey"), ["stakeholder_id", "email"]);
    assert!(d.types["IdentityKey"].ends_with(r#" | { crm_id: string }"#));
    let crm: network::IdentityKey = serde_json::from_str(r#"{"crm_id": "salesforce"}"#).unwrap();
    assert_eq!(crm, network::IdentityKey::CrmId("salesforce".into()));

    // The object members of the mixed unions read as declared.
    assert_eq!(d.types["BetweennessMode"], r#""off" | "exact" | { up_to: number } | { sampled: number }"#);
    let up_to: chain::BetweennessMode = serde_json::from_str(r#"{"up_to": 10}"#).unwrap();
    assert_eq!(up_to, chain::BetweennessMode::UpTo(10));
    let sampled: chain::BetweennessMode = serde_json::from_str(r#"{"sampled": 200}"#).unwrap();
    assert_eq!(sampled, chain::BetweennessMode::Sampled(200));
    assert_eq!(d.types["Threshold"], r#""median" | { quantile: number } | { fixed: number }"#);
    let q: matrix::Threshold = serde_json::from_str(r#"{"quantile": 0.8}"#).unwrap();
    assert_eq!(q, matrix::Threshold::Quantile(0.8));
    let f: matrix::Threshold = serde_json::from_str(r#"{"fixed": 60}"#).unwrap();
    assert_eq!(f, matrix::Threshold::Fixed(60.0));
    assert_eq!(d.types["Period"], r#""year" | "quarter" | "month" | { days: number }"#);
    let p: value::Period = serde_json::from_str(r#"{"days": 7}"#).unwrap();
    assert_eq!(p, value::Period::Days(7));
}

#[test]
fn declarations_never_say_any() {
    for (file, text) in FILES {
        for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim_start().starts_with(['/', '*'])) {
            let words = line.split(|c: char| !c.is_alphanumeric() && c != '_');
            assert!(!words.clone().any(|w| w == "any"), "{file}:{}: {line}", i + 1);
        }
    }
}
