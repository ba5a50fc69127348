"""relmap.dask on a local cluster of two worker processes: the summary, fit and scores of
CDNOW_master ×20 (1.39M transactions, 471,400 customers) equal the in-memory ones, also
with a memory limit per worker below the data's size and with a worker killed
mid-computation; bad input gives typed errors. Skipped when Dask is not installed."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import dask  # noqa: E402
import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402

import relmap  # noqa: E402
import relmap.dask as rd  # noqa: E402
import relmap.value as rv  # noqa: E402

# Dask's constructors carry no annotations.
from_map: Any = dd.from_map
from_pandas: Any = dd.from_pandas
from_sequence: Any = db.from_sequence

ROOT = Path(__file__).resolve().parents[2]
MASTER = ROOT / "examples" / "data" / "cdnow" / "CDNOW_master.txt"
AS_OF = "1998-06-30"
COPIES = 20


def cdnow_copy(k: int) -> pd.DataFrame:
    """Copy ``k`` of CDNOW_master: every customer under a new id (``<id>_<k>``)."""
    raw = pd.read_csv(MASTER, sep=r"\s+", dtype={"customer_id": str, "date": str})
    return pd.DataFrame(
        {
            "customer": raw["customer_id"] + "_" + str(k),
            "time": pd.to_datetime(raw["date"], format="%Y%m%d"),
            "amount": raw["dollar_value"].astype(np.float64),
        }
    )


def cdnow_half(k: int, half: int) -> pd.DataFrame:
    """One half of copy ``k``, cut by row: customers whose rows straddle the cut are split."""
    part = cdnow_copy(k)
    cut = len(part) // 2
    return part.iloc[:cut] if half == 0 else part.iloc[cut:]


class InMemory:
    def __init__(self) -> None:
        tx = pd.concat([cdnow_copy(k) for k in range(COPIES)], ignore_index=True)
        self.n_transactions = len(tx)
        self.bytes = int(tx.memory_usage(deep=True).sum())
        self.summary = rv.rfm_summary(tx["customer"], tx["time"], tx["amount"], as_of=AS_OF)
        s = self.summary
        self.bg = rv.BetaGeo().fit(s)
        self.pareto = rv.ParetoNBD().fit(s)
        self.gg = rv.GammaGamma().fit(s, weights=(s["monetary_value"] > 0).astype(float))
        self.p_alive = self.bg.p_alive(s)
        self.expected = self.bg.expected_purchases(13.0, s)
        self.clv = self.gg.clv(self.bg, s)
        self.tiers = rv.tier(s, self.p_alive, self.clv)


@pytest.fixture(scope="module")
def memory() -> InMemory:
    return InMemory()


@pytest.fixture(scope="module")
def client(memory: InMemory) -> Iterator[Any]:
    # Each worker may hold less than the whole transaction table: past 60 % of the limit
    # the data it holds go to disk. Spilling on the process's size, pausing and restarts
    # are off: the limit is below what a fresh Python process with pandas takes, so they
    # would act all the time.
    limit = memory.bytes // 2
    config = {
        "distributed.worker.memory.spill": False,
        "distributed.worker.memory.pause": False,
        "distributed.worker.memory.terminate": False,
    }
    with dask.config.set(config):
        cluster = distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, memory_limit=limit, dashboard_address=None
        )
        with distributed.Client(cluster) as c:
            yield c
        cluster.close()


@pytest.fixture(scope="module")
def summary(client: Any) -> Any:
    """The distributed summary of CDNOW ×20, computed once on the cluster."""
    return summary_of(transactions()).persist()


def transactions(copies: int = COPIES) -> Any:
    meta = cdnow_copy(0).iloc[:0]
    return from_map(cdnow_copy, range(copies), meta=meta)


def summary_of(ddf: Any, **kw: Any) -> Any:
    return rd.rfm_summary(ddf, customer="customer", time="time", amount="amount", as_of=AS_OF, **kw)


def assert_summary_equal(got: pd.DataFrame, want: pd.DataFrame) -> None:
    got = got.reindex(want.index)
    assert list(got.columns) == list(want.columns)
    assert not got.isna().all(axis=1).any()
    for c in want.columns:
        if want[c].dtype.kind == "f":
            np.testing.assert_allclose(got[c].to_numpy(), want[c].to_numpy(), rtol=1e-9, atol=1e-9, err_msg=c)
        else:
            assert (got[c].to_numpy() == want[c].to_numpy()).all(), c


def test_the_limit_is_below_the_data(client: Any, memory: InMemory) -> None:
    limits = [w["memory_limit"] for w in client.scheduler_info()["workers"].values()]
    assert len(limits) == 2 and all(0 < lim < memory.bytes for lim in limits)
    assert memory.n_transactions == 1_393_180


def test_the_summary_equals_the_in_memory_one(summary: Any, memory: InMemory) -> None:
    got = summary.compute()
    assert len(got) == len(memory.summary) == 471_400
    assert got.index.is_unique
    assert_summary_equal(got, memory.summary)


def test_the_fits_equal_the_in_memory_ones(summary: Any, memory: InMemory) -> None:
    bg = rd.fit(rv.BetaGeo(), summary)
    assert bg.params_ == memory.bg.params_
    assert bg.log_likelihood_ == memory.bg.log_likelihood_
    assert bg.report_ == memory.bg.report_
    pd.testing.assert_frame_equal(bg.summary(), memory.bg.summary())
    pareto = rd.fit(rv.ParetoNBD(), summary)
    assert pareto.params_ == memory.pareto.params_
    # The spend model on the repeat buyers with spend (the in-memory fit's weights).
    gg = rd.fit(rv.GammaGamma(), summary[summary["monetary_value"] > 0])
    for k, v in memory.gg.params_.items():
        assert gg.params_[k] == pytest.approx(v, rel=1e-9)
    assert gg.report_["total_weight"] == memory.gg.report_["total_weight"]


def test_the_scores_equal_the_in_memory_ones(summary: Any, memory: InMemory) -> None:
    scored = rd.score(memory.bg, summary, t=13.0, spend_model=memory.gg).compute().reindex(memory.summary.index)
    np.testing.assert_allclose(scored["p_alive"], memory.p_alive, rtol=1e-12, atol=0)
    np.testing.assert_allclose(scored["expected_purchases"], memory.expected, rtol=1e-12, atol=0)
    np.testing.assert_allclose(scored["clv"], memory.clv, rtol=1e-12, atol=0)
    for c in ("tier", "lifecycle", "reason", "lifecycle_reason"):
        assert (scored[c].astype(str) == memory.tiers[c].astype(str)).all(), c
    assert (scored["tier"] == "vip").sum() == (memory.tiers["tier"] == "vip").sum() > 0


def test_already_partitioned_data_skip_the_shuffle(client: Any, memory: InMemory) -> None:
    # Each copy (one partition) holds its customers whole: no shuffle, same summary.
    got = summary_of(transactions(), partitioned=True).compute()
    assert_summary_equal(got, memory.summary)


def test_a_customer_split_across_partitions_is_an_error(client: Any) -> None:
    halves = from_map(cdnow_half, [0, 0], [0, 1], meta=cdnow_copy(0).iloc[:0])
    split = summary_of(halves, partitioned=True)
    with pytest.raises(relmap.ValidationError, match="more than one partition") as e:
        split.compute()
    assert e.value.code == "duplicate_id" and e.value.field == "customer"
    # The default path shuffles and is right.
    whole = cdnow_copy(0)
    want = rv.rfm_summary(whole["customer"], whole["time"], whole["amount"], as_of=AS_OF)
    assert_summary_equal(summary_of(halves).compute(), want)


def test_the_fit_sees_the_compressed_rows(summary: Any, memory: InMemory) -> None:
    table = rd.compressed(rv.BetaGeo(), summary)
    assert table["weight"].sum() == len(memory.summary)
    assert len(table) == len(memory.summary[["frequency", "recency", "T"]].drop_duplicates())
    assert len(table) < len(memory.summary) / 20


def test_account_maps_in_a_bag(client: Any) -> None:
    maps = [relmap.load(ROOT / "examples" / "data" / name) for name in ("city_construction_tender.json",
                                                                       "manufacturing_cloud.json")]
    bag = from_sequence([maps[0], maps[1].to_json()], npartitions=2)
    chains = rd.decision_chains(bag).compute()
    assert [c.__reduce__() for c in chains] == [m.decision_chain().__reduce__() for m in maps]
    reports = rd.trust(bag, "2024-06-30").compute()
    assert [r.to_dict() for r in reports] == [m.trust("2024-06-30").to_dict() for m in maps]


def test_bad_input_gives_typed_errors(summary: Any) -> None:
    ddf = transactions()
    with pytest.raises(relmap.ValidationError) as e:
        rd.rfm_summary(cdnow_copy(0), customer="customer", time="time", amount="amount", as_of=AS_OF)
    assert (e.value.code, e.value.field) == ("invalid_argument", "ddf")
    with pytest.raises(relmap.ValidationError) as e:
        rd.rfm_summary(ddf, customer="client", time="time", amount="amount", as_of=AS_OF)
    assert (e.value.code, e.value.field) == ("missing_value", "customer")
    with pytest.raises(relmap.ValidationError) as e:
        rd.fit(rv.BetaGeo(), summary[["frequency", "T"]])
    assert (e.value.code, e.value.field) == ("missing_value", "recency")
    with pytest.raises(relmap.ValidationError, match="relmap.value model") as e:
        rd.fit("bg", summary)  # type: ignore[type-var]
    assert (e.value.code, e.value.field) == ("invalid_argument", "model")
    with pytest.raises(relmap.ValidationError) as e:
        rd.score(rv.BetaGeo(), summary)
    assert e.value.code == "not_fitted"
    with pytest.raises(relmap.ValidationError) as e:
        rd.decision_chains([1, 2])
    assert (e.value.code, e.value.field) == ("invalid_argument", "maps")
    with pytest.raises(relmap.ValidationError, match="RelationshipMap") as e:
        rd.decision_chains(from_sequence([1])).compute()
    assert (e.value.code, e.value.field) == ("invalid_argument", "maps")
    # A bad value inside the data: the partition's typed error comes back to the caller.
    bad = from_pandas(pd.DataFrame({"customer": ["a", "b"], "time": pd.to_datetime(["1997-01-01", "1997-02-01"]),
                                       "amount": [1.0, np.nan]}), npartitions=1)
    with pytest.raises(relmap.ValidationError) as e:
        summary_of(bad).compute()
    assert e.value.field == "amount"


def test_a_worker_killed_mid_computation_changes_nothing(client: Any) -> None:
    tx = pd.concat([cdnow_copy(k) for k in range(4)], ignore_index=True)
    want = rv.rfm_summary(tx["customer"], tx["time"], tx["amount"], as_of=AS_OF)
    pids = client.run(os.getpid)
    victim, pid = sorted(pids.items())[0]
    future = client.compute(summary_of(transactions(4)))
    deadline = time.monotonic() + 30
    while not client.has_what().get(victim) and time.monotonic() < deadline:
        time.sleep(0.005)
    assert not future.done(), "the computation ended before a worker could be killed"
    os.kill(pid, signal.SIGKILL)
    got = future.result()
    assert_summary_equal(got, want)
    client.wait_for_workers(2, timeout=30)
    assert pid not in client.run(os.getpid).values()


def test_score_settings_equal_the_in_memory_ones(summary: Any, memory: InMemory) -> None:
    # Each distinct (x, t_x, T) row is predicted once and looked up; the CLV's margin
    # multiplies per customer in the core's order, so the values are the in-memory ones
    # bit for bit, whatever the settings.
    config: dict[str, Any] = {"margin": 0.3, "discount_rate": 0.02, "periods": 6}
    scored = rd.score(memory.bg, summary, t=4.0, spend_model=memory.gg, tiers=False, **config).compute()
    scored = scored.reindex(memory.summary.index)
    s = memory.summary
    want_clv = memory.bg.clv(memory.gg.expected_spend(s), s, **config)
    assert np.array_equal(scored["clv"].to_numpy(), want_clv.to_numpy())
    assert np.array_equal(scored["p_alive"].to_numpy(), memory.p_alive.to_numpy())
    assert np.array_equal(scored["expected_purchases"].to_numpy(), memory.bg.expected_purchases(4.0, s).to_numpy())
    assert "tier" not in scored.columns
    # A setting the core refuses is its typed error, when the result is computed.
    with pytest.raises(relmap.ValidationError) as e:
        rd.score(memory.bg, summary, spend_model=memory.gg, tiers=False, discount_rate=-2.0).compute()
    assert e.value.field == "discount_rate"


def covariate_summary() -> tuple[pd.DataFrame, Any]:
    """The summary of 3,000 CDNOW customers with a covariate (a mean order above $30),
    in memory and as a Dask frame of three partitions."""
    tx = cdnow_copy(0)
    tx = tx[tx["customer"].isin(tx["customer"].unique()[:3000])]
    s = rv.rfm_summary(tx["customer"], tx["time"], tx["amount"], as_of=AS_OF)
    s["big"] = (s["total_amount"] / s["n_transactions"] > 30).astype(float)
    return s, from_pandas(s, npartitions=3)


def test_a_covariate_fit_on_dask(client: Any) -> None:
    s, ds = covariate_summary()
    got = rd.fit(rv.BetaGeo(), ds, purchase_covariates=["big"], dropout_covariates=["big"])
    # Exactly the in-memory fit of the compressed rows (distinct in x, t_x, T and the
    # covariate) with their counts...
    table = rd.compressed(rv.BetaGeo(), ds, covariates=["big"])
    assert table["weight"].sum() == len(s) and len(table) < len(s)
    want = rv.BetaGeo().fit(
        table["frequency"], table["recency"], table["T"], table["weight"],
        purchase_covariates=table[["big"]], dropout_covariates=table[["big"]],
    )
    assert got.params_ == want.params_ and got.log_likelihood_ == want.log_likelihood_
    # ...and the in-memory fit of one row per customer to the optimizer's tolerance (the
    # core sums a covariate likelihood in row order).
    per_customer = rv.BetaGeo().fit(s, purchase_covariates=s[["big"]], dropout_covariates=s[["big"]])
    assert got.log_likelihood_ == pytest.approx(per_customer.log_likelihood_, rel=1e-9)
    for k, v in per_customer.params_.items():
        assert got.params_[k] == pytest.approx(v, rel=1e-4, abs=1e-6), k
    assert set(got.params_) == {"r", "alpha", "a", "b", "purchase.big", "dropout.big"}


def test_covariates_bad_input(client: Any) -> None:
    _, ds = covariate_summary()
    with pytest.raises(relmap.ValidationError) as e:
        rd.fit(rv.BetaGeo(), ds, purchase_covariates=["size"])
    assert (e.value.code, e.value.field) == ("missing_value", "purchase_covariates")
    with pytest.raises(relmap.ValidationError, match="list of column names") as e:
        rd.fit(rv.BetaGeo(), ds, dropout_covariates="big")  # type: ignore[arg-type]
    assert (e.value.code, e.value.field) == ("invalid_argument", "dropout_covariates")
    with pytest.raises(relmap.ValidationError, match="takes no covariates") as e:
        rd.fit(rv.ModifiedBetaGeo(), ds, purchase_covariates=["big"])
    assert e.value.code == "invalid_argument"
    with pytest.raises(relmap.ValidationError, match="takes no covariates"):
        rd.fit(rv.GammaGamma(), ds, purchase_covariates=["big"])
    # A constant covariate is the core's typed error naming the column, as in memory.
    with pytest.raises(relmap.ValidationError, match="one"):
        rd.fit(rv.BetaGeo(), ds.assign(one=1.0), purchase_covariates=["one"])


def test_compressed_rows_are_those_of_a_group_by(client: Any) -> None:
    # The fast path (a 64-bit key of the values, checked value for value) and the group-by
    # it falls back to (NaN, a column that is not float64) give the same rows and counts;
    # -0.0 and 0.0 are one value, as in a group-by.
    frame = pd.DataFrame({
        "frequency": [0.0, -0.0, 1.0, 1.0, 2.0, 1.0],
        "recency": [0.0, 0.0, 3.5, 3.5, 7.0, 3.5],
        "T": [10.0, 10.0, 12.0, 12.0, 12.0, 12.0],
        "tenure": [1, 2, 2, 3, 3, 3],
        "active": [True, False, True, True, False, True],
    })
    table = rd.compressed(rv.BetaGeo(), from_pandas(frame, npartitions=2))
    assert table.to_dict("list") == {
        "frequency": [0.0, 1.0, 2.0], "recency": [0.0, 3.5, 7.0], "T": [10.0, 12.0, 12.0], "weight": [2.0, 3.0, 1.0],
    }
    renewal = rd.compressed(rv.ShiftedBetaGeo(), from_pandas(frame, npartitions=2))
    assert renewal["weight"].tolist() == [1.0, 1.0, 1.0, 1.0, 2.0] and renewal["tenure"].tolist() == [1, 2, 2, 3, 3]
    with_nan = frame.assign(recency=[np.nan, 0.0, 3.5, 3.5, 7.0, 3.5])
    table = rd.compressed(rv.BetaGeo(), from_pandas(with_nan, npartitions=2))
    assert table["weight"].tolist() == [1.0, 1.0, 3.0, 1.0] and np.isnan(table["recency"].iloc[1])
