"""Customer value and account maps on Dask: the same numbers as :mod:`relmap.value`, past
one machine's memory (install with ``pip install relmap[dask]``).

- :func:`rfm_summary`: the RFM summary of a Dask DataFrame of transactions, one row per
  customer, indexed by customer. Customers are brought together by a hash-partitioned
  shuffle on the customer column (``DataFrame.shuffle(on=customer)``), then each
  partition is summarised by the in-memory :func:`relmap.value.rfm_summary`. With
  ``partitioned=True`` the shuffle is skipped (the data already hold each customer in
  one partition) and the result is checked: a customer found in two partitions is a
  ``ValidationError`` (code ``duplicate_id``), never a summary with two rows for it.
- :func:`fit`: fits any purchase model (frequency, recency, T), the spend model
  (frequency, monetary value) or the renewal model (tenure, active) on a distributed
  summary. Each partition is compressed to its distinct rows with counts, the counts are
  summed across partitions, and the model is fitted to the weighted distinct rows. The
  core merges identical rows into counts before it fits anyway, so the fit is the
  in-memory fit: the same rows, the same weights, the same optimizer path.
- :func:`score`: P(alive), expected purchases, CLV and the value tiers and lifecycle
  stages of every customer with ``map_partitions``; the VIP cut of the tiers is computed
  over the whole customer base first, so every partition is tiered as the whole is.
- :func:`decision_chains` and :func:`trust`: the decision chain and the trust report of
  every account map in a Dask bag.

>>> import pandas as pd, dask.dataframe as dd, relmap.dask as rd
>>> tx = pd.DataFrame({
...     "customer": ["a", "a", "a", "b", "c", "c"],
...     "time": pd.to_datetime(["2024-01-02", "2024-02-10", "2024-05-20", "2024-01-15", "2024-02-01", "2024-03-01"]),
...     "amount": [120.0, 80.0, 95.0, 40.0, 25.0, 35.0],
... })
>>> s = rd.rfm_summary(dd.from_pandas(tx, npartitions=2), customer="customer", time="time",
...                    amount="amount", as_of="2024-06-30")
>>> s.compute().sort_index()[["frequency", "recency", "T"]].round(2).reset_index()
  customer  frequency  recency      T
0        a        2.0    19.86  25.71
1        b        0.0     0.00  23.86
2        c        1.0     4.14  21.43
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Optional, TypeVar

import numpy as np

from . import value as _value
from ._map import RelationshipMap
from ._records import TimeLike, number, relmap_error

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["compressed", "decision_chains", "fit", "rfm_summary", "score", "trust"]

M = TypeVar("M", bound=_value._Model)

_RFM = ("frequency", "recency", "T")
_SPEND = ("frequency", "monetary_value")
_RENEWAL = ("tenure", "active")
_SHARED_ATTRS = ("unit", "growth_window_days")


def _dd() -> Any:
    try:
        import dask.dataframe as dd
    except ImportError:  # pragma: no cover - the extra is not installed
        raise ImportError("relmap.dask needs Dask: pip install 'relmap[dask]'") from None
    return dd


def _frame(field: str, ddf: Any) -> Any:
    dd = _dd()
    if not isinstance(ddf, dd.DataFrame):
        message = f"expected a dask DataFrame, got {type(ddf).__name__}"
        raise relmap_error(field, message, "invalid_argument")
    return ddf


def _column(ddf: Any, field: str, name: Any) -> str:
    if not isinstance(name, str):
        raise relmap_error(field, f"expected a column name, got {type(name).__name__}", "invalid_argument")
    if name not in ddf.columns:
        columns = ", ".join(map(str, ddf.columns))
        raise relmap_error(field, f"{name!r} is not a column of the frame (it has {columns})", "missing_value")
    return name


# ---- summary --------------------------------------------------------------------


def _summarise(part: pd.DataFrame, columns: Mapping[str, Optional[str]], options: Mapping[str, Any]) -> pd.DataFrame:
    """The in-memory summary of one partition's transactions."""
    margin = columns["margin"]
    summary: pd.DataFrame = _value.rfm_summary(
        part[columns["customer"]],
        part[columns["time"]],
        part[columns["amount"]],
        margin=None if margin is None else part[margin],
        **options,
    )
    return summary


def _summarise_partition(
    part: pd.DataFrame, columns: Mapping[str, Optional[str]], options: Mapping[str, Any], meta: pd.DataFrame
) -> pd.DataFrame:
    if len(part) == 0:
        return meta
    return _summarise(part, columns, options)


def _first_duplicate(part: pd.DataFrame) -> pd.DataFrame:
    """The ids of a partition (of ids shuffled by id) that occur more than once."""
    ids = part["customer"]
    return part[ids.duplicated()].head(1)


def _one_partition_each(part: pd.DataFrame, *duplicates: pd.DataFrame) -> pd.DataFrame:
    for d in duplicates:
        if len(d):
            customer = d["customer"].iloc[0]
            message = (
                f"customer {customer!r} is in more than one partition of the transactions, but "
                "partitioned=True says each customer lives in one: repartition by customer "
                "(or leave partitioned=False to shuffle)"
            )
            raise relmap_error("customer", message, "duplicate_id")
    return part


def rfm_summary(
    ddf: Any,
    *,
    customer: str,
    time: str,
    amount: str,
    as_of: TimeLike,
    margin: Optional[str] = None,
    unit: Optional[str] = None,
    holdout_end: Optional[TimeLike] = None,
    growth_window_days: Optional[float] = None,
    partitioned: bool = False,
    npartitions: Optional[int] = None,
) -> Any:
    """The per-customer RFM summary of the transactions in a Dask DataFrame: a Dask
    DataFrame indexed by customer with the columns of :func:`relmap.value.rfm_summary`
    (customers within a partition in order of first appearance; order across partitions
    is the shuffle's).

    ``customer``, ``time``, ``amount`` (and ``margin``) name columns of ``ddf``; the
    other keywords are those of :func:`relmap.value.rfm_summary`. The transactions are
    hash-partitioned by customer with a shuffle (into ``npartitions`` partitions, default
    as many as ``ddf`` has) so each customer's rows meet in one partition. With
    ``partitioned=True`` the shuffle is skipped; the ids are then checked across
    partitions (a shuffle of the ids alone) and a customer in two partitions raises
    ``ValidationError`` (code ``duplicate_id``) when the result is computed.

    The partitions' ``attrs`` hold ``as_of``, ``unit`` and ``growth_window_days`` (what
    :func:`score` reads) and the partition's own transaction counts.
    """
    import pandas as pd

    dd = _dd()
    ddf = _frame("ddf", ddf)
    columns: dict[str, Optional[str]] = {
        "customer": _column(ddf, "customer", customer),
        "time": _column(ddf, "time", time),
        "amount": _column(ddf, "amount", amount),
        "margin": None if margin is None else _column(ddf, "margin", margin),
    }
    options: dict[str, Any] = {"as_of": as_of}
    given = {"unit": unit, "holdout_end": holdout_end, "growth_window_days": growth_window_days}
    options.update({k: v for k, v in given.items() if v is not None})
    used = [c for c in dict.fromkeys(columns.values()) if c is not None]
    frame = ddf[used]
    # The columns and dtypes of the result: the summary of one made-up row of the input's dtypes.
    sample = frame._meta_nonempty.head(1).copy()
    when = frame._meta[columns["time"]].dtype
    if isinstance(when, pd.DatetimeTZDtype):
        sample[columns["time"]] = pd.Series([pd.Timestamp("2000-01-01", tz=when.tz)], index=sample.index)
    elif getattr(when, "kind", "") == "M":
        sample[columns["time"]] = pd.Series([pd.Timestamp("2000-01-01")], index=sample.index).astype(when)
    else:
        sample[columns["time"]] = "2000-01-01"
    probe = _summarise(sample, columns, {**options, "as_of": "2000-01-02"})
    meta = probe.iloc[:0].copy()
    # What the partitions' attrs share (the probe's as_of and counts are made up).
    meta.attrs = {k: probe.attrs[k] for k in _SHARED_ATTRS}
    if not partitioned:
        frame = frame.shuffle(on=columns["customer"], npartitions=npartitions)
    summary = frame.map_partitions(_summarise_partition, columns, options, meta, meta=meta)
    if not partitioned:
        return summary
    ids = summary.map_partitions(
        lambda p: pd.DataFrame({"customer": p.index.to_numpy()}), meta=pd.DataFrame({"customer": meta.index})
    )
    duplicates = ids.shuffle(on="customer").map_partitions(_first_duplicate, meta=ids._meta)
    checks = duplicates.to_delayed()
    return dd.map_partitions(_one_partition_each, summary, *checks, meta=meta, align_dataframes=False)


# ---- fitting --------------------------------------------------------------------


def _columns_of(model: _value._Model, summary: Any) -> tuple[str, ...]:
    if isinstance(model, _value.GammaGamma):
        return _SPEND
    if isinstance(model, _value.ShiftedBetaGeo):
        return _RENEWAL
    if isinstance(model, _value._PurchaseModel):
        if "T" not in summary.columns and "periods" in summary.columns:
            return ("frequency", "recency", "periods")
        return _RFM
    raise relmap_error("model", f"expected a relmap.value model, got {type(model).__name__}", "invalid_argument")


def _compress(part: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """The distinct rows of ``columns`` in a partition with how many customers share each."""
    counts = part.groupby(list(columns), dropna=False, sort=False).size()
    out = counts.rename("weight").reset_index()
    out["weight"] = out["weight"].astype(np.float64)
    return out


def compressed(model: _value._Model, summary: Any) -> pd.DataFrame:
    """The distinct rows a :func:`fit` of ``model`` sees, with their summed counts
    (column ``weight``), sorted: what travels from the partitions to the fit."""
    import pandas as pd

    summary = _frame("summary", summary)
    columns = _columns_of(model, summary)
    for c in columns:
        _column(summary, c, c)
    meta = _compress(summary._meta[list(columns)], columns)
    parts = summary[list(columns)].map_partitions(_compress, columns, meta=meta)
    table: pd.DataFrame = parts.groupby(list(columns), dropna=False).weight.sum().compute().reset_index()
    return table.sort_values(list(columns), kind="stable").reset_index(drop=True)


def fit(model: M, summary: Any) -> M:
    """Fits ``model`` (any :mod:`relmap.value` purchase model, ``GammaGamma`` or
    ``ShiftedBetaGeo``, with its ``fit_config``) on a distributed summary and returns it,
    fitted: each partition is compressed to its distinct (frequency, recency, T) rows —
    (frequency, monetary_value) for ``GammaGamma``, (tenure, active) for
    ``ShiftedBetaGeo`` — with counts, the counts are summed across partitions and the
    model is fitted to the distinct rows weighted by their counts. The parameters,
    log-likelihood and standard errors equal the in-memory fit's. Covariates are not
    supported on this path."""
    if not isinstance(model, _value._Model):
        raise relmap_error("model", f"expected a relmap.value model, got {type(model).__name__}", "invalid_argument")
    table = compressed(model, summary)
    columns = _columns_of(model, summary)
    weights = table["weight"]
    # The core's min_customers counts the rows it is given; here one row stands for many
    # customers, so the check is made on the customers and the fit is told to accept the
    # distinct rows.
    saved = dict(model.fit_config)
    needed = int(saved.get("min_customers", 2))
    if float(weights.sum()) >= needed:
        model.fit_config = {**saved, "min_customers": 1}
    try:
        if isinstance(model, _value.ShiftedBetaGeo):
            model.fit(table["tenure"], table["active"].astype(bool), weights)
        elif isinstance(model, _value.GammaGamma):
            model.fit(table["frequency"], table["monetary_value"], weights)
        else:
            assert isinstance(model, _value._PurchaseModel)
            model.fit(table[columns[0]], table[columns[1]], table[columns[2]], weights)
    finally:
        model.fit_config = saved
    return model


# ---- scoring --------------------------------------------------------------------


def _scores(
    part: pd.DataFrame,
    model: _value._PurchaseModel,
    t: Optional[float],
    spend_model: Optional[_value.GammaGamma],
    clv_config: Mapping[str, Any],
    tiers: Optional[Mapping[str, Any]],
    lifecycle_config: Mapping[str, Any],
    horizon: Optional[float],
    attrs: Mapping[str, Any],
) -> pd.DataFrame:
    out = part.copy()
    if len(part) == 0:
        return _score_meta(part, t, spend_model, tiers)
    out.attrs.update(attrs)
    out["p_alive"] = model.p_alive(part)
    if t is not None:
        out["expected_purchases"] = model.expected_purchases(t, part)
    if spend_model is not None:
        out["expected_spend"] = spend_model.expected_spend(part)
        out["clv"] = model.clv(out["expected_spend"], part, **clv_config)
        if tiers is not None:
            labels = _value.tier(out, out["p_alive"], out["clv"], horizon=horizon, lifecycle=lifecycle_config, **tiers)
            for c in labels.columns:
                out[c] = labels[c]
    return out


def _score_meta(
    meta: pd.DataFrame, t: Optional[float], spend_model: Optional[_value.GammaGamma], tiers: Optional[Mapping[str, Any]]
) -> pd.DataFrame:
    import pandas as pd

    out = meta.iloc[:0].copy()
    out["p_alive"] = np.zeros(0)
    if t is not None:
        out["expected_purchases"] = np.zeros(0)
    if spend_model is not None:
        out["expected_spend"] = np.zeros(0)
        out["clv"] = np.zeros(0)
        if tiers is not None:
            out["tier"] = pd.Categorical([], categories=["vip", "growth", "churn_risk", "low_value"])
            categories = ["potential", "exploration", "growth", "maturity", "decline", "churned"]
            out["lifecycle"] = pd.Categorical([], categories=categories)
            out["reason"] = pd.Series([], dtype=object)
            out["lifecycle_reason"] = pd.Series([], dtype=object)
    return out


def _summary_attrs(summary: Any, options: Mapping[str, Any]) -> dict[str, Any]:
    """``unit`` and ``growth_window_days`` of a distributed summary (what the tiers read):
    given, else from the summary's meta (:func:`rfm_summary` puts them there), else from
    the first non-empty partition's attrs."""
    attrs = {k: options[k] for k in _SHARED_ATTRS if options.get(k) is not None}
    attrs.update({k: v for k, v in summary._meta.attrs.items() if k in _SHARED_ATTRS and k not in attrs})
    if len(attrs) < len(_SHARED_ATTRS):
        for part in summary.partitions:
            first = part.compute()
            if len(first):
                attrs.update({k: first.attrs[k] for k in _SHARED_ATTRS if k not in attrs and k in first.attrs})
                break
    return attrs


def _vip_threshold(clv: Any, n: int, share: float) -> Optional[float]:
    """The CLV of the customer at the ``share`` cut over all ``n`` customers, as the
    core's ``tier`` takes it (None when the share holds nobody)."""
    k = math.ceil(share * n)
    if k == 0:
        return None
    return float(clv.nlargest(k).compute().iloc[-1])


def score(
    model: _value._PurchaseModel,
    summary: Any,
    *,
    t: Optional[float] = None,
    spend_model: Optional[_value.GammaGamma] = None,
    tiers: bool = True,
    horizon: Optional[float] = None,
    tier_config: Optional[Mapping[str, Any]] = None,
    lifecycle_config: Optional[Mapping[str, Any]] = None,
    unit: Optional[str] = None,
    growth_window_days: Optional[float] = None,
    **clv_config: Any,
) -> Any:
    """The summary with every customer's predictions added (``map_partitions``, no
    shuffle): ``p_alive``; ``expected_purchases`` in the next ``t`` time units (with
    ``t``); with a fitted ``spend_model`` (``GammaGamma``), ``expected_spend`` and ``clv``
    (``clv_config``: periods, period_length, discount_rate, margin, as in
    ``model.clv``), and with ``tiers`` the columns of :func:`relmap.value.tier` (``tier``,
    ``lifecycle``, ``reason``, ``lifecycle_reason``).

    The tiers' VIP cut (``vip_share`` of ``tier_config``, the core's default when absent)
    is computed over every customer before the partitions are labelled, so the labels and
    reasons equal the in-memory ``tier`` of the whole summary; this costs one pass over
    the CLV column at call time. ``unit`` and ``growth_window_days`` default to the
    summary's (its first partition's ``attrs``). Each value equals the in-memory one."""
    summary = _frame("summary", summary)
    if not isinstance(model, _value._PurchaseModel):
        message = f"expected a purchase model (BetaGeo, ParetoNBD, ...), got {type(model).__name__}"
        raise relmap_error("model", message, "invalid_argument")
    model._plain_params()
    if spend_model is not None:
        if not isinstance(spend_model, _value.GammaGamma):
            message = f"expected a GammaGamma, got {type(spend_model).__name__}"
            raise relmap_error("spend_model", message, "invalid_argument")
        spend_model._params()
    horizon_t = None if t is None else number("t", t)
    labels: Optional[dict[str, Any]] = None
    attrs: dict[str, Any] = {}
    if spend_model is not None and tiers:
        labels = dict(tier_config or {})
        attrs = _summary_attrs(summary, {"unit": unit, "growth_window_days": growth_window_days})
        if "vip_threshold" not in labels:
            share = labels.get("vip_share", _default_vip_share())
            p = summary.map_partitions(_partial_clv, model, spend_model, clv_config, meta=("clv", "f8"))
            cut = _vip_threshold(p, int(summary.shape[0].compute()), number("vip_share", share))
            if cut is None:
                labels["vip_share"] = 0.0
            else:
                labels["vip_threshold"] = cut
    meta = _score_meta(summary._meta, horizon_t, spend_model, labels)
    return summary.map_partitions(
        _scores,
        model,
        horizon_t,
        spend_model,
        dict(clv_config),
        labels,
        dict(lifecycle_config or {}),
        horizon,
        attrs,
        meta=meta,
    )


def _partial_clv(
    part: pd.DataFrame, model: _value._PurchaseModel, spend_model: _value.GammaGamma, clv_config: Mapping[str, Any]
) -> pd.Series[Any]:
    import pandas as pd

    if len(part) == 0:
        return pd.Series([], dtype=np.float64, name="clv")
    clv = model.clv(spend_model.expected_spend(part), part, **clv_config)
    return pd.Series(clv, index=part.index, name="clv", dtype=np.float64)


def _default_vip_share() -> float:
    from . import _relmap

    share: float = _relmap._default("tier")["vip_share"]
    return share


# ---- account maps ---------------------------------------------------------------


def _as_map(item: Any) -> RelationshipMap:
    if isinstance(item, RelationshipMap):
        return item
    if isinstance(item, str):
        return RelationshipMap.from_json(item)
    message = f"expected RelationshipMap objects or map JSON documents, got {type(item).__name__}"
    raise relmap_error("maps", message, "invalid_argument")


def _bag(maps: Any) -> Any:
    try:
        import dask.bag as db
    except ImportError:  # pragma: no cover - the extra is not installed
        raise ImportError("relmap.dask needs Dask: pip install 'relmap[dask]'") from None
    if not isinstance(maps, db.Bag):
        raise relmap_error("maps", f"expected a dask Bag, got {type(maps).__name__}", "invalid_argument")
    return maps


def decision_chains(maps: Any, **config: Any) -> Any:
    """The decision chain of every account map in a Dask bag (``RelationshipMap``
    objects or map JSON documents): a bag of :class:`relmap.DecisionChain`, each equal to
    ``m.decision_chain(**config)``."""
    return _bag(maps).map(lambda m: _as_map(m).decision_chain(**config))


def trust(maps: Any, as_of: Optional[TimeLike] = None, **config: Any) -> Any:
    """The trust report of every account map in a Dask bag: a bag of
    :class:`relmap.TrustReport`, each equal to ``m.trust(as_of, **config)``."""
    return _bag(maps).map(lambda m: _as_map(m).trust(as_of, **config))
