"""Type stubs of the native module relmap._relmap (checked by mypy.stubtest)."""

import os
from collections.abc import Mapping, Sequence
from typing import Any, Literal, final

import numpy as np
import numpy.typing as npt
from typing_extensions import Self, TypeAlias, disjoint_base

__all__ = [
    "__version__",
    "RelmapError",
    "ValidationError",
    "FormatError",
    "ConvergenceError",
    "MapBase",
    "ChainCore",
    "_error",
    "_error_codes",
    "_classify",
    "_classify_portfolio",
    "_portfolio_deal_health",
    "_calibrate",
    "_deal_health_chart",
    "_default",
    "_schema",
    "_rfm_summary",
    "_ArrowBuffer",
    "_arrow_floats",
    "_arrow_times",
    "_arrow_codes",
    "_TextKeys",
    "_object_codes",
    "_category_codes",
    "_rfm_summary_stream",
    "_rfm_summary_parquet",
    "_fit_purchase",
    "_fit_gamma_gamma",
    "_compress_rows",
    "_p_alive",
    "_expected_purchases",
    "_log_likelihood",
    "_expected_spend",
    "_clv",
    "_mean_spend",
    "_probability_of_purchases",
    "_expected_repeat_purchases",
    "_probability_of_repeat_purchases",
    "_discrete_summary",
    "_fit_sbg",
    "_fit_sbg_cohorts",
    "_sbg_at",
    "_sbg_curve",
    "_sbg_expected_lifetime",
    "_sbg_del",
    "_sbg_derl",
    "_sbg_p_renew_customers",
    "_sbg_clv",
    "_sbg_log_likelihood",
    "_dert",
    "_compare_models",
    "_fit_summary",
    "_information_criteria",
    "_purchase_intervals",
    "_spend_intervals",
    "_clv_intervals",
    "_fit_covariates",
    "_covariate_predict",
    "_covariate_summary",
    "_covariate_intervals",
    "_likelihood_ratio_test",
    "_relationship_covariates",
    "_tier",
    "_lifecycle",
    "_churn_warnings",
    "_rfm_scores",
    "_import",
    "_activity",
    "_accept_ghost",
    "_accept_relation",
    "_crm_preset",
    "CRM_PRESETS",
    "_holdout_evaluation",
    "_tracking",
    "_period_transactions",
    "_frequency_recency_matrix",
    "_tier_overview",
    "_plot_value",
    "_merge_perceptions",
    "_fit_openness",
    "_openness_holdout",
    "_predict_next",
    "_apply_openness",
    "_simulate_history",
    "PortfolioNetworkBase",
]

__version__: str

_Role: TypeAlias = Literal[
    "economic_buyer",
    "decision_maker",
    "technical_buyer",
    "user_buyer",
    "influencer",
    "purchaser",
    "coach",
    "champion",
    "gatekeeper",
]
_RelationKind: TypeAlias = Literal["influences", "ally", "conflict", "informs"]
_Direction: TypeAlias = Literal["forward", "both"]
_Channel: TypeAlias = Literal["visit", "meeting", "meal_or_event", "phone", "email", "social"]

class RelmapError(ValueError):
    """Base class of every relmap error."""

    code: str
    """Stable snake_case code, the same in Rust, Python and JavaScript."""
    field: str | None
    """The field, JSON path or CSV column the error is about, if any."""

class ValidationError(RelmapError): ...
class FormatError(RelmapError): ...
class ConvergenceError(RelmapError): ...

@disjoint_base
class MapBase:
    def __new__(cls, account_id: str, name: str | None = None) -> Self: ...
    @classmethod
    def from_json(cls, text: str) -> Self: ...
    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Self: ...
    def to_json(self) -> str: ...
    def write_csv(self, path: str | os.PathLike[str]) -> None: ...
    def remove_stakeholder(self, id: str) -> dict[str, Any]: ...
    def remove_relation(self, source: str, target: str, *, kind: _RelationKind | None = None) -> dict[str, Any]: ...
    def set_stance(self, id: str, stance: float | None) -> None: ...
    def _add(self, section: str, item: Mapping[str, Any]) -> None: ...
    def _update_stakeholder(self, item: Mapping[str, Any]) -> None: ...
    def stakeholder(self, id: str) -> dict[str, Any] | None: ...
    def _decision_chain(self, config: Mapping[str, Any] | None = None, previous: MapBase | None = None) -> ChainCore: ...
    def _trust(self, as_of: str | None = None, config: Mapping[str, Any] | None = None) -> dict[str, Any]: ...
    def _trust_timeline(
        self, member: str, stakeholder: str, dates: Sequence[str], config: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]: ...
    def _churn_signals(self, as_of: str | None = None, config: Mapping[str, Any] | None = None) -> list[dict[str, str]]: ...
    def _deal_health(self, as_of: str | None = None, config: Mapping[str, Any] | None = None) -> list[dict[str, Any]]: ...
    def _stages(self, model: Mapping[str, Any] | None = None, as_of: str | None = None) -> list[dict[str, Any]]: ...
    def _competition(
        self, influence: Mapping[str, float] | None = None, config: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]: ...
    def _render(
        self, format: str, overlay: Mapping[str, Any] | None = None, options: Mapping[str, Any] | None = None
    ) -> Any: ...
    def _diff_since(self, before: MapBase) -> dict[str, Any]: ...
    @property
    def account_id(self) -> str: ...
    @property
    def account_name(self) -> str: ...
    @property
    def stakeholder_ids(self) -> list[str]: ...
    @property
    def team_ids(self) -> list[str]: ...
    @property
    def relation_count(self) -> int: ...
    def __len__(self) -> int: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __reduce__(self) -> tuple[object, tuple[str]]: ...

@final
class ChainCore:
    @classmethod
    def from_json(cls, text: str) -> ChainCore: ...
    def to_json(self) -> str: ...
    @property
    def account(self) -> str: ...
    @property
    def as_of(self) -> str | None: ...
    @property
    def stakeholder_ids(self) -> list[str]: ...
    @property
    def predicted_support(self) -> float: ...
    @property
    def iterations(self) -> tuple[int, int]: ...
    def influence(self) -> dict[str, float]: ...
    def predicted_stance(self) -> dict[str, float]: ...
    def stance(self) -> dict[str, float | None]: ...
    def columns(self) -> dict[str, Any]: ...
    def red_flags(self) -> list[dict[str, Any]]: ...
    def next_best_contacts(self) -> list[dict[str, Any]]: ...
    def key_players(self) -> list[dict[str, Any]]: ...
    def brokers(self) -> list[dict[str, Any]]: ...
    def coverage(self) -> dict[str, Any]: ...
    def top_influencers(self, n: int) -> list[dict[str, Any]]: ...
    def best_path(self, to: str) -> dict[str, Any] | None: ...
    def access_paths(self, to: str, k: int) -> list[dict[str, Any]]: ...
    def alternative_paths(self, to: str) -> list[dict[str, Any]]: ...
    def summary(self, lengths: Mapping[str, int] | None = None) -> dict[str, Any]: ...
    def overlay(self, map: MapBase, highlight: str | None = None) -> dict[str, Any]: ...

def _error(code: str, message: str, field: str | None = None) -> RelmapError: ...
def _import(
    kind: str,
    map: MapBase | None,
    inputs: Sequence[str | tuple[str, bytes]],
    options: Mapping[str, Any] | None = None,
    mapping: str | None = None,
) -> tuple[MapBase | None, dict[str, Any]]: ...
def _activity(map: MapBase, analysis: str, config: Mapping[str, Any] | None = None) -> Any: ...
def _accept_ghost(map: MapBase, ghost: Mapping[str, Any], id: str) -> None: ...
def _accept_relation(map: MapBase, suggestion: Mapping[str, Any]) -> None: ...
def _crm_preset(name: str) -> dict[str, Any]: ...

CRM_PRESETS: list[str]
def _error_codes() -> list[tuple[str, str, str]]: ...
def _default(name: str) -> dict[str, Any]: ...
def _schema(name: str) -> dict[str, Any]: ...
def _classify(points: Sequence[Mapping[str, Any]], config: Mapping[str, Any] | None = None) -> dict[str, Any]: ...
def _classify_portfolio(
    maps: Sequence[MapBase],
    values: Sequence[tuple[str, float]],
    as_of: str,
    trust_config: Mapping[str, Any] | None = None,
    config: Mapping[str, Any] | None = None,
) -> dict[str, Any]: ...

def _portfolio_deal_health(
    maps: Sequence[MapBase], as_of: str, config: Mapping[str, Any] | None = None
) -> dict[str, Any]: ...
def _deal_health_chart(deals: Sequence[Mapping[str, Any]], options: Mapping[str, Any] | None = None) -> str: ...
def _calibrate(
    outcomes: Sequence[Mapping[str, Any]],
    config: Mapping[str, Any] | None = None,
    calibration: Mapping[str, Any] | None = None,
) -> dict[str, Any]: ...

# ---- value (numpy in, numpy out) ----------------------------------------------

_F64: TypeAlias = npt.NDArray[np.float64]

def _rfm_summary(
    codes: npt.NDArray[np.uint32],
    n_customers: int,
    times: npt.NDArray[np.int64],
    time_unit: str,
    amounts: _F64,
    margins: _F64 | None,
    as_of: str,
    config: Mapping[str, Any] | None = None,
) -> dict[str, Any]: ...

# ---- Arrow in (the PyCapsule interface) --------------------------------------------

@final
class _ArrowBuffer: ...

def _arrow_floats(obj: Any, field: str) -> _F64: ...
def _arrow_times(obj: Any, field: str) -> tuple[npt.NDArray[np.int64], str] | None: ...
@final
class _TextKeys:
    def __len__(self) -> int: ...
    def __arrow_c_array__(self, requested_schema: Any = None) -> tuple[Any, Any]: ...
    def to_list(self) -> list[str]: ...

def _arrow_codes(obj: Any, field: str) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.int64] | _TextKeys]: ...

# ---- customer ids numbered in Rust -------------------------------------------------

def _object_codes(
    values: npt.NDArray[np.object_],
) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.int64]] | None: ...
def _category_codes(codes: npt.NDArray[np.int64], categories: int) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.int64]]: ...
def _rfm_summary_stream(
    stream: Any,
    columns: tuple[str, str, str, str | None],
    as_of: str,
    config: Mapping[str, Any] | None = None,
    memory_rows: int | None = None,
    partitions: int | None = None,
    batch_rows: int | None = None,
    spill_dir: str | None = None,
) -> tuple[dict[str, Any], npt.NDArray[np.int64] | _TextKeys]: ...
def _rfm_summary_parquet(
    paths: Sequence[str],
    columns: tuple[str, str, str, str | None],
    as_of: str,
    config: Mapping[str, Any] | None = None,
    memory_rows: int | None = None,
    partitions: int | None = None,
    batch_rows: int | None = None,
    spill_dir: str | None = None,
) -> tuple[dict[str, Any], npt.NDArray[np.int64] | _TextKeys]: ...
def _fit_purchase(
    kind: str,
    frequency: _F64,
    recency: _F64,
    t: _F64,
    weights: _F64 | None = None,
    config: Mapping[str, Any] | None = None,
) -> tuple[dict[str, float], float | None, dict[str, Any]]: ...
def _fit_gamma_gamma(
    frequency: _F64, monetary_value: _F64, weights: _F64 | None = None, config: Mapping[str, Any] | None = None
) -> tuple[dict[str, float], float | None, dict[str, Any]]: ...
def _compress_rows(
    columns: Sequence[_F64], weights: _F64 | None = None
) -> tuple[list[_F64], _F64, npt.NDArray[np.uint32]]: ...
def _p_alive(kind: str, params: Mapping[str, float], frequency: _F64, recency: _F64, t: _F64) -> _F64: ...
def _expected_purchases(
    kind: str, params: Mapping[str, float], t_future: float, frequency: _F64, recency: _F64, t: _F64
) -> _F64: ...
def _log_likelihood(
    kind: str, params: Mapping[str, float], frequency: _F64, recency: _F64, t: _F64, weights: _F64 | None = None
) -> float: ...
def _expected_spend(params: Mapping[str, float], frequency: _F64, monetary_value: _F64) -> _F64: ...
def _mean_spend(params: Mapping[str, float]) -> float: ...
def _clv(
    kind: str,
    params: Mapping[str, float],
    spend: _F64,
    frequency: _F64,
    recency: _F64,
    t: _F64,
    config: Mapping[str, Any] | None = None,
) -> _F64: ...
def _probability_of_purchases(
    kind: str, params: Mapping[str, float], n: float, t_future: float, frequency: _F64, recency: _F64, t: _F64
) -> _F64: ...
def _expected_repeat_purchases(kind: str, params: Mapping[str, float], t: _F64) -> _F64: ...
def _probability_of_repeat_purchases(kind: str, params: Mapping[str, float], n: float, t: _F64) -> _F64: ...
def _discrete_summary(
    codes: npt.NDArray[np.uint32],
    n_customers: int,
    times: npt.NDArray[np.int64],
    time_unit: str,
    amounts: _F64,
    as_of: str,
    period: str,
    holdout_end: str | None = None,
) -> dict[str, Any]: ...
def _tier(
    signals: Mapping[str, Any], config: Mapping[str, Any] | None = None
) -> tuple[list[str], list[str], float]: ...
def _lifecycle(signals: Mapping[str, Any], config: Mapping[str, Any] | None = None) -> tuple[list[str], list[str]]: ...
def _churn_warnings(
    signals: Mapping[str, Any],
    config: Mapping[str, Any] | None = None,
    customers: Sequence[str] | None = None,
    maps: Sequence[MapBase] | None = None,
    as_of: str | None = None,
) -> tuple[npt.NDArray[np.uint32], list[str], list[list[str]], list[str], _F64, _F64]: ...
def _rfm_scores(
    summary: Mapping[str, Any], config: Mapping[str, Any] | None = None
) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint8], npt.NDArray[np.uint8], list[str], list[str]]: ...

# ---- does the model fit? --------------------------------------------------------

def _holdout_evaluation(
    kind: str,
    params: Mapping[str, float],
    frequency: _F64,
    recency: _F64,
    t: _F64,
    actual: _F64,
    duration: float,
    time_unit: str,
    config: Mapping[str, Any] | None = None,
) -> dict[str, Any]: ...
def _tracking(
    kind: str,
    params: Mapping[str, float],
    codes: npt.NDArray[np.uint32],
    n_customers: int,
    times: npt.NDArray[np.int64],
    time_unit: str,
    as_of: str,
    config: Mapping[str, Any] | None = None,
) -> dict[str, Any]: ...
def _period_transactions(
    kind: str,
    params: Mapping[str, float],
    frequency: _F64,
    recency: _F64,
    t: _F64,
    config: Mapping[str, Any] | None = None,
) -> dict[str, Any]: ...
def _frequency_recency_matrix(
    kind: str,
    params: Mapping[str, float],
    frequency: _F64,
    recency: _F64,
    t: _F64,
    time_unit: str,
    quantity: str,
    config: Mapping[str, Any] | None = None,
) -> dict[str, Any]: ...
def _tier_overview(tiers: Any, clv: _F64, p_alive: _F64) -> dict[str, Any]: ...
def _plot_value(chart: str, result: Any, options: Mapping[str, Any] | None = None) -> str: ...

# ---- learning from the team -------------------------------------------------------

def _merge_perceptions(
    perceptions: Sequence[tuple[str, MapBase]], rule: Any, config: Mapping[str, Any] | None = None
) -> dict[str, Any]: ...
def _fit_openness(
    snapshots: Sequence[tuple[str, MapBase]], config: Mapping[str, Any] | None = None
) -> dict[str, Any]: ...
def _openness_holdout(
    snapshots: Sequence[tuple[str, MapBase]], config: Mapping[str, Any] | None = None
) -> dict[str, Any]: ...
def _predict_next(fit: Any, last: MapBase, chain: Mapping[str, Any] | None = None) -> list[dict[str, Any]]: ...
def _apply_openness(fit: Any, map: MapBase) -> str: ...
def _simulate_history(map: MapBase, config: Mapping[str, Any] | None = None) -> list[tuple[str, str]]: ...
@disjoint_base
class PortfolioNetworkBase:
    def __new__(cls, maps: Sequence[MapBase], config: Mapping[str, Any] | None = None) -> Self: ...
    @property
    def accounts(self) -> list[str]: ...
    @property
    def members(self) -> list[str]: ...
    def _appearances(self) -> list[dict[str, Any]]: ...
    def _people(self) -> list[dict[str, Any]]: ...
    def _ties(self) -> list[dict[str, Any]]: ...
    def _strongest_ties(self, per_member: int) -> list[dict[str, Any]]: ...
    def _moves(self) -> list[dict[str, Any]]: ...
    def _person(self, account: str, stakeholder: str) -> dict[str, Any] | None: ...
    def _warm_paths(self, account: str, stakeholder: str, k: int) -> list[dict[str, Any]]: ...
_Bools: TypeAlias = npt.NDArray[np.bool_]
_Fit: TypeAlias = tuple[dict[str, float], float | None, dict[str, Any]]

def _fit_sbg(
    tenure: _F64, active: _Bools, weights: _F64 | None = None, config: Mapping[str, Any] | None = None
) -> _Fit: ...
def _fit_sbg_cohorts(survivors: Sequence[_F64], config: Mapping[str, Any] | None = None) -> _Fit: ...
def _sbg_at(params: Mapping[str, float], what: str, at: _F64) -> _F64: ...
def _sbg_curve(params: Mapping[str, float], what: str, periods: int) -> _F64: ...
def _sbg_expected_lifetime(params: Mapping[str, float]) -> float: ...
def _sbg_del(params: Mapping[str, float], d: float) -> float: ...
def _sbg_derl(params: Mapping[str, float], d: float, renewals: _F64) -> _F64: ...
def _sbg_p_renew_customers(params: Mapping[str, float], tenure: _F64, active: _Bools) -> _F64: ...
def _sbg_clv(params: Mapping[str, float], margin: _F64, d: float, tenure: _F64, active: _Bools) -> _F64: ...
def _sbg_log_likelihood(
    params: Mapping[str, float], tenure: _F64, active: _Bools, weights: _F64 | None = None
) -> float: ...
def _dert(kind: str, params: Mapping[str, float], rate: float, frequency: _F64, recency: _F64, t: _F64) -> _F64: ...
def _compare_models(
    frequency: _F64,
    recency: _F64,
    t: _F64,
    weights: _F64 | None = None,
    holdout_frequency: _F64 | None = None,
    holdout_duration: _F64 | None = None,
    config: Mapping[str, Any] | None = None,
) -> list[dict[str, Any]]: ...
def _fit_summary(
    kind: str,
    params: Mapping[str, float],
    log_likelihood: float,
    report: Mapping[str, Any],
    level: float | None = None,
) -> dict[str, Any]: ...
def _information_criteria(log_likelihood: float, parameters: int, n_customers: float) -> tuple[float, float]: ...
def _purchase_intervals(
    kind: str,
    params: Mapping[str, float],
    log_likelihood: float,
    report: Mapping[str, Any],
    what: str,
    frequency: _F64,
    recency: _F64,
    t: _F64,
    t_future: float | None = None,
    config: Mapping[str, Any] | None = None,
) -> dict[str, Any]: ...
def _spend_intervals(
    params: Mapping[str, float],
    log_likelihood: float,
    report: Mapping[str, Any],
    frequency: _F64,
    monetary_value: _F64,
    config: Mapping[str, Any] | None = None,
) -> dict[str, Any]: ...
def _clv_intervals(
    purchase: tuple[str, Mapping[str, float], float, Mapping[str, Any]],
    spend: tuple[Mapping[str, float], float, Mapping[str, Any]],
    frequency: _F64,
    recency: _F64,
    t: _F64,
    monetary_value: _F64,
    clv_config: Mapping[str, Any] | None = None,
    config: Mapping[str, Any] | None = None,
) -> dict[str, Any]: ...
def _fit_covariates(
    kind: str,
    frequency: _F64,
    recency: _F64,
    t: _F64,
    weights: _F64 | None,
    purchase_names: Sequence[str],
    purchase_values: _F64,
    dropout_names: Sequence[str],
    dropout_values: _F64,
    constrain_equal: Sequence[str],
    config: Mapping[str, Any] | None = None,
) -> tuple[list[tuple[str, float]], float, dict[str, Any], dict[str, Any]]: ...
def _covariate_predict(
    model: Mapping[str, Any],
    what: str,
    frequency: _F64,
    recency: _F64,
    t: _F64,
    purchase_names: Sequence[str],
    purchase_values: _F64,
    dropout_names: Sequence[str],
    dropout_values: _F64,
    t_future: float | None = None,
    spend: _F64 | None = None,
    config: Mapping[str, Any] | None = None,
) -> _F64: ...
def _covariate_summary(model: Mapping[str, Any], level: float | None = None) -> dict[str, Any]: ...
def _covariate_intervals(
    model: Mapping[str, Any],
    what: str,
    frequency: _F64,
    recency: _F64,
    t: _F64,
    purchase_names: Sequence[str],
    purchase_values: _F64,
    dropout_names: Sequence[str],
    dropout_values: _F64,
    t_future: float | None = None,
    spend: tuple[Mapping[str, float], float, Mapping[str, Any]] | None = None,
    monetary_value: _F64 | None = None,
    clv_config: Mapping[str, Any] | None = None,
    config: Mapping[str, Any] | None = None,
) -> dict[str, Any]: ...
def _likelihood_ratio_test(
    restricted_log_likelihood: float, restricted_parameters: int, full_log_likelihood: float, full_parameters: int
) -> dict[str, Any]: ...
def _relationship_covariates(
    maps: Sequence[MapBase], as_of: str, config: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], list[str]]: ...
