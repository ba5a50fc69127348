"""relmap.spark on PySpark in local mode: the summary, fit and scores of CDNOW_master ×4
equal the in-memory ones. scripts/test installs pyspark (requirements-spark.txt) and a
Java runtime; elsewhere the module skips when they are missing (see docs/scale.md)."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("pyspark")
if shutil.which("java") is None:  # pragma: no cover
    pytest.skip("no Java runtime", allow_module_level=True)

from pyspark.sql import SparkSession  # noqa: E402

import relmap  # noqa: E402
import relmap.spark as rs  # noqa: E402
import relmap.value as rv  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
MASTER = ROOT / "examples" / "data" / "cdnow" / "CDNOW_master.txt"
AS_OF = "1998-06-30"
COPIES = 4


def transactions() -> pd.DataFrame:
    raw = pd.read_csv(MASTER, sep=r"\s+", dtype={"customer_id": str, "date": str})
    parts = [
        pd.DataFrame(
            {
                "customer": raw["customer_id"] + "_" + str(k),
                "time": pd.to_datetime(raw["date"], format="%Y%m%d"),
                "amount": raw["dollar_value"].astype(np.float64),
            }
        )
        for k in range(COPIES)
    ]
    return pd.concat(parts, ignore_index=True)


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    # The Python workers run this interpreter (the one with relmap installed).
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("relmap-test")
        .config("spark.pyspark.python", sys.executable)
        .config("spark.pyspark.driver.python", sys.executable)
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    yield session
    session.stop()


def test_summary_fit_and_scores_equal_the_in_memory_ones(spark: Any) -> None:
    tx = transactions()
    want = rv.rfm_summary(tx["customer"], tx["time"], tx["amount"], as_of=AS_OF)
    sdf = spark.createDataFrame(tx).repartition(3)
    summary = rs.rfm_summary(sdf, customer="customer", time="time", amount="amount", as_of=AS_OF).cache()
    got = summary.toPandas().set_index("customer").reindex(want.index)
    assert len(got) == len(want) and not got["frequency"].isna().any()
    for c in want.columns:
        if want[c].dtype.kind == "f":
            np.testing.assert_allclose(got[c], want[c], rtol=1e-9, atol=1e-9, err_msg=c)
        elif want[c].dtype.kind == "M":
            assert (got[c].to_numpy().astype("datetime64[s]") == want[c].to_numpy()).all(), c
        else:
            assert (got[c].to_numpy() == want[c].to_numpy()).all(), c

    bg_mem = rv.BetaGeo().fit(want)
    bg = rs.fit(rv.BetaGeo(), summary)
    assert bg.params_ == bg_mem.params_ and bg.log_likelihood_ == bg_mem.log_likelihood_
    gg_mem = rv.GammaGamma().fit(want, weights=(want["monetary_value"] > 0).astype(float))
    gg = rs.fit(rv.GammaGamma(), summary.filter("monetary_value > 0"))
    # The fit through the compressed rows is exactly the in-memory fit of the same summary.
    spenders = got[got["monetary_value"] > 0]
    assert gg.params_ == rv.GammaGamma().fit(spenders).params_
    # Against the summary built in memory: Spark does not keep the transactions' order,
    # so a mean spend can differ in its last bit (a sum in another order), and the
    # optimizer, stopping at its tolerance, lands within 1e-7 of the other fit.
    for k, v in gg_mem.params_.items():
        assert gg.params_[k] == pytest.approx(v, rel=1e-7)

    p_alive = bg_mem.p_alive(want)
    clv = gg_mem.clv(bg_mem, want)
    tiers = rv.tier(want, p_alive, clv)
    scored = rs.score(bg_mem, summary, t=13.0, spend_model=gg_mem).toPandas().set_index("customer")
    scored = scored.reindex(want.index)
    np.testing.assert_allclose(scored["p_alive"], p_alive, rtol=1e-12, atol=0)
    np.testing.assert_allclose(scored["expected_purchases"], bg_mem.expected_purchases(13.0, want), rtol=1e-12)
    np.testing.assert_allclose(scored["clv"], clv, rtol=1e-12, atol=0)
    for c in ("tier", "lifecycle", "reason", "lifecycle_reason"):
        assert (scored[c] == tiers[c].astype(str)).all(), c


def test_bad_input_gives_typed_errors(spark: Any) -> None:
    sdf = spark.createDataFrame(transactions().head(10))
    with pytest.raises(relmap.ValidationError) as e:
        rs.rfm_summary(sdf.toPandas(), customer="customer", time="time", amount="amount", as_of=AS_OF)
    assert (e.value.code, e.value.field) == ("invalid_argument", "sdf")
    with pytest.raises(relmap.ValidationError) as e:
        rs.rfm_summary(sdf, customer="client", time="time", amount="amount", as_of=AS_OF)
    assert (e.value.code, e.value.field) == ("missing_value", "customer")
    with pytest.raises(relmap.ValidationError) as e:
        rs.score(rv.BetaGeo(), rs.rfm_summary(sdf, customer="customer", time="time", amount="amount", as_of=AS_OF))
    assert e.value.code == "not_fitted"
