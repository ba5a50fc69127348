"""Does the model fit? Holdout evaluation, tracking, period transactions, the
frequency–recency matrix and the tier overview as pandas objects, and the core's
pictures of each (:class:`Chart`: shown inline in a notebook, saved with ``save``).

Every function takes a fitted purchase model (:class:`relmap.value.BetaGeo`, ...)
and a summary from :func:`relmap.value.rfm_summary` (with ``holdout_end`` where
the holdout period is needed); the numbers come from the Rust core, and a table
and its picture always show the same numbers.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Optional, Union

import numpy as np

from . import _relmap
from ._records import relmap_error

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Chart",
    "frequency_recency_matrix",
    "holdout_errors",
    "holdout_forecast",
    "holdout_table",
    "period_transactions",
    "plot_frequency_recency",
    "plot_holdout",
    "plot_p_alive",
    "plot_period_transactions",
    "plot_tiers",
    "plot_tracking",
    "tier_overview",
    "tracking",
]


_ROOT_SIZE = re.compile(r'^(<svg\b[^>]*?) width="[^"]*" height="[^"]*"')


def fit_width(svg: str) -> str:
    """The SVG as a notebook shows it: the root's fixed width and height replaced by
    ``width="100%"``, so the picture scales to the output area (its ``viewBox`` keeps the
    proportions and ``max-width:100%`` holds); the text is otherwise the core's."""
    return _ROOT_SIZE.sub(r'\1 width="100%"', svg, count=1)


class Chart:
    """An SVG picture drawn by the core: shown inline by Jupyter at the width of the
    output area (``_repr_svg_``), written at full size by ``save(path)``; ``svg`` is
    the core's text and ``data`` the plotted result."""

    __slots__ = ("data", "kind", "svg")

    def __init__(self, kind: str, svg: str, data: Mapping[str, Any]) -> None:
        self.kind = kind
        self.svg = svg
        self.data = data

    def _repr_svg_(self) -> str:
        return fit_width(self.svg)

    def __str__(self) -> str:
        return self.svg

    def __repr__(self) -> str:
        return f"Chart({self.kind!r}, {len(self.svg)} bytes of SVG)"

    def save(self, path: Union[str, os.PathLike[str]]) -> None:
        """Writes the SVG to ``path`` (UTF-8)."""
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.svg)


def _model(model: Any) -> tuple[str, dict[str, float]]:
    kind = getattr(model, "_kind", None)
    if not kind or not hasattr(model, "_params") or kind == "gamma_gamma":
        raise relmap_error(
            "model", f"expected a fitted purchase model (BetaGeo, ParetoNBD, ...), got {type(model).__name__}"
        )
    params: dict[str, float] = model._params()
    return kind, params


def _calibration(summary: Any) -> tuple[Any, Any, Any]:
    from .value import _rfm_columns

    if not hasattr(summary, "columns"):
        raise relmap_error("summary", "expected a summary DataFrame (relmap.value.rfm_summary)")
    return _rfm_columns(summary, None, None)


def _unit(summary: Any) -> str:
    unit = summary.attrs.get("unit")
    if unit is None:
        raise relmap_error("attrs.unit", "missing from the summary (use relmap.value.rfm_summary)", "missing_value")
    return str(unit)


def _holdout(model: Any, summary: Any, bins: int) -> dict[str, Any]:
    from .value import _floats

    f, r, t = _calibration(summary)
    if "holdout_frequency" not in summary or "holdout_duration" not in summary.attrs:
        raise relmap_error(
            "summary", "the summary has no holdout period (rfm_summary(..., holdout_end=...))", "missing_value"
        )
    actual = _floats("holdout_frequency", summary["holdout_frequency"])
    kind, params = _model(model)
    result: dict[str, Any] = _relmap._holdout_evaluation(
        kind, params, f, r, t, actual, float(summary.attrs["holdout_duration"]), _unit(summary), {"bins": bins}
    )
    return result


def holdout_table(model: Any, summary: pd.DataFrame, bins: int = 7) -> pd.DataFrame:
    """The table BTYD prints: customers binned by calibration frequency (0, 1, …,
    ``bins``\\ +), with the count of customers per bin and the ``actual`` and
    ``expected`` mean purchases in the holdout period (index ``frequency``, the bin
    labels "0", "1", …, "7+"; empty bins left out). ``summary`` needs the holdout
    columns (``rfm_summary(..., holdout_end=...)``); ``model`` is fitted on its
    calibration columns."""
    return _table(_holdout(model, summary, bins))


def _table(result: Mapping[str, Any]) -> pd.DataFrame:
    import pandas as pd

    rows = result["bins"]
    labels = [f"{b['frequency']}+" if b["open"] else str(b["frequency"]) for b in rows]
    df = pd.DataFrame(
        {
            "customers": np.array([b["customers"] for b in rows], dtype=np.int64),
            "actual": np.array([b["actual_mean"] for b in rows], dtype=np.float64),
            "expected": np.array([b["expected_mean"] for b in rows], dtype=np.float64),
        },
        index=pd.Index(labels, name="frequency"),
    )
    df.attrs.update(model=result["model"], unit=result["unit"], duration=result["duration"])
    return df


def holdout_errors(model: Any, summary: pd.DataFrame) -> pd.Series[Any]:
    """How far the model's holdout forecasts are from what customers did, per
    customer: ``n``, ``mae``, ``rmse``, ``bias`` (mean predicted − actual),
    ``correlation`` (NaN when a column is constant), ``predicted_total`` and
    ``actual_total``. The errors of the aggregate curve per period are in
    :func:`tracking`'s ``attrs``."""
    import pandas as pd

    errors = dict(_holdout(model, summary, 7)["errors"])
    if errors.get("correlation") is None:
        errors["correlation"] = float("nan")
    return pd.Series(errors, name="holdout_errors", dtype=float)


def holdout_forecast(model: Any, summary: pd.DataFrame) -> pd.DataFrame:
    """Per customer (indexed like ``summary``): the ``predicted`` purchases in the
    holdout period beside the ``actual`` ones."""
    import pandas as pd

    result = _holdout(model, summary, 7)
    return pd.DataFrame(
        {"predicted": np.asarray(result["predicted"], dtype=np.float64), "actual": np.asarray(result["actual"])},
        index=summary.index,
    )


def plot_holdout(model: Any, summary: pd.DataFrame, bins: int = 7, **options: Any) -> Chart:
    """Calibration vs holdout: actual and expected mean holdout purchases by
    calibration frequency (the :func:`holdout_table`). ``options``: the core's
    ``ChartOptions`` (``theme``, ``title``, ``width``, ``font_size``)."""
    result = _holdout(model, summary, bins)
    return Chart("holdout", _relmap._plot_value("holdout", result, options), result)


def _transactions(summary: Any, customer: Any, time: Any) -> tuple[Any, int, Any, str, str, dict[str, Any]]:
    from .value import _customer_codes, _times

    codes, uniques = _customer_codes(customer)
    times, time_unit = _times("time", time)
    as_of = summary.attrs.get("as_of")
    if as_of is None:
        raise relmap_error("attrs.as_of", "missing from the summary (use relmap.value.rfm_summary)", "missing_value")
    config: dict[str, Any] = {"unit": _unit(summary)}
    if summary.attrs.get("holdout_end") is not None:
        config["holdout_end"] = summary.attrs["holdout_end"]
    return codes, len(uniques), times, time_unit, str(as_of), config


def _tracking(model: Any, summary: Any, customer: Any, time: Any) -> dict[str, Any]:
    kind, params = _model(model)
    codes, n, times, time_unit, as_of, config = _transactions(summary, customer, time)
    result: dict[str, Any] = _relmap._tracking(kind, params, codes, n, times, time_unit, as_of, config)
    return result


def tracking(model: Any, summary: pd.DataFrame, customer: Any, time: Any) -> pd.DataFrame:
    """The cohort's repeat purchases per period, actual vs expected by ``model``, one
    row per period (index ``period``: its start, in the summary's unit from the first
    purchase of the cohort): ``period_end``, ``actual``, ``expected``, their
    cumulative sums and ``holdout`` (the period lies after the calibration end).

    ``customer`` and ``time`` are the transactions the summary was made from; the
    summary's ``as_of``, unit and ``holdout_end`` (its ``attrs``) apply. ``attrs``
    hold ``calibration_end``, ``end``, ``start`` (a date), ``customers`` and the
    errors of the curve in calibration and holdout (``calibration_errors``,
    ``holdout_errors``: MAE, RMSE, bias per period)."""
    return _tracking_frame(_tracking(model, summary, customer, time))


def _tracking_frame(result: Mapping[str, Any]) -> pd.DataFrame:
    import pandas as pd

    actual = np.asarray(result["actual"], dtype=np.float64)
    expected = np.asarray(result["expected"], dtype=np.float64)
    start = np.asarray(result["period_start"], dtype=np.float64)
    df = pd.DataFrame(
        {
            "period_end": np.asarray(result["period_end"], dtype=np.float64),
            "actual": actual,
            "expected": expected,
            "actual_cumulative": np.cumsum(actual),
            "expected_cumulative": np.cumsum(expected),
            "holdout": start >= float(result["calibration_end"]),
        },
        index=pd.Index(start, name="period"),
    )
    for key in ("model", "unit", "start", "calibration_end", "end", "customers", "calibration_errors",
                "holdout_errors"):
        df.attrs[key] = result[key]
    return df


def plot_tracking(model: Any, summary: pd.DataFrame, customer: Any, time: Any, **options: Any) -> Chart:
    """Tracking: repeat purchases per period and cumulative, actual vs model, the
    calibration end marked (the :func:`tracking` table)."""
    result = _tracking(model, summary, customer, time)
    return Chart("tracking", _relmap._plot_value("tracking", result, options), result)


def _period(model: Any, summary: Any, bins: int, replicates: int, seed: int) -> dict[str, Any]:
    f, r, t = _calibration(summary)
    kind, params = _model(model)
    config = {"bins": bins, "replicates": replicates, "seed": seed}
    result: dict[str, Any] = _relmap._period_transactions(kind, params, f, r, t, config)
    return result


def period_transactions(
    model: Any, summary: pd.DataFrame, bins: int = 7, *, replicates: int = 10, seed: int = 42
) -> pd.DataFrame:
    """How many customers made 0, 1, …, ``bins``\\ + repeat purchases in calibration
    (``actual``) and in ``replicates`` cohorts simulated from ``model`` with the
    same ages (``simulated``, the mean count; seeded, so the same seed gives the
    same numbers). Index ``frequency``, the bin labels."""
    import pandas as pd

    result = _period(model, summary, bins, replicates, seed)
    rows = result["bins"]
    labels = [f"{b['frequency']}+" if b["open"] else str(b["frequency"]) for b in rows]
    df = pd.DataFrame(
        {
            "actual": np.array([b["actual"] for b in rows], dtype=np.int64),
            "simulated": np.array([b["simulated"] for b in rows], dtype=np.float64),
        },
        index=pd.Index(labels, name="frequency"),
    )
    df.attrs.update(model=result["model"], replicates=result["replicates"], seed=result["seed"])
    return df


def plot_period_transactions(
    model: Any, summary: pd.DataFrame, bins: int = 7, *, replicates: int = 10, seed: int = 42, **options: Any
) -> Chart:
    """Customers by calibration repeat purchases, actual vs simulated from the model."""
    result = _period(model, summary, bins, replicates, seed)
    return Chart("period_transactions", _relmap._plot_value("period_transactions", result, options), result)


def _matrix(model: Any, summary: Any, quantity: str, config: Mapping[str, Any]) -> dict[str, Any]:
    f, r, t = _calibration(summary)
    kind, params = _model(model)
    result: dict[str, Any] = _relmap._frequency_recency_matrix(kind, params, f, r, t, _unit(summary), quantity,
                                                               dict(config))
    return result


def frequency_recency_matrix(
    model: Any, summary: pd.DataFrame, quantity: str = "expected_purchases", **config: Any
) -> pd.DataFrame:
    """``quantity`` ("expected_purchases" in the next ``horizon`` units, or
    "p_alive") of a customer with x repeat purchases (rows, index ``frequency``)
    and the last one at recency t_x (columns: the middle of each recency cell), all
    observed for T = the summary's largest age. NaN where t_x > T or x = 0 with t_x > 0.
    ``config``: the core's ``FrequencyRecencyConfig`` (``horizon``,
    ``max_frequency``, ``recency_cells``, ``t``). ``attrs["customers"]`` counts
    the summary's customers in each cell."""
    import pandas as pd

    result = _matrix(model, summary, quantity, config)
    edges = np.asarray(result["recency_edges"], dtype=np.float64)
    values = np.array([[np.nan if v is None else v for v in row] for row in result["values"]], dtype=np.float64)
    df = pd.DataFrame(
        values,
        index=pd.Index(np.asarray(result["frequency"], dtype=np.int64), name="frequency"),
        columns=pd.Index((edges[:-1] + edges[1:]) / 2, name="recency"),
    )
    df.attrs.update(
        model=result["model"],
        quantity=result["quantity"],
        unit=result["unit"],
        horizon=result["horizon"],
        T=result["t"],
        recency_edges=edges.tolist(),
        customers=result["customers"],
    )
    return df


def plot_frequency_recency(
    model: Any, summary: pd.DataFrame, quantity: str = "expected_purchases", *, options: Optional[Mapping[str, Any]]
    = None, **config: Any
) -> Chart:
    """A heat map of expected purchases (or P(alive) with ``quantity="p_alive"``)
    over frequency × recency (the :func:`frequency_recency_matrix`); ``config`` as
    there, ``options`` the core's ``ChartOptions``."""
    result = _matrix(model, summary, quantity, config)
    return Chart("frequency_recency", _relmap._plot_value("frequency_recency", result, dict(options or {})), result)


def plot_p_alive(
    model: Any, summary: pd.DataFrame, *, options: Optional[Mapping[str, Any]] = None, **config: Any
) -> Chart:
    """The heat map of P(alive) over frequency × recency (lifetimes' probability-alive matrix)."""
    return plot_frequency_recency(model, summary, "p_alive", options=options, **config)


def _overview(tiers: Any, clv: Any, p_alive: Any) -> dict[str, Any]:
    from .value import _aligned, _floats

    column = tiers["tier"] if hasattr(tiers, "columns") else tiers
    labels = [str(t) for t in column]
    index = getattr(column, "index", None)
    c, p = _floats("clv", _aligned("clv", clv, index)), _floats("p_alive", _aligned("p_alive", p_alive, index))
    result: dict[str, Any] = _relmap._tier_overview(labels, c, p)
    return result


def tier_overview(tiers: Any, clv: Any, p_alive: Any) -> pd.DataFrame:
    """Customers, predicted value (``clv``), its ``share`` of the total and the mean
    P(alive) per tier (index ``tier``, vip first). ``tiers`` is a :func:`tier`
    result (or its ``tier`` column); ``clv`` and ``p_alive`` per customer, in the same order
    (Series are matched to the tiers' customers by index)."""
    import pandas as pd

    result = _overview(tiers, clv, p_alive)
    rows = result["tiers"]
    total = float(result["clv"])
    df = pd.DataFrame(
        {
            "customers": np.array([r["customers"] for r in rows], dtype=np.int64),
            "clv": np.array([r["clv"] for r in rows], dtype=np.float64),
            "share": np.array([r["clv"] / total if total else np.nan for r in rows], dtype=np.float64),
            "mean_p_alive": np.array(
                [np.nan if r["mean_p_alive"] is None else r["mean_p_alive"] for r in rows], dtype=np.float64
            ),
        },
        index=pd.Index([r["tier"] for r in rows], name="tier"),
    )
    df.attrs.update(customers=result["customers"], clv=total)
    return df


def plot_tiers(tiers: Any, clv: Any, p_alive: Any, **options: Any) -> Chart:
    """Customers and predicted value per tier (the :func:`tier_overview`)."""
    result = _overview(tiers, clv, p_alive)
    return Chart("tiers", _relmap._plot_value("tiers", result, options), result)
