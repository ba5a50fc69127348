"""Customer value (客户价值分层) on numpy arrays and pandas columns.

- :func:`rfm_summary`: frequency, recency, T and monetary value per customer
  from raw transactions (the BTYD conventions, as in lifetimes);
- :func:`discrete_summary`: the same per customer in discrete periods (years,
  quarters, months or a number of days), the input of :class:`BetaGeoBetaBinom`;
- :class:`BetaGeo` (BG/NBD), :class:`ModifiedBetaGeo` (MBG/NBD), :class:`ParetoNBD`,
  :class:`BetaGeoBetaBinom` (BG/BB) and :class:`GammaGamma`: maximum-likelihood fits
  with the familiar ``fit`` / ``params_`` style and vectorised predictions (P(alive),
  expected purchases, the distribution of purchases, a new customer's curve, spend, CLV);
- :func:`tier` and :func:`lifecycle`: the four value tiers and the lifecycle
  stage of every customer, each with the reason; :func:`churn_warnings`: churn
  early warnings, joined with the relationship maps of the accounts;
  :func:`rfm_scores`: quintile scores and named segments;
- does the model fit? :func:`holdout_table` (the BTYD table by calibration
  frequency), :func:`holdout_errors`, :func:`holdout_forecast`, :func:`tracking`,
  :func:`period_transactions`, :func:`frequency_recency_matrix`,
  :func:`tier_overview`, and their pictures :func:`plot_holdout`,
  :func:`plot_tracking`, :func:`plot_period_transactions`,
  :func:`plot_frequency_recency`, :func:`plot_p_alive`, :func:`plot_tiers`
  (:class:`Chart` objects, shown inline and saved with ``save(path)``).

Inputs may be numpy arrays, pandas Series or anything array-like; float64 and
int64 columns are passed to the Rust core without copying, and the work runs
with the GIL released. Outputs are numpy arrays or DataFrames.

>>> import pandas as pd, relmap.value as rv
>>> tx = pd.DataFrame({
...     "customer": ["a", "a", "a", "b", "c", "c"],
...     "time": pd.to_datetime(["2024-01-02", "2024-02-10", "2024-05-20", "2024-01-15", "2024-02-01", "2024-03-01"]),
...     "amount": [120.0, 80.0, 95.0, 40.0, 25.0, 35.0],
... })
>>> s = rv.rfm_summary(tx["customer"], tx["time"], tx["amount"], as_of="2024-06-30")
>>> s[["frequency", "recency", "T", "monetary_value"]].round(2).reset_index()
  customer  frequency  recency      T  monetary_value
0        a        2.0    19.86  25.71            87.5
1        b        0.0     0.00  23.86             0.0
2        c        1.0     4.14  21.43            35.0
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Optional, TypeVar, Union, overload

import numpy as np
import numpy.typing as npt

from . import _relmap
from ._records import TimeLike, map_list, number, relmap_error, required_time, time_text

if TYPE_CHECKING:
    import pandas as pd

    from ._map import RelationshipMap

__all__ = [
    "BetaGeo",
    "BetaGeoBetaBinom",
    "Chart",
    "GammaGamma",
    "ModifiedBetaGeo",
    "ParetoNBD",
    "churn_warnings",
    "discrete_summary",
    "frequency_recency_matrix",
    "holdout_errors",
    "holdout_forecast",
    "holdout_table",
    "lifecycle",
    "period_transactions",
    "plot_frequency_recency",
    "plot_holdout",
    "plot_p_alive",
    "plot_period_transactions",
    "plot_tiers",
    "plot_tracking",
    "rfm_scores",
    "rfm_summary",
    "tier",
    "tier_overview",
    "tracking",
]

ArrayLike = Union[npt.ArrayLike, "pd.Series[Any]"]
CustomerIds = Union[Sequence[Hashable], ArrayLike]
"""Customer ids of any hashable type: a Series, an array, a list (tuples allowed)."""
FloatArray = npt.NDArray[np.float64]
Horizons = Union[Sequence[float], npt.NDArray[Any], "pd.Series[Any]"]
"""Several horizons at once: a list, an array or a Series."""

_TIME_UNITS = ("s", "ms", "us", "ns")


# ---- columns ------------------------------------------------------------------


def _floats(field: str, values: Any) -> FloatArray:
    """A contiguous 1-D float64 array; no copy when the input already is one."""
    if hasattr(values, "to_numpy") and not isinstance(values, np.ndarray):
        values = values.to_numpy()
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise relmap_error(field, f"expected a 1-D array, got {arr.ndim} dimensions", "invalid_argument")
    if arr.dtype.kind not in "iuf":
        raise relmap_error(field, f"expected numbers, got dtype {arr.dtype}", "invalid_argument")
    return np.ascontiguousarray(arr, dtype=np.float64)


def _counts(field: str, values: Any) -> npt.NDArray[np.uint32]:
    arr = _floats(field, values)
    if not np.all((arr >= 0) & (arr == np.floor(arr)) & (arr < 2**32)):
        raise relmap_error(field, "expected whole numbers >= 0", "out_of_range")
    return arr.astype(np.uint32)


def _times(field: str, values: Any) -> tuple[npt.NDArray[np.int64], str]:
    """Transaction times as int64 ticks since the epoch and their unit (no copy for datetime64[s|ms|us|ns])."""
    import pandas as pd

    if isinstance(values, pd.Series) and isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_convert("UTC").dt.tz_localize(None)
    if hasattr(values, "to_numpy") and not isinstance(values, np.ndarray):
        values = values.to_numpy()
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise relmap_error(field, f"expected a 1-D array, got {arr.ndim} dimensions", "invalid_argument")
    if arr.dtype.kind in "OU" or arr.dtype.kind == "S":
        try:
            arr = pd.to_datetime(arr, utc=True, format="mixed").tz_localize(None).to_numpy()
        except (ValueError, TypeError) as e:
            raise relmap_error(field, f"cannot read as times: {e}", "invalid_argument") from None
    if arr.dtype.kind != "M":
        raise relmap_error(
            field, f"expected datetime64 values (or dates as text), got dtype {arr.dtype}", "invalid_argument"
        )
    unit = np.datetime_data(arr.dtype)[0]
    if unit not in _TIME_UNITS:
        # Coarser units (m, h, D, W, M, Y) are multiplied on the way to seconds, and
        # numpy does not check that for overflow: a time outside the years
        # 0000..9999 (all relmap accepts) is refused before it can wrap around.
        ticks = arr.view(np.int64)
        lo = np.datetime64("0000-01-01T00:00:00", "s").astype(arr.dtype).view(np.int64)
        hi = np.datetime64("9999-12-31T23:59:59", "s").astype(arr.dtype).view(np.int64)
        bad = (ticks != np.iinfo(np.int64).min) & ((ticks < lo) | (ticks > hi))
        if bad.any():
            i = int(np.argmax(bad))
            raise relmap_error(field, f"{field}[{i}] = {arr[i]} is outside the years 0000..9999", "out_of_range")
        arr, unit = arr.astype("datetime64[s]"), "s"
    return np.ascontiguousarray(arr).view(np.int64), unit


def _customer_codes(values: Any) -> tuple[npt.NDArray[np.uint32], Any]:
    """Dense codes in order of first appearance and the distinct ids (any hashable dtype)."""
    import pandas as pd

    if not hasattr(values, "dtype"):
        try:
            items = list(values)
        except TypeError:
            message = f"expected a sequence of ids, got {type(values).__name__}"
            raise relmap_error("customer", message, "invalid_argument") from None
        values = np.empty(len(items), dtype=object)
        values[:] = items  # keeps tuples as ids
    if getattr(values, "ndim", 1) != 1:
        raise relmap_error("customer", f"expected a 1-D array, got {values.ndim} dimensions", "invalid_argument")
    try:
        codes, uniques = pd.factorize(values)
    except TypeError as e:
        # An unhashable id (a list, a dict, a set).
        raise relmap_error("customer", f"customer ids must be hashable: {e}", "invalid_argument") from None
    if len(codes) and codes.min() < 0:
        i = int(np.argmax(codes < 0))
        raise relmap_error("customer", f"customer[{i}] is missing", "missing_value")
    return codes.astype(np.uint32), uniques


# ---- summary ------------------------------------------------------------------


def rfm_summary(
    customer: CustomerIds,
    time: ArrayLike,
    amount: ArrayLike,
    *,
    as_of: TimeLike,
    unit: Optional[str] = None,
    margin: Optional[ArrayLike] = None,
    holdout_end: Optional[TimeLike] = None,
    growth_window_days: Optional[float] = None,
) -> pd.DataFrame:
    """Per-customer RFM summary of transactions, one row per customer (index = the
    customer ids, of any hashable dtype, in order of first appearance).

    Columns: ``frequency`` (repeat purchase days), ``recency`` (first to last
    purchase), ``T`` (first purchase to ``as_of``), ``monetary_value`` (mean of
    the repeat purchases), then ``first_purchase``, ``last_purchase``,
    ``n_transactions``, ``total_amount``, ``total_margin`` (with ``margin``),
    ``recent_purchases``/``previous_purchases`` and ``recent_amount``/
    ``previous_amount`` (the two growth windows), and the ``holdout_*`` columns
    with ``holdout_end``. Purchases on one UTC day are merged; times are in
    ``unit`` ("D", "W" or "M", or day/week/month; default weeks). The growth
    windows are ``growth_window_days`` long (default 91). ``df.attrs`` holds
    ``as_of``, ``unit``, ``growth_window_days`` and the transaction counts: what
    :func:`tier`, :func:`lifecycle`, :func:`churn_warnings` and :func:`rfm_scores` read.

    ``time`` is datetime64 (any unit; pandas tz-aware columns are converted to
    UTC) or text/dates pandas can read.
    """
    import pandas as pd

    codes, uniques = _customer_codes(customer)
    times, time_unit = _times("time", time)
    amounts = _floats("amount", amount)
    margins = None if margin is None else _floats("margin", margin)
    as_of_text = required_time(as_of, "as_of")
    given = {"unit": unit, "growth_window_days": growth_window_days, "holdout_end": time_text(holdout_end, "holdout_end")}
    config = {k: v for k, v in given.items() if v is not None}
    out = _relmap._rfm_summary(codes, len(uniques), times, time_unit, amounts, margins, as_of_text, config)
    scalars = {k: out.pop(k) for k in list(out) if not isinstance(out[k], np.ndarray)}
    rows = out.pop("customer")
    index = pd.Index(uniques, name="customer")[rows.astype(np.intp)]
    for k in ("first_purchase", "last_purchase"):
        out[k] = out[k].astype("datetime64[s]")
    df = pd.DataFrame(out, index=index)
    df.attrs.update(scalars)
    return df


def discrete_summary(
    customer: CustomerIds,
    time: ArrayLike,
    amount: ArrayLike,
    *,
    as_of: TimeLike,
    period: Union[str, int] = "Y",
    holdout_end: Optional[TimeLike] = None,
) -> pd.DataFrame:
    """Per-customer summary in discrete periods (transaction opportunities), one row per
    customer (index = the customer ids, in order of first appearance): the input of
    :class:`BetaGeoBetaBinom`.

    ``period``: "Y" (calendar years, the default), "Q", "M", "W", "D", or a whole number
    of days (counted from each customer's first purchase day), read by the core.
    Columns: ``frequency`` (x, periods after the first one with a transaction),
    ``recency`` (t_x, the last of them, 0 when none), ``periods`` (n, complete periods
    after the first purchase's), ``monetary_value`` (mean amount per period with a
    transaction), ``total_amount``, ``first_purchase``, ``n_transactions``, and with
    ``holdout_end`` ``holdout_frequency`` and ``holdout_periods``. ``df.attrs`` holds
    ``as_of``, ``period`` and the transaction counts.
    """
    import pandas as pd

    codes, uniques = _customer_codes(customer)
    times, time_unit = _times("time", time)
    amounts = _floats("amount", amount)
    as_of_text = required_time(as_of, "as_of")
    if isinstance(period, bool) or not isinstance(period, (str, int)):
        raise relmap_error("period", f"expected a period name or a number of days, got {period!r}", "invalid_config")
    out = _relmap._discrete_summary(
        codes, len(uniques), times, time_unit, amounts, as_of_text, str(period), time_text(holdout_end, "holdout_end")
    )
    scalars = {k: out.pop(k) for k in list(out) if not isinstance(out[k], np.ndarray)}
    rows = out.pop("customer")
    index = pd.Index(uniques, name="customer")[rows.astype(np.intp)]
    out["first_purchase"] = out["first_purchase"].astype("datetime64[s]")
    df = pd.DataFrame(out, index=index)
    df.attrs.update(scalars)
    return df


# ---- models -------------------------------------------------------------------

M = TypeVar("M", bound="_Model")


class _Model:
    _kind = ""
    _names: tuple[str, ...] = ()

    def __init__(self, **fit_config: Any) -> None:
        """``fit_config`` keys override the core's ``FitConfig`` (``min_customers``,
        ``initial``, ``optimizer={"max_iterations": ...}``)."""
        self.fit_config: dict[str, Any] = dict(fit_config)
        self.params_: dict[str, float] = {}
        self.log_likelihood_: Optional[float] = None
        self.report_: dict[str, Any] = {}

    @classmethod
    def from_params(cls: type[M], **params: float) -> M:
        """A model with known parameters (each positive and finite)."""
        model = cls()
        missing = [n for n in cls._names if n not in params]
        if missing or len(params) != len(cls._names):
            raise relmap_error("params", f"expected exactly {', '.join(cls._names)}")
        model.params_ = {n: number(n, params[n]) for n in cls._names}
        return model

    def _params(self) -> dict[str, float]:
        if not self.params_:
            raise relmap_error("params_", f"{type(self).__name__} is not fitted yet", "not_fitted")
        return self.params_

    def __repr__(self) -> str:
        if not self.params_:
            return f"{type(self).__name__}(not fitted)"
        inner = ", ".join(f"{k}={v:.4g}" for k, v in self.params_.items())
        ll = "" if self.log_likelihood_ is None else f", log_likelihood={self.log_likelihood_:.2f}"
        return f"{type(self).__name__}({inner}{ll})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.__dict__ == self.__dict__

    __hash__ = None  # type: ignore[assignment]


def _rfm_columns(
    frequency: Any, recency: Optional[ArrayLike], T: Optional[ArrayLike]
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(frequency, recency, T): three columns, or a summary DataFrame holding them
    (a :func:`discrete_summary`'s ``periods`` stand for T)."""
    if recency is None and T is None and hasattr(frequency, "columns"):
        age = "T" if "T" in frequency.columns or "periods" not in frequency.columns else "periods"
        frequency, recency, T = frequency["frequency"], frequency["recency"], frequency[age]
    if recency is None or T is None:
        raise relmap_error("recency" if recency is None else "T", "missing (give frequency, recency and T)")
    return _floats("frequency", frequency), _floats("recency", recency), _floats("T", T)


class _PurchaseModel(_Model):
    def fit(
        self: M,
        frequency: Any,
        recency: Optional[ArrayLike] = None,
        T: Optional[ArrayLike] = None,
        weights: Optional[ArrayLike] = None,
    ) -> M:
        """Fits by maximum likelihood; ``frequency`` may be a summary DataFrame.
        Sets ``params_``, ``log_likelihood_`` and ``report_``; returns self.
        Raises ``ConvergenceError`` when the optimizer does not converge."""
        f, r, t = _rfm_columns(frequency, recency, T)
        w = None if weights is None else _floats("weights", weights)
        params, ll, report = _relmap._fit_purchase(self._kind, f, r, t, w, self.fit_config)
        self.params_ = {n: float(params[n]) for n in self._names}
        self.log_likelihood_, self.report_ = ll, dict(report)
        return self

    def p_alive(self, frequency: Any, recency: Optional[ArrayLike] = None, T: Optional[ArrayLike] = None) -> FloatArray:
        """P(alive at T) of every customer."""
        f, r, t = _rfm_columns(frequency, recency, T)
        return _relmap._p_alive(self._kind, self._params(), f, r, t)

    def expected_purchases(
        self, t: float, frequency: Any, recency: Optional[ArrayLike] = None, T: Optional[ArrayLike] = None
    ) -> FloatArray:
        """Expected purchases of every customer in the next ``t`` time units."""
        f, r, big_t = _rfm_columns(frequency, recency, T)
        return _relmap._expected_purchases(self._kind, self._params(), number("t", t), f, r, big_t)

    def probability_of_purchases(
        self, n: float, t: float, frequency: Any, recency: Optional[ArrayLike] = None, T: Optional[ArrayLike] = None
    ) -> FloatArray:
        """P(exactly ``n`` purchases in the next ``t`` time units) of every customer, given their history."""
        f, r, big_t = _rfm_columns(frequency, recency, T)
        return _relmap._probability_of_purchases(
            self._kind, self._params(), number("n", n), number("t", t), f, r, big_t
        )

    @overload
    def expected_repeat_purchases(self, t: float) -> float: ...
    @overload
    def expected_repeat_purchases(self, t: Horizons) -> FloatArray: ...
    def expected_repeat_purchases(self, t: Any) -> Any:
        """E[X(t)]: expected repeat purchases of a newly acquired customer in the first ``t``
        time units after the first purchase (a number, or an array of horizons: the curve
        behind a tracking plot)."""
        if np.ndim(t) == 0:
            return float(_relmap._expected_repeat_purchases(self._kind, self._params(), _floats("t", [t]))[0])
        return _relmap._expected_repeat_purchases(self._kind, self._params(), _floats("t", t))

    @overload
    def probability_of_repeat_purchases(self, n: float, t: float) -> float: ...
    @overload
    def probability_of_repeat_purchases(self, n: float, t: Horizons) -> FloatArray: ...
    def probability_of_repeat_purchases(self, n: float, t: Any) -> Any:
        """P(X(t) = n): the probability that a newly acquired customer makes exactly ``n``
        repeat purchases in the first ``t`` time units (a number, or an array of horizons)."""
        count = number("n", n)
        if np.ndim(t) == 0:
            p = _relmap._probability_of_repeat_purchases(self._kind, self._params(), count, _floats("t", [t]))
            return float(p[0])
        return _relmap._probability_of_repeat_purchases(self._kind, self._params(), count, _floats("t", t))

    def log_likelihood(
        self,
        frequency: Any,
        recency: Optional[ArrayLike] = None,
        T: Optional[ArrayLike] = None,
        weights: Optional[ArrayLike] = None,
    ) -> float:
        """The log-likelihood of data under these parameters."""
        f, r, t = _rfm_columns(frequency, recency, T)
        w = None if weights is None else _floats("weights", weights)
        return _relmap._log_likelihood(self._kind, self._params(), f, r, t, w)

    def clv(
        self,
        spend: ArrayLike,
        frequency: Any,
        recency: Optional[ArrayLike] = None,
        T: Optional[ArrayLike] = None,
        **config: Any,
    ) -> FloatArray:
        """CLV of every customer: discounted expected purchases times ``spend`` (expected
        spend per purchase, e.g. ``GammaGamma.expected_spend``) times the margin.
        ``config``: periods (12), period_length (4.345, a month in weeks),
        discount_rate (0.01 per period), margin (1)."""
        f, r, t = _rfm_columns(frequency, recency, T)
        s = _floats("spend", spend)
        return _relmap._clv(self._kind, self._params(), s, f, r, t, config)


class BetaGeo(_PurchaseModel):
    """The BG/NBD purchase model (Fader, Hardie & Lee 2005); ``params_``: r, alpha, a, b.

    >>> bg = BetaGeo.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> bg.p_alive([0.0, 2.0], [0.0, 30.43], [38.86, 38.86]).round(4)
    array([1.    , 0.7266])
    """

    _kind = "bg_nbd"
    _names = ("r", "alpha", "a", "b")


class ModifiedBetaGeo(_PurchaseModel):
    """The MBG/NBD purchase model (Batislam, Denizel & Filiztekin 2007): the BG/NBD where a
    customer can also drop out right after the first purchase; ``params_``: r, alpha, a, b.

    >>> mbg = ModifiedBetaGeo.from_params(r=0.525, alpha=6.183, a=0.891, b=1.614)
    >>> bool(mbg.p_alive([0.0], [0.0], [38.86])[0] < 1)
    True
    """

    _kind = "mbg_nbd"
    _names = ("r", "alpha", "a", "b")


class BetaGeoBetaBinom(_PurchaseModel):
    """The BG/BB model (Fader, Hardie & Shang 2010) of purchases at discrete opportunities;
    ``params_``: alpha, beta, gamma, delta.

    Its data are whole periods: frequency x (opportunities with a transaction), recency
    t_x (the last of them) and T = n opportunities, e.g. a :func:`discrete_summary`
    (whose ``periods`` column stands for T), or a recency/frequency table with counts as
    ``weights``. Horizons are whole periods.
    """

    _kind = "bg_bb"
    _names = ("alpha", "beta", "gamma", "delta")


class ParetoNBD(_PurchaseModel):
    """The Pareto/NBD purchase model (Schmittlein, Morrison & Colombo 1987);
    ``params_``: r, alpha, s, beta."""

    _kind = "pareto_nbd"
    _names = ("r", "alpha", "s", "beta")


class GammaGamma(_Model):
    """The Gamma-Gamma spend model (Fader, Hardie & Lee 2005); ``params_``: p, q, v."""

    _kind = "gamma_gamma"
    _names = ("p", "q", "v")

    def fit(
        self,
        frequency: Any,
        monetary_value: Optional[ArrayLike] = None,
        weights: Optional[ArrayLike] = None,
    ) -> GammaGamma:
        """Fits on the repeat buyers (frequency > 0); ``frequency`` may be a summary
        DataFrame. Repeat buyers whose purchases were all free need weight 0."""
        if monetary_value is None and hasattr(frequency, "columns"):
            frequency, monetary_value = frequency["frequency"], frequency["monetary_value"]
        if monetary_value is None:
            raise relmap_error("monetary_value", "missing")
        f, m = _floats("frequency", frequency), _floats("monetary_value", monetary_value)
        w = None if weights is None else _floats("weights", weights)
        params, ll, report = _relmap._fit_gamma_gamma(f, m, w, self.fit_config)
        self.params_ = {n: float(params[n]) for n in self._names}
        self.log_likelihood_, self.report_ = ll, dict(report)
        return self

    def expected_spend(self, frequency: Any, monetary_value: Optional[ArrayLike] = None) -> FloatArray:
        """Expected spend per future purchase of every customer."""
        if monetary_value is None and hasattr(frequency, "columns"):
            frequency, monetary_value = frequency["frequency"], frequency["monetary_value"]
        if monetary_value is None:
            raise relmap_error("monetary_value", "missing")
        f, m = _floats("frequency", frequency), _floats("monetary_value", monetary_value)
        return _relmap._expected_spend(self._params(), f, m)

    def mean_spend(self) -> float:
        """The mean spend per purchase in the population, vp/(q − 1) (``undefined``
        when q ≤ 1)."""
        return _relmap._mean_spend(self._params())

    def clv(
        self,
        model: _PurchaseModel,
        frequency: Any,
        recency: Optional[ArrayLike] = None,
        T: Optional[ArrayLike] = None,
        monetary_value: Optional[ArrayLike] = None,
        **config: Any,
    ) -> FloatArray:
        """CLV of every customer with a fitted purchase ``model`` and this spend model
        (lifetimes' ``customer_lifetime_value``, with an explicit ``margin``);
        ``frequency`` may be a summary DataFrame."""
        if not isinstance(model, _PurchaseModel):
            raise TypeError(f"model: expected a BetaGeo or ParetoNBD, got {type(model).__name__}")
        if recency is None and T is None and monetary_value is None and hasattr(frequency, "columns"):
            monetary_value = frequency["monetary_value"]
        if monetary_value is None:
            raise relmap_error("monetary_value", "missing")
        f, r, t = _rfm_columns(frequency, recency, T)
        spend = self.expected_spend(f, monetary_value)
        return model.clv(spend, f, r, t, **config)


# ---- labels -------------------------------------------------------------------

_SUMMARY_COLUMNS = ("frequency", "recency", "T", "total_amount", "recent_amount", "previous_amount")
_SUMMARY_COUNTS = ("recent_purchases", "previous_purchases")
_SUMMARY_ATTRS = ("unit", "growth_window_days")


def _summary(summary: pd.DataFrame) -> dict[str, Any]:
    """The columns and attrs of an :func:`rfm_summary` result that the labels read."""
    cols: dict[str, Any] = {}
    for name in (*_SUMMARY_COLUMNS, *_SUMMARY_COUNTS):
        if name not in summary:
            raise relmap_error(name, "missing from the summary (use relmap.value.rfm_summary)", "missing_value")
        cols[name] = _counts(name, summary[name]) if name in _SUMMARY_COUNTS else _floats(name, summary[name])
    for name in _SUMMARY_ATTRS:
        if name not in summary.attrs:
            raise relmap_error(f"attrs.{name}", "missing from the summary (use relmap.value.rfm_summary)",
                               "missing_value")
        cols[name] = summary.attrs[name]
    return cols


def _signals(summary: pd.DataFrame, p_alive: ArrayLike, clv: ArrayLike, horizon: Optional[float]) -> dict[str, Any]:
    """What the labels read: the summary, P(alive), CLV and its horizon (None = the core's default)."""
    return {
        "summary": _summary(summary),
        "p_alive": _floats("p_alive", p_alive),
        "clv": _floats("clv", clv),
        "horizon": None if horizon is None else number("horizon", horizon),
    }


def tier(
    summary: pd.DataFrame,
    p_alive: ArrayLike,
    clv: ArrayLike,
    *,
    horizon: Optional[float] = None,
    lifecycle: Optional[Mapping[str, Any]] = None,
    **config: Any,
) -> pd.DataFrame:
    """The value tier (vip, growth, churn_risk, low_value) of every customer with
    the reason, indexed like ``summary`` (an :func:`rfm_summary` result), plus its
    lifecycle stage (the columns of :func:`lifecycle`).

    ``p_alive`` and ``clv`` come from the models; ``horizon`` is the CLV's
    horizon in the summary's unit (default: the core's default CLV, twelve months).
    ``config`` keys override the core's ``TierConfig`` (``vip_share=0.1``, ...),
    ``lifecycle`` the ``LifecycleConfig``. ``df.attrs["vip_threshold"]`` is the
    CLV above which a customer is vip.
    """
    import pandas as pd

    signals = _signals(summary, p_alive, clv, horizon)
    tiers, reasons, threshold = _relmap._tier(signals, config)
    stages = _lifecycle_frame(summary, signals, lifecycle or {})
    df = pd.DataFrame(
        {
            "tier": pd.Categorical(tiers, categories=["vip", "growth", "churn_risk", "low_value"]),
            "lifecycle": stages["lifecycle"],
            "reason": reasons,
            "lifecycle_reason": stages["lifecycle_reason"],
        },
        index=summary.index,
    )
    df.attrs["vip_threshold"] = threshold
    return df


def lifecycle(
    summary: pd.DataFrame, p_alive: ArrayLike, clv: ArrayLike, *, horizon: Optional[float] = None, **config: Any
) -> pd.DataFrame:
    """The lifecycle stage (exploration, growth, maturity, decline, churned) of
    every customer with the reason (columns ``lifecycle``, ``lifecycle_reason``),
    indexed like ``summary``; ``config`` keys override the core's ``LifecycleConfig``."""
    return _lifecycle_frame(summary, _signals(summary, p_alive, clv, horizon), config)


def _lifecycle_frame(summary: pd.DataFrame, signals: Mapping[str, Any], config: Mapping[str, Any]) -> pd.DataFrame:
    import pandas as pd

    stages, reasons = _relmap._lifecycle(signals, config)
    categories = ["potential", "exploration", "growth", "maturity", "decline", "churned"]
    return pd.DataFrame(
        {"lifecycle": pd.Categorical(stages, categories=categories), "lifecycle_reason": reasons},
        index=summary.index,
    )


def churn_warnings(
    summary: pd.DataFrame,
    p_alive: ArrayLike,
    clv: ArrayLike,
    /,
    *,
    maps: Optional[Iterable[RelationshipMap]] = None,
    as_of: Optional[TimeLike] = None,
    horizon: Optional[float] = None,
    **config: Any,
) -> pd.DataFrame:
    """Churn early warnings (客户流失预警): the customers of a summary whose
    P(alive) is low or whose purchase rate fell against their own baseline, most
    severe first, indexed by customer id.

    With ``maps`` (relationship maps whose account ids are the customer ids, as
    text), the relationship signals of those accounts join in and raise the
    severity: ``champion_gone_cold`` and ``economic_buyer_uncovered``, judged at
    ``as_of`` (default: the summary's ``as_of``).

    Columns: ``severity`` (ordered categorical low < medium < high), ``signals``
    (tuple of signal codes), ``reason``, ``p_alive`` and ``rate_ratio`` (recent
    over baseline purchase rate, NaN without a baseline). ``config`` keys override
    the core's ``ChurnConfig`` (``p_alive=0.2``, ``champion_cold_days=90``, ...);
    the first three arguments are positional, so ``p_alive=`` is the threshold.
    """
    import pandas as pd

    signals = _signals(summary, p_alive, clv, horizon)
    checked = None if maps is None else map_list(maps)
    customers = None
    when = None
    if checked is not None:
        customers = [str(c) for c in summary.index]
        when = required_time(as_of if as_of is not None else summary.attrs.get("as_of"), "as_of")
    rows, severity, codes, reasons, alive, ratio = _relmap._churn_warnings(signals, config, customers, checked, when)
    index = summary.index[rows.astype(np.intp)]
    return pd.DataFrame(
        {
            "severity": pd.Categorical(severity, categories=["low", "medium", "high"], ordered=True),
            "signals": [tuple(s) for s in codes],
            "reason": reasons,
            "p_alive": alive,
            "rate_ratio": ratio,
        },
        index=index,
    )


def rfm_scores(summary: pd.DataFrame, **config: Any) -> pd.DataFrame:
    """RFM quantile scores (1..5) and the usual named segments (champions,
    loyal, at_risk, hibernating, ...) of every customer in a summary, with the
    reason: R from T − recency, F from frequency + 1, M from the total amount
    (the core's ``rfm_scores``); ``config`` keys override ``RfmScoreConfig``
    (``bins``, ``segments``)."""
    import pandas as pd

    r, f, m, segment, reason = _relmap._rfm_scores(_summary(summary), config)
    return pd.DataFrame({"r": r, "f": f, "m": m, "segment": segment, "reason": reason}, index=summary.index)


# ---- does the model fit? --------------------------------------------------------

from ._diagnostics import (  # noqa: E402
    Chart,
    frequency_recency_matrix,
    holdout_errors,
    holdout_forecast,
    holdout_table,
    period_transactions,
    plot_frequency_recency,
    plot_holdout,
    plot_p_alive,
    plot_period_transactions,
    plot_tiers,
    plot_tracking,
    tier_overview,
    tracking,
)


def __dir__() -> list[str]:
    return list(__all__)
