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


def _id_hashes(part: pd.DataFrame) -> pd.DataFrame:
    """A 64-bit hash of each customer id of a partition's summary (ids are unique within
    a partition): what the check of ``partitioned=True`` sends instead of the ids."""
    import pandas as pd

    return pd.DataFrame({"h": pd.util.hash_pandas_object(part.index, index=False).to_numpy()})


def _shared_hashes(hashes: pd.DataFrame) -> tuple[int, ...]:
    """The hashes found in more than one partition (almost always none)."""
    values, counts = np.unique(hashes["h"].to_numpy(), return_counts=True)
    return tuple(int(h) for h in values[counts > 1])


def _ids_with_hashes(part: pd.DataFrame, shared: tuple[int, ...]) -> pd.DataFrame:
    """The customer ids of a partition whose hash is in ``shared``: the candidates for a
    customer split across partitions, checked on the ids themselves (a hash can collide)."""
    import pandas as pd

    ids = part.index
    if shared and len(ids):
        h = pd.util.hash_pandas_object(ids, index=False).to_numpy()
        ids = ids[np.isin(h, np.array(shared, dtype=np.uint64))]
    else:
        ids = ids[:0]
    return pd.DataFrame({"customer": ids.to_numpy()})


def _first_split_customer(candidates: pd.DataFrame) -> Any:
    """The first customer id found in two partitions (None when each is in one)."""
    ids = candidates["customer"]
    twice = ids[ids.duplicated()]
    return None if twice.empty else twice.iloc[0]


def _one_partition_each(part: pd.DataFrame, customer: Any) -> pd.DataFrame:
    if customer is not None:
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
    # Each customer in one partition: checked in the same graph, on 64-bit hashes of the
    # ids first (8 bytes a customer to one task), then on the ids whose hash is shared.
    shared = summary.reduction(_id_hashes, aggregate=_shared_hashes, split_every=False, meta=object)
    found = summary.map_partitions(_ids_with_hashes, shared, meta=pd.DataFrame({"customer": meta.index.to_numpy()}))
    split = found.reduction(_as_frame, aggregate=_first_split_customer, split_every=False, meta=object)
    return summary.map_partitions(_one_partition_each, split, meta=meta)


def _as_frame(part: pd.DataFrame) -> pd.DataFrame:
    return part


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


def _distinct(part: pd.DataFrame, columns: tuple[str, ...], weights: Any) -> Optional[pd.DataFrame]:
    """The distinct rows of ``columns`` with their summed ``weights``, by the core's
    :func:`relmap.value.compress_rows` (None when a column does not hold plain numbers,
    e.g. a nullable or text column: the caller groups with pandas)."""
    from ._relmap import RelmapError

    if any(getattr(part[c].dtype, "kind", "O") not in "biuf" for c in columns):
        return None
    try:
        rows = _value.compress_rows(part[list(columns)], weights=weights)
    except RelmapError:
        return None
    out: pd.DataFrame = rows.columns
    out["weight"] = rows.counts
    return out


def _compress(part: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """The distinct rows of ``columns`` in a partition with how many customers share each."""
    out = _distinct(part, columns, np.ones(len(part)))
    if out is not None:
        return out
    counts = part.groupby(list(columns), dropna=False, sort=False).size()
    out = counts.rename("weight").reset_index()
    out["weight"] = out["weight"].astype(np.float64)
    return out


def _merge_counts(parts: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """Compressed partitions (concatenated) merged: equal rows' counts summed (counts are
    whole numbers, so the sums are exact in any order)."""
    out = _distinct(parts, columns, parts["weight"].to_numpy(dtype=np.float64))
    if out is not None:
        return out
    return parts.groupby(list(columns), dropna=False, sort=False).weight.sum().reset_index()


def _sorted_counts(parts: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    table = _merge_counts(parts, columns)
    return table.sort_values(list(columns), kind="stable").reset_index(drop=True)


def _covariate_names(field: str, names: Any, summary: Any) -> list[str]:
    """Covariate column names of a distributed summary (a list of names; on Dask the
    covariates are columns of the summary, one value per customer)."""
    if names is None:
        return []
    if isinstance(names, str) or not isinstance(names, (list, tuple)):
        message = (
            f"expected a list of column names of the summary, got {type(names).__name__} "
            "(on Dask the covariates are columns of the summary)"
        )
        raise relmap_error(field, message, "invalid_argument")
    return [_column(summary, field, n) for n in names]


def compressed(model: _value._Model, summary: Any, *, covariates: Optional[list[str]] = None) -> pd.DataFrame:
    """The distinct rows a :func:`fit` of ``model`` sees, with their summed counts
    (column ``weight``), sorted: what travels from the partitions to the fit. With
    ``covariates`` (column names of the summary) the rows are distinct in those columns
    too."""
    summary = _frame("summary", summary)
    columns = _columns_of(model, summary)
    for c in columns:
        _column(summary, c, c)
    columns = tuple(dict.fromkeys([*columns, *_covariate_names("covariates", covariates, summary)]))
    meta = _compress(summary._meta[list(columns)], columns)
    # One reduction: each partition compressed, merged in a tree (8 at a time), sorted once.
    table = summary[list(columns)].reduction(
        _compress,
        aggregate=_sorted_counts,
        combine=_merge_counts,
        meta=meta,
        columns=columns,
    )
    out: pd.DataFrame = table.compute()
    return out


def fit(
    model: M,
    summary: Any,
    *,
    purchase_covariates: Optional[list[str]] = None,
    dropout_covariates: Optional[list[str]] = None,
    constrain_equal: Optional[list[str]] = None,
) -> M:
    """Fits ``model`` (any :mod:`relmap.value` purchase model, ``GammaGamma`` or
    ``ShiftedBetaGeo``, with its ``fit_config``) on a distributed summary and returns it,
    fitted: each partition is compressed to its distinct (frequency, recency, T) rows —
    (frequency, monetary_value) for ``GammaGamma``, (tenure, active) for
    ``ShiftedBetaGeo`` — with counts, the counts are summed across partitions and the
    model is fitted to the distinct rows weighted by their counts. The parameters,
    log-likelihood and standard errors equal the in-memory fit's.

    ``BetaGeo`` and ``ParetoNBD`` take static covariates here as in memory, named as
    columns of the summary (one value per customer): ``purchase_covariates`` and
    ``dropout_covariates`` are lists of column names, ``constrain_equal`` as in
    :meth:`relmap.value.BetaGeo.fit`. The rows are then compressed on (frequency, recency,
    T and the covariate columns). The fit is exactly the in-memory covariate fit of those
    weighted rows; since the core sums a covariate likelihood over the rows in the order
    given, it is within the optimizer's tolerance (not bit for bit) of the in-memory fit
    of one row per customer."""
    if not isinstance(model, _value._Model):
        raise relmap_error("model", f"expected a relmap.value model, got {type(model).__name__}", "invalid_argument")
    summary = _frame("summary", summary)
    pc = _covariate_names("purchase_covariates", purchase_covariates, summary)
    dc = _covariate_names("dropout_covariates", dropout_covariates, summary)
    constrained = None if constrain_equal is None else [str(c) for c in constrain_equal]
    with_covariates = bool(pc or dc or constrained)
    if with_covariates and not getattr(model, "_covariates", False):
        message = f"{type(model).__name__} takes no covariates (BetaGeo and ParetoNBD do)"
        raise relmap_error("purchase_covariates", message, "invalid_argument")
    table = compressed(model, summary, covariates=[*pc, *dc] if with_covariates else None)
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
        elif with_covariates:
            assert isinstance(model, _value._PurchaseModel)
            model.fit(
                table[columns[0]],
                table[columns[1]],
                table[columns[2]],
                weights,
                purchase_covariates=table[pc] if pc else None,
                dropout_covariates=table[dc] if dc else None,
                constrain_equal=constrained,
            )
        else:
            assert isinstance(model, _value._PurchaseModel)
            model.fit(table[columns[0]], table[columns[1]], table[columns[2]], weights)
    finally:
        model.fit_config = saved
    return model


# ---- scoring --------------------------------------------------------------------


def _row_predictions(
    parts: pd.DataFrame,
    columns: tuple[str, ...],
    model: _value._PurchaseModel,
    t: Optional[float],
    clv_config: Optional[Mapping[str, Any]],
) -> Optional[tuple[Any, ...]]:
    """The predictions of every distinct (frequency, recency, T) row of the whole base
    (compressed partitions, concatenated): the keys, P(alive), expected purchases in ``t``
    and the discounted expected purchases of the CLV (the CLV of a spend of 1 at margin 1),
    each computed once by the core. None when the core refuses a row: each partition then
    predicts its own customers, so the error names the partition's row."""
    from ._relmap import RelmapError

    table = _merge_counts(parts, columns)
    keys = tuple(table[c].to_numpy(dtype=np.float64) for c in columns)
    try:
        p_alive = model.p_alive(*keys)
        expected = None if t is None else model.expected_purchases(t, *keys)
        discounted = None
        if clv_config is not None:
            # The caller's settings, checked on one row; the margin multiplies per customer.
            if len(keys[0]):
                model.clv(np.ones(1), *(k[:1] for k in keys), **clv_config)
            discounted = model.clv(np.ones(len(keys[0])), *keys, **{**clv_config, "margin": 1.0})
    except RelmapError:
        return None
    return keys, p_alive, expected, discounted


def _row_positions(keys: tuple[Any, ...], rows: tuple[Any, ...]) -> Optional[Any]:
    """Where each of ``rows`` is among the distinct rows ``keys`` (None when one is not
    there: the caller then predicts the partition itself). Both are compressed together
    by the core (:func:`relmap.value.compress_rows`), which numbers equal rows alike."""
    n = len(keys[0])
    both = {str(j): np.concatenate([k, r]) for j, (k, r) in enumerate(zip(keys, rows))}
    ids = _value.compress_rows(both).row_of.astype(np.int64)
    at = np.full(int(ids.max(initial=-1)) + 1, -1, dtype=np.int64)
    at[ids[:n]] = np.arange(n)
    found = at[ids[n:]]
    if (found < 0).any():
        return None
    return found


def _predictions(
    part: pd.DataFrame,
    rows: Optional[tuple[Any, ...]],
    columns: tuple[str, ...],
    model: _value._PurchaseModel,
    t: Optional[float],
    spend_model: Optional[_value.GammaGamma],
    clv_config: Mapping[str, Any],
) -> pd.DataFrame:
    """A partition's summary with its customers' predictions added, looked up in the
    distinct rows' predictions ``rows`` (each customer's equals the core's for its row)."""
    import pandas as pd

    if len(part) == 0:
        return _score_meta(part, t, spend_model, None)
    out = part.copy()
    at = None
    if rows is not None:
        keys, p_alive, expected, discounted = rows
        at = _row_positions(keys, tuple(part[c].to_numpy(dtype=np.float64) for c in columns))
    out["p_alive"] = model.p_alive(part) if at is None else p_alive[at]
    if t is not None:
        out["expected_purchases"] = model.expected_purchases(t, part) if at is None else expected[at]
    if spend_model is not None:
        spend = spend_model.expected_spend(part)
        out["expected_spend"] = spend
        clv = None
        if at is not None:
            # The core's CLV: margin × spend × discounted purchases of the row, in that order.
            margin = float(clv_config.get("margin", 1.0))
            clv = (margin * np.asarray(spend, dtype=np.float64)) * discounted[at]
            if not np.isfinite(clv).all():
                clv = None  # the core names the customer whose CLV overflows
        out["clv"] = model.clv(spend, part, **clv_config) if clv is None else clv
    return out


def _labelled(
    part: pd.DataFrame,
    cut: Any,
    tiers: Mapping[str, Any],
    lifecycle_config: Mapping[str, Any],
    horizon: Optional[float],
    attrs: Mapping[str, Any],
    meta: pd.DataFrame,
) -> pd.DataFrame:
    """A scored partition with its tiers and lifecycle stages, the VIP cut ``cut`` (the
    whole base's, or None when the VIP share holds nobody) given to the core's ``tier``."""
    if len(part) == 0:
        return meta
    config = dict(tiers)
    if "vip_threshold" not in config:
        if cut is None:
            config["vip_share"] = 0.0
        else:
            config["vip_threshold"] = cut
    out = part.copy()
    out.attrs.update(attrs)
    labels = _value.tier(out, out["p_alive"], out["clv"], horizon=horizon, lifecycle=lifecycle_config, **config)
    for c in labels.columns:
        out[c] = labels[c]
    return out


def _clv_frame(clv: pd.Series[Any]) -> pd.DataFrame:
    return clv.to_frame()


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


def _vip_threshold(clv: pd.DataFrame, share: float) -> Optional[float]:
    """The CLV of the customer at the ``share`` cut over all customers (every partition's
    CLV column, concatenated), as the core's ``tier`` takes it: the k-th largest CLV with
    k = ceil(share × customers); None when the share holds nobody."""
    values = clv.iloc[:, 0].to_numpy(dtype=np.float64)
    k = math.ceil(share * len(values))
    values = values[~np.isnan(values)]
    if k == 0 or len(values) == 0:
        return None
    k = min(k, len(values))
    return float(np.partition(values, len(values) - k)[len(values) - k])


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
    reasons equal the in-memory ``tier`` of the whole summary. Nothing is computed at call
    time: the cut is a task of the returned frame's graph, fed by the CLV column of every
    partition and feeding every partition's labels, and each prediction is computed once.
    ``unit`` and ``growth_window_days`` default to the summary's (its first partition's
    ``attrs``). Each value equals the in-memory one."""
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
    # The predictions depend on a customer's (frequency, recency, T) row only, and the
    # core computes each distinct row once: the distinct rows of the whole base (a few
    # thousand, however many customers) are predicted once, in one task, and every
    # partition looks its customers up, rather than each partition predicting its own
    # copy of most of those rows.
    columns = _columns_of(model, summary)
    for c in columns:
        _column(summary, c, c)
    rows = summary[list(columns)].reduction(
        _compress,
        aggregate=_row_predictions,
        combine=_merge_counts,
        meta=object,
        chunk_kwargs={"columns": columns},
        combine_kwargs={"columns": columns},
        aggregate_kwargs={
            "columns": columns,
            "model": model,
            "t": horizon_t,
            "clv_config": None if spend_model is None else dict(clv_config),
        },
    )
    scored = summary.map_partitions(
        _predictions,
        rows,
        columns,
        model,
        horizon_t,
        spend_model,
        dict(clv_config),
        meta=_score_meta(summary._meta, horizon_t, spend_model, None),
    )
    if spend_model is None or not tiers:
        return scored
    labels = dict(tier_config or {})
    attrs = _summary_attrs(summary, {"unit": unit, "growth_window_days": growth_window_days})
    cut: Any = None
    if "vip_threshold" not in labels:
        # The VIP cut over the whole base, in the same graph: every partition's CLV column
        # goes to one task (8 bytes a customer), whose k-th largest value every partition's
        # labelling then takes. The predictions are computed once, for both.
        share = number("vip_share", labels.get("vip_share", _default_vip_share()))
        cut = scored["clv"].reduction(
            _clv_frame, aggregate=_vip_threshold, aggregate_kwargs={"share": share}, split_every=False, meta=float
        )
    meta = _score_meta(summary._meta, horizon_t, spend_model, labels)
    return scored.map_partitions(
        _labelled, cut, labels, dict(lifecycle_config or {}), horizon, attrs, meta, meta=meta
    )


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
