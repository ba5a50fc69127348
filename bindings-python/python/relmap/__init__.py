"""relmap: key-account relationship intelligence.

The maps, analyses and models live in the Rust core; this package is a thin
layer over its native module ``relmap._relmap`` that adds the notebook
comforts: result objects with ``to_pandas()``, pictures shown inline,
pickling through JSON, numpy and pandas in ``relmap.value``.

>>> import relmap
>>> m = relmap.RelationshipMap("acme", name="Acme Group")
>>> m.add_stakeholder("ceo", name="Chen Wei", roles=["economic_buyer"])
>>> m.add_stakeholder("cio", name="Liu Yang", reports_to="ceo", stance=3)
>>> m.add_relation("cio", "ceo", kind="influences", strength=0.7)
>>> len(m), m.stakeholder_ids
(2, ['ceo', 'cio'])
>>> chain = m.decision_chain()
>>> round(chain.influence["ceo"], 3), round(chain.predicted_support, 3)
(0.667, 0.2)
"""

from typing import Any

from . import io, value
from ._chain import (
    AccessPath,
    Broker,
    ChainSummary,
    Coverage,
    DecisionChain,
    Influencer,
    KeyPlayer,
    NextBestContact,
    RedFlag,
    RedFlagList,
)
from ._classification import ClassificationMatrix, classify, classify_portfolio
from ._competition import CompetitionMatrix
from ._defaults import default_chain_config, default_render_options, default_stage_model, default_trust_config
from ._diff import MapDiff
from ._errors import error_codes
from ._guard import ArgumentOverflowError, ArgumentTypeError, guard_module
from ._health import (
    Action,
    Calibration,
    DealHealth,
    DealHealthList,
    Factor,
    FactorTally,
    PortfolioHealth,
    calibrate,
    deal_health_chart,
    portfolio_deal_health,
)
from ._importing import (
    ActivityStrength,
    GhostList,
    GhostStakeholder,
    ImportCounts,
    ImportReport,
    RelationEvidence,
    ReportLine,
    StrengthComponents,
    StrengthList,
    SuggestedRelation,
    SuggestionList,
)
from ._learning import (
    MergedPerceptions,
    OpennessFit,
    OpennessHoldout,
    Portfolio,
    PortfolioNetwork,
    fit_openness,
    merge_perceptions,
    openness_holdout,
    simulate_history,
)
from ._map import RelationshipMap, load
from ._relmap import ConvergenceError, FormatError, RelmapError, ValidationError, __version__
from ._stage import StageAssessment, StageList
from ._trust import (
    EvidenceContribution,
    PillarScore,
    StakeholderTrust,
    TrustCoverage,
    TrustReport,
    TrustScore,
)

__all__ = [
    "AccessPath",
    "Action",
    "ActivityStrength",
    "ArgumentOverflowError",
    "ArgumentTypeError",
    "Broker",
    "Calibration",
    "ChainSummary",
    "ClassificationMatrix",
    "CompetitionMatrix",
    "ConvergenceError",
    "Coverage",
    "DealHealth",
    "DealHealthList",
    "DecisionChain",
    "EvidenceContribution",
    "Factor",
    "FactorTally",
    "FormatError",
    "GhostList",
    "GhostStakeholder",
    "ImportCounts",
    "ImportReport",
    "Influencer",
    "KeyPlayer",
    "MapDiff",
    "MergedPerceptions",
    "NextBestContact",
    "OpennessFit",
    "OpennessHoldout",
    "PillarScore",
    "Portfolio",
    "PortfolioNetwork",
    "PortfolioHealth",
    "RedFlag",
    "RedFlagList",
    "RelationEvidence",
    "RelationshipMap",
    "RelmapError",
    "ReportLine",
    "StageAssessment",
    "StageList",
    "StakeholderTrust",
    "StrengthComponents",
    "StrengthList",
    "SuggestedRelation",
    "SuggestionList",
    "TrustCoverage",
    "TrustReport",
    "TrustScore",
    "ValidationError",
    "__version__",
    "calibrate",
    "classify",
    "classify_portfolio",
    "deal_health_chart",
    "default_chain_config",
    "default_render_options",
    "default_stage_model",
    "default_trust_config",
    "error_codes",
    "fit_openness",
    "io",
    "load",
    "merge_perceptions",
    "openness_holdout",
    "simulate_history",
    "portfolio_deal_health",
    "value",
]

# Every public function and method raises the argument errors of Python and of the
# native module's conversions (TypeError, OverflowError, UnicodeEncodeError) as relmap
# errors with `code` and `field` (see `_guard`).
guard_module(globals(), __all__)
for _name, _module in list(globals().items()):
    # The public submodules (relmap.value, and any added later).
    if isinstance(_module, type(value)) and not _name.startswith("_") and _module.__name__.startswith("relmap."):
        guard_module(vars(_module), getattr(_module, "__all__", ()))


def __getattr__(name: str) -> Any:
    # relmap.TextFrame, the DataFrame of the tables with long text: a pandas subclass,
    # so it is defined when asked for (``import relmap`` does not import pandas), and
    # it stays out of ``__all__`` and ``dir()`` for the same reason.
    if name == "TextFrame":
        from ._tables import TextFrame

        return TextFrame
    raise AttributeError(f"module 'relmap' has no attribute {name!r}")


def __dir__() -> list[str]:
    return list(__all__)
