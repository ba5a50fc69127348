"""Customer value on Spark: the same numbers as :mod:`relmap.value` on a PySpark DataFrame
(``pip install pyspark`` and a Java runtime; relmap does not install them).

- :func:`rfm_summary`: the RFM summary of a Spark DataFrame of transactions, one row
  per customer. Customers are hash-partitioned into buckets
  (``pmod(hash(customer), buckets)``) and each bucket is summarised by the in-memory
  :func:`relmap.value.rfm_summary` with ``groupBy(bucket).applyInPandas``: every
  customer's transactions meet in one call, so the summary is exact.
- :func:`fit`: any purchase model, ``GammaGamma`` or ``ShiftedBetaGeo``, fitted to the
  distinct (frequency, recency, T) rows with their counts (``groupBy(...).count()``,
  which Spark aggregates partially on each partition before the exchange); the core
  merges identical rows into counts before it fits, so this is the in-memory fit.
- :func:`score`: P(alive), expected purchases, CLV, tiers and lifecycle stages of every
  customer with ``mapInPandas`` (the VIP cut computed over the whole base first).

Timestamps: Spark hands ``TimestampType`` columns to pandas in the session time zone;
set ``spark.sql.session.timeZone`` to ``UTC`` (relmap's days are UTC days) or pass
``TimestampNTZType`` columns. The summary's ``first_purchase``/``last_purchase`` are
``TimestampNTZType`` (UTC).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Optional, TypeVar

import numpy as np

from . import value as _value
from ._records import TimeLike, number, relmap_error

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["compressed", "fit", "rfm_summary", "score"]

M = TypeVar("M", bound=_value._Model)

_ATTRS_KEY = "relmap_summary"
_TIER_COLUMNS = ("tier", "lifecycle", "reason", "lifecycle_reason")


def _sql() -> Any:
    try:
        import pyspark.sql as sql  # type: ignore[import-not-found, unused-ignore]
    except ImportError:  # pragma: no cover - pyspark is not installed
        raise ImportError("relmap.spark needs PySpark: pip install pyspark (and a Java runtime)") from None
    return sql


def _frame(field: str, sdf: Any) -> Any:
    if not isinstance(sdf, _sql().DataFrame):
        raise relmap_error(field, f"expected a pyspark DataFrame, got {type(sdf).__name__}", "invalid_argument")
    return sdf


def _column(sdf: Any, field: str, name: Any) -> str:
    if not isinstance(name, str):
        raise relmap_error(field, f"expected a column name, got {type(name).__name__}", "invalid_argument")
    if name not in sdf.columns:
        columns = ", ".join(sdf.columns)
        raise relmap_error(field, f"{name!r} is not a column of the frame (it has {columns})", "missing_value")
    return name


def _spark_type(dtype: Any) -> Any:
    from pyspark.sql import types as T  # type: ignore[import-not-found, unused-ignore]

    kind = np.dtype(dtype).kind if not hasattr(dtype, "categories") else "O"
    if kind == "f":
        return T.DoubleType()
    if kind in "iu":
        return T.LongType()
    if kind == "M":
        return T.TimestampNTZType()
    if kind == "b":
        return T.BooleanType()
    return T.StringType()


def _summary_part(
    part: pd.DataFrame, columns: Mapping[str, Optional[str]], options: Mapping[str, Any], names: list[str]
) -> pd.DataFrame:
    customer = columns["customer"]
    assert customer is not None
    margin = columns["margin"]
    s: pd.DataFrame = _value.rfm_summary(
        part[customer], part[columns["time"]], part[columns["amount"]],
        margin=None if margin is None else part[margin], **options,
    )
    out = s.reset_index().rename(columns={"customer": customer})
    for c in ("first_purchase", "last_purchase"):
        out[c] = out[c].astype("datetime64[us]")
    return out[names]


def rfm_summary(
    sdf: Any,
    *,
    customer: str,
    time: str,
    amount: str,
    as_of: TimeLike,
    margin: Optional[str] = None,
    unit: Optional[str] = None,
    holdout_end: Optional[TimeLike] = None,
    growth_window_days: Optional[float] = None,
    buckets: Optional[int] = None,
) -> Any:
    """The per-customer RFM summary of the transactions in a Spark DataFrame: one row per
    customer, the customer column (named as in ``sdf``) followed by the columns of
    :func:`relmap.value.rfm_summary`. The customers are hashed into ``buckets`` groups
    (default ``spark.sql.shuffle.partitions``) and each group is summarised in one
    ``applyInPandas`` call. The summary's ``unit`` and ``growth_window_days`` travel in
    the customer column's metadata (what :func:`score` reads)."""
    import pandas as pd
    from pyspark.sql import functions as F  # type: ignore[import-not-found, unused-ignore]
    from pyspark.sql import types as T  # type: ignore[import-not-found, unused-ignore]

    sdf = _frame("sdf", sdf)
    columns: dict[str, Optional[str]] = {
        "customer": _column(sdf, "customer", customer),
        "time": _column(sdf, "time", time),
        "amount": _column(sdf, "amount", amount),
        "margin": None if margin is None else _column(sdf, "margin", margin),
    }
    options: dict[str, Any] = {"as_of": as_of}
    given = {"unit": unit, "holdout_end": holdout_end, "growth_window_days": growth_window_days}
    options.update({k: v for k, v in given.items() if v is not None})
    # The result's columns and types, from the in-memory summary of one made-up row.
    sample = pd.DataFrame({customer: ["x"], time: [pd.Timestamp("2000-01-01")], amount: [1.0]})
    if margin is not None:
        sample[margin] = 1.0
    probe = _value.rfm_summary(
        sample[customer], sample[time], sample[amount], margin=None if margin is None else sample[margin],
        **{**options, "as_of": "2000-01-02"},
    )
    attrs = {k: probe.attrs[k] for k in ("unit", "growth_window_days")}
    customer_type = sdf.schema[customer].dataType
    fields = [T.StructField(customer, customer_type, False, metadata={_ATTRS_KEY: json.dumps(attrs)})]
    fields += [T.StructField(str(c), _spark_type(probe[c].dtype), True) for c in probe.columns]
    schema = T.StructType(fields)
    names = [f.name for f in fields]
    n = buckets if buckets is not None else int(sdf.sparkSession.conf.get("spark.sql.shuffle.partitions"))
    used = [c for c in dict.fromkeys(columns.values()) if c is not None]
    keyed = sdf.select(*used).withColumn("_relmap_bucket", F.pmod(F.hash(F.col(customer)), F.lit(n)))
    return keyed.groupBy("_relmap_bucket").applyInPandas(
        lambda part: _summary_part(part, columns, options, names), schema=schema
    )


def _columns_of(model: _value._Model, summary: Any) -> list[str]:
    if isinstance(model, _value.GammaGamma):
        return ["frequency", "monetary_value"]
    if isinstance(model, _value.ShiftedBetaGeo):
        return ["tenure", "active"]
    if isinstance(model, _value._PurchaseModel):
        if "T" not in summary.columns and "periods" in summary.columns:
            return ["frequency", "recency", "periods"]
        return ["frequency", "recency", "T"]
    raise relmap_error("model", f"expected a relmap.value model, got {type(model).__name__}", "invalid_argument")


def compressed(model: _value._Model, summary: Any) -> pd.DataFrame:
    """The distinct rows a :func:`fit` of ``model`` sees with their counts (column
    ``weight``), sorted, as a pandas DataFrame."""
    summary = _frame("summary", summary)
    columns = _columns_of(model, summary)
    for c in columns:
        _column(summary, c, c)
    table: pd.DataFrame = summary.groupBy(*columns).count().toPandas()
    table = table.rename(columns={"count": "weight"})
    table["weight"] = table["weight"].astype(np.float64)
    return table.sort_values(columns, kind="stable").reset_index(drop=True)


def fit(model: M, summary: Any) -> M:
    """Fits ``model`` to a Spark summary through its distinct rows with counts and returns
    it, fitted; equal to the in-memory fit (see :func:`relmap.dask.fit`)."""
    if not isinstance(model, _value._Model):
        raise relmap_error("model", f"expected a relmap.value model, got {type(model).__name__}", "invalid_argument")
    table = compressed(model, summary)
    columns = _columns_of(model, summary)
    weights = table["weight"]
    saved = dict(model.fit_config)
    if float(weights.sum()) >= int(saved.get("min_customers", 2)):
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


def _summary_attrs(summary: Any) -> dict[str, Any]:
    for field in summary.schema.fields:
        if _ATTRS_KEY in field.metadata:
            attrs: dict[str, Any] = json.loads(field.metadata[_ATTRS_KEY])
            return attrs
    return {}


def _score_batches(
    batches: Iterator[pd.DataFrame],
    model: _value._PurchaseModel,
    t: Optional[float],
    spend_model: Optional[_value.GammaGamma],
    clv_config: Mapping[str, Any],
    tiers: Optional[Mapping[str, Any]],
    lifecycle_config: Mapping[str, Any],
    horizon: Optional[float],
    attrs: Mapping[str, Any],
) -> Iterator[pd.DataFrame]:
    for part in batches:
        if len(part) == 0:
            continue
        out = part.copy()
        out.attrs.update(attrs)
        out["p_alive"] = model.p_alive(part)
        if t is not None:
            out["expected_purchases"] = model.expected_purchases(t, part)
        if spend_model is not None:
            out["expected_spend"] = spend_model.expected_spend(part)
            out["clv"] = model.clv(out["expected_spend"], part, **clv_config)
            if tiers is not None:
                labels = _value.tier(out, out["p_alive"], out["clv"], horizon=horizon, lifecycle=lifecycle_config,
                                     **tiers)
                for c in _TIER_COLUMNS:
                    out[c] = labels[c].astype(str)
        yield out


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
    """The summary with every customer's predictions added by ``mapInPandas``; the columns
    and arguments of :func:`relmap.dask.score` (``tier`` and ``lifecycle`` as strings).
    The VIP cut is the CLV of the customer at the ``vip_share`` cut over the whole base
    (one extra pass over the summary)."""
    from pyspark.sql import functions as F  # type: ignore[import-not-found, unused-ignore]
    from pyspark.sql import types as T  # type: ignore[import-not-found, unused-ignore]

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
    fields = list(summary.schema.fields) + [T.StructField("p_alive", T.DoubleType())]
    if horizon_t is not None:
        fields.append(T.StructField("expected_purchases", T.DoubleType()))
    labels: Optional[dict[str, Any]] = None
    attrs = _summary_attrs(summary)
    attrs.update({k: v for k, v in (("unit", unit), ("growth_window_days", growth_window_days)) if v is not None})
    if spend_model is not None:
        fields += [T.StructField("expected_spend", T.DoubleType()), T.StructField("clv", T.DoubleType())]
        if tiers:
            labels = dict(tier_config or {})
            fields += [T.StructField(c, T.StringType()) for c in _TIER_COLUMNS]
            if "vip_threshold" not in labels:
                from . import _relmap

                share = number("vip_share", labels.get("vip_share", _relmap._default("tier")["vip_share"]))
                clv_schema = T.StructType([T.StructField("clv", T.DoubleType())])
                clv = summary.mapInPandas(
                    lambda batches: _clv_batches(batches, model, spend_model, clv_config), schema=clv_schema
                )
                k = math.ceil(share * summary.count())
                if k == 0:
                    labels["vip_share"] = 0.0
                else:
                    cut = clv.orderBy(F.desc("clv")).limit(k).agg(F.min("clv")).collect()[0][0]
                    labels["vip_threshold"] = float(cut)
    schema = T.StructType(fields)
    lifecycle = dict(lifecycle_config or {})
    config = dict(clv_config)
    return summary.mapInPandas(
        lambda batches: _score_batches(batches, model, horizon_t, spend_model, config, labels, lifecycle, horizon,
                                       attrs),
        schema=schema,
    )


def _clv_batches(
    batches: Iterator[pd.DataFrame],
    model: _value._PurchaseModel,
    spend_model: _value.GammaGamma,
    clv_config: Mapping[str, Any],
) -> Iterator[pd.DataFrame]:
    import pandas as pd

    for part in batches:
        if len(part):
            yield pd.DataFrame({"clv": model.clv(spend_model.expected_spend(part), part, **clv_config)})
