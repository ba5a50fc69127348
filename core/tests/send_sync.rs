//! Every public type of relmap is `Send + Sync`: a map, a result or an error can be
//! shared between threads (an `Arc<RelationshipMap>` read by many requests, a result
//! sent from a worker thread). The assertions are checked by the compiler; the second
//! test keeps the list complete (a new public struct or enum must be added here).

use relmap::*;

const fn send_sync<T: Send + Sync + ?Sized>() {}

macro_rules! all_send_sync {
    ($($ty:ty,)*) => {
        /// The public types, by path.
        const LISTED: &[&str] = &[$(stringify!($ty)),*];
        const _: () = { $(send_sync::<$ty>();)* };
    };
}

all_send_sync! {
    activity::ActivityConfig,
    activity::ActivityLog,
    activity::ActivityStrength,
    activity::GhostStakeholder,
    activity::Observation,
    activity::ObservationKind,
    activity::Party,
    activity::RelationEvidence,
    activity::StrengthComponents,
    activity::StrengthWeights,
    activity::SuggestedRelation,
    chain::AccessPath,
    chain::BetweennessMode,
    chain::Broker,
    chain::ChainConfig,
    chain::ChainError,
    chain::ChainSummary,
    chain::Coverage,
    chain::DecisionChain,
    chain::FlagCode,
    chain::Influencer,
    chain::KeyPlayer,
    chain::KeyPlayerRule,
    chain::MapDiff,
    chain::NextBestContact,
    chain::RedFlag,
    chain::RelationChange,
    chain::ReportsToChange,
    chain::RoleAuthority,
    chain::RoleChange,
    chain::Severity,
    chain::StanceChange,
    chain::SummaryLengths,
    chain::Tie,
    error::Error,
    error::ErrorCode,
    error::ErrorInfo,
    error::ErrorKind,
    health::Action,
    health::Calibration,
    health::CalibrationConfig,
    health::DealHealth,
    health::DealHealthConfig,
    health::Factor,
    health::FactorCode,
    health::FactorTally,
    health::FactorWeights,
    health::HealthError,
    health::HealthStatus,
    health::Outcome,
    health::PortfolioHealth,
    history::EstimateStatus,
    history::FitConfig,
    history::HeldOutStance,
    history::HistoryError,
    history::Holdout,
    history::OpennessEstimate,
    history::OpennessFit,
    history::PredictedStance,
    history::ScaleEstimate,
    history::SimulationConfig,
    history::Snapshot<'static>,
    io::FormatError,
    io::csv::CsvLocation,
    io::import::Counts,
    io::import::Entity,
    io::import::ImportError,
    io::import::ImportReport,
    io::import::Outcome,
    io::import::Reason,
    io::import::ReportLine,
    io::import::SourceFile,
    io::import::calendar::CalendarOptions,
    io::import::calendar::ChannelRule,
    io::import::crm::CrmMapping,
    io::import::crm::CrmOptions,
    io::import::crm::DateOrder,
    io::import::crm::Table,
    io::import::crm::TableKind,
    io::import::mail::MailOptions,
    matrix::AccountPoint,
    matrix::ClassificationConfig,
    matrix::ClassificationMatrix,
    matrix::ClassifiedAccount,
    matrix::CompetitionConfig,
    matrix::CompetitionMatrix,
    matrix::CriterionGap,
    matrix::CriterionRow,
    matrix::InfluenceSource,
    matrix::MatrixError,
    matrix::Quadrant,
    matrix::QuadrantPolicy,
    matrix::StakeholderView,
    matrix::Threshold,
    matrix::VendorStanding,
    model::Account,
    model::Assessment<'static>,
    model::AssessmentMut<'static>,
    model::BuyingInfluence,
    model::BuyingRole,
    model::ChampionElement,
    model::Channel,
    model::Criterion,
    model::Direction,
    model::ElementStatus<'static>,
    model::Evidence,
    model::EvidenceKind,
    model::Grade,
    model::Initiator,
    model::Interaction,
    model::MapDocument,
    model::Meddpicc,
    model::MeddpiccElement,
    model::Metrics,
    model::Milestone,
    model::ModelError,
    model::Opportunity,
    model::PersonElement,
    model::PersonRef,
    model::Pillar,
    model::Portfolio,
    model::ProcessElement,
    model::ProcessStep,
    model::Qualified,
    model::Relation,
    model::RelationKind,
    model::RelationshipMap,
    model::ResponseMode,
    model::Role,
    model::Stakeholder,
    model::TeamMember,
    network::Appearance,
    network::IdentityKey,
    network::MemberTie,
    network::NetworkConfig,
    network::NetworkError,
    network::PathStep,
    network::Person,
    network::PersonMove,
    network::PersonRef,
    network::PortfolioNetwork,
    network::SamePerson,
    network::WarmPath,
    perception::Dispute,
    perception::DisputeSubject,
    perception::InfluenceRange,
    perception::ManagerVote,
    perception::MergeConfig,
    perception::MergeRule,
    perception::MergedPerceptions,
    perception::PerceiverAccuracy,
    perception::PerceptionError,
    perception::StanceReading,
    perception::StanceRule,
    perception::SupportRange,
    perception::UnjudgedTie,
    render::Band,
    render::ChartOptions,
    render::Layout,
    render::LayoutConfig,
    render::LineLimit,
    render::LineOptions,
    render::NodeBox,
    render::Overlay,
    render::Rect,
    render::RenderError,
    render::RenderOptions,
    render::Switch,
    render::Theme,
    render::View,
    stage::MilestoneDef,
    stage::StageAhead,
    stage::StageAssessment,
    stage::StageDef,
    stage::StageError,
    stage::StageModel,
    stage::UnknownMilestones,
    time::TimeParseError,
    time::Timestamp,
    trust::ChannelWeights,
    trust::CommitmentCredit,
    trust::CommitmentOutcome,
    trust::CompactTrust,
    trust::CompactTrustReport,
    trust::EvidenceContribution,
    trust::EvidenceList,
    trust::EvidenceSource,
    trust::PillarScore,
    trust::PillarSources,
    trust::PillarWeights,
    trust::StakeholderTrust,
    trust::TrustConfig,
    trust::TrustCoverage,
    trust::TrustError,
    trust::TrustLevel,
    trust::TrustReport,
    trust::TrustScore,
    value::BetaGeo,
    value::BetaGeoBetaBinom,
    value::BetaGeoBetaBinomParams,
    value::BetaGeoParams,
    value::ChurnConfig,
    value::ChurnSignal,
    value::ChurnWarning,
    value::ClvConfig,
    value::ComparedModel,
    value::CompressedRows,
    value::CovariateFamily,
    value::CovariateModel,
    value::CovariateSpec<'static>,
    value::Covariates,
    value::CustomerSignals<'static>,
    value::DiscreteHoldout,
    value::DiscreteSummary<String>,
    value::DiscreteSummaryConfig,
    value::ErrorMetrics,
    value::FitConfig,
    value::FitReport,
    value::FitSummary,
    value::FrequencyRecencyConfig,
    value::FrequencyRecencyMatrix,
    value::GammaGamma,
    value::GammaGammaParams,
    value::Holdout<'static>,
    value::HoldoutBin,
    value::HoldoutConfig,
    value::HoldoutEvaluation,
    value::HoldoutSummary,
    value::InformationCriteria,
    value::IntervalConfig,
    value::IntervalMethod,
    value::LifecycleConfig,
    value::LifecycleReport,
    value::LifecycleStage,
    value::LikelihoodRatioTest,
    value::MatrixQuantity,
    value::ModelScore,
    value::ModifiedBetaGeo,
    value::OptimizerConfig,
    value::ParetoNbd,
    value::ParetoNbdParams,
    value::Period,
    value::PeriodBin,
    value::PeriodTransactions,
    value::PeriodTransactionsConfig,
    value::PredictionIntervals,
    value::RelationshipCovariateConfig,
    value::RelationshipCovariates,
    value::RelationshipSignal,
    value::RfmData<'static>,
    value::RfmScoreConfig,
    value::RfmScores,
    value::RfmSummary<String>,
    value::SeededRng,
    value::SegmentRule,
    value::Severity,
    value::ShiftedBetaGeo,
    value::ShiftedBetaGeoParams,
    value::SummaryColumns<'static>,
    value::SummaryConfig,
    value::Tier,
    value::TierConfig,
    value::TierCount,
    value::TierOverview,
    value::TierReport,
    value::TimeUnit,
    value::Tracking,
    value::error::ValueError,
}

/// The public types of the optional `arrow` feature (`value::arrow`), asserted when the
/// feature is on (`cargo test --workspace` turns it on through the Python extension).
const ARROW_LISTED: &[&str] = &[
    "CustomerId",
    "CustomerKeys",
    "TextKeys",
    "TransactionColumns",
    "OutOfCoreConfig",
    "CustomerEncoder",
    "StreamingSummary",
];

#[cfg(feature = "arrow")]
const _: () = {
    use relmap::value::arrow::*;
    send_sync::<CustomerId>();
    send_sync::<CustomerKeys>();
    send_sync::<TextKeys>();
    send_sync::<TransactionColumns>();
    send_sync::<OutOfCoreConfig>();
    send_sync::<CustomerEncoder>();
    send_sync::<StreamingSummary>();
};

#[test]
fn every_public_struct_and_enum_is_listed() {
    // The names of the listed types, without their generics.
    let listed: std::collections::HashSet<String> = LISTED
        .iter()
        .map(|path| {
            let path = path.split('<').next().unwrap().replace(' ', "");
            path.rsplit("::").next().unwrap().to_owned()
        })
        .chain(ARROW_LISTED.iter().map(|name| (*name).to_owned()))
        .collect();
    let mut missing = Vec::new();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut dirs = vec![src];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            for line in std::fs::read_to_string(&path).unwrap().lines() {
                let line = line.trim_start();
                let Some(rest) = line.strip_prefix("pub struct ").or_else(|| line.strip_prefix("pub enum ")) else {
                    continue;
                };
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                // The README's doctests hang off a struct that exists only under `cfg(doctest)`;
                // a `pub struct $name` in a macro is listed under the names it is given.
                if !name.is_empty() && name != "ReadmeDoctests" && !listed.contains(&name) {
                    missing.push(format!("{}: {name}", path.display()));
                }
            }
        }
    }
    assert!(missing.is_empty(), "public types missing from core/tests/send_sync.rs: {missing:#?}");
    assert!(LISTED.len() > 250, "{}", LISTED.len());
}

#[test]
fn a_map_is_shared_by_threads() {
    let map = std::sync::Arc::new(RelationshipMap::new(model::Account::new("acme", "Acme")));
    let ids: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let map = std::sync::Arc::clone(&map);
                s.spawn(move || map.account().id.clone())
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(ids, ["acme"; 4]);
}
