"""The bad-input corpus (``bad-inputs/cases.jsonl``) through the Python API.

Every case that the Python API can express is run and must raise a ``RelmapError``
with the case's ``code`` and ``field``, within a time budget (a watchdog ends the
run with a traceback when one case hangs). The cases Python cannot express are
listed by reason (``not_applicable``), and their number is checked, so a new kind of
case cannot be skipped without a word. See ``bad-inputs/README.md``.
"""

from __future__ import annotations

import faulthandler
import json
import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Optional

import numpy as np
import pytest

import relmap
import relmap.value as rv

ROOT = Path(__file__).resolve().parents[2]
CASES = [json.loads(line) for line in (ROOT / "bad-inputs" / "cases.jsonl").read_text(encoding="utf-8").splitlines() if line]
SAMPLE = (ROOT / "examples" / "data" / "manufacturing_cloud.json").read_text(encoding="utf-8")
#: The most time one case may take (a debug build on a loaded machine would be far quicker).
BUDGET_S = 20.0

MODELS: dict[str, Any] = {"bg_nbd": rv.BetaGeo, "pareto_nbd": rv.ParetoNBD, "gamma_gamma": rv.GammaGamma}


class NotApplicable(Exception):
    """The case cannot be expressed through the Python API (the reason is the message)."""


def num(v: Any) -> float:
    if isinstance(v, str):
        return {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}[v]
    return float(v)


def nums(v: Any) -> np.ndarray:
    return np.array([num(x) for x in v], dtype=np.float64)


def when(v: Any) -> Any:
    """A corpus time: text as it is, whole seconds as numpy datetime64[s] (i64::MIN is NaT)."""
    return v if isinstance(v, str) else np.datetime64(int(v), "s")


def times(v: list[Any]) -> np.ndarray:
    return np.array([np.datetime64(x, "s") if isinstance(x, str) else np.datetime64(int(x), "s") for x in v], dtype="datetime64[s]")


def value_call(call: str, a: dict[str, Any]) -> object:
    if call == "rfm_summary_codes":
        raise NotApplicable("Python reads customer ids of any hashable type; it has no customer-code entry point")
    if call == "rfm_summary":
        c = a["config"]
        kwargs: dict[str, Any] = {"as_of": when(a["as_of"]), "unit": c.get("unit")}
        if "growth_window_days" in c:
            kwargs["growth_window_days"] = num(c["growth_window_days"])
        if "holdout_end" in c:
            kwargs["holdout_end"] = when(c["holdout_end"])
        if a.get("margins") is not None:
            kwargs["margin"] = nums(a["margins"])
        return rv.rfm_summary(a["customers"], times(a["times"]), nums(a["amounts"]), **kwargs)
    kind = a["model"]["kind"]
    cls = MODELS[kind]
    fit_config = a.get("fit_config") or {}
    if call == "fit":
        if kind == "gamma_gamma":
            return cls(**fit_config).fit(nums(a["frequency"]), nums(a["monetary_value"]),
                                         None if a.get("weights") is None else nums(a["weights"]))
        return cls(**fit_config).fit(nums(a["frequency"]), nums(a["recency"]), nums(a["t"]),
                                     None if a.get("weights") is None else nums(a["weights"]))
    model = cls.from_params(**{k: num(v) for k, v in a["model"]["params"].items()})
    # The core checks the parameters when the model is built; the Python models
    # check them on first use, so use them once on data that is surely valid.
    if kind == "gamma_gamma":
        return model.expected_spend(nums(a["frequency"]), nums(a["monetary_value"]))
    f, r, t = nums(a["frequency"]), nums(a["recency"]), nums(a["t"])
    if call == "p_alive":
        return model.p_alive(f, r, t)
    if call == "expected_purchases":
        return model.expected_purchases(num(a["t_future"]), f, r, t)
    if call == "clv":
        return model.clv(nums(a["spend"]), f, r, t, **{k: (v if k == "periods" else num(v)) for k, v in a["config"].items()})
    raise AssertionError(f"unknown value call {call}")


DAY0 = np.datetime64("2024-01-01", "s")


def day(d: int) -> np.datetime64:
    return DAY0 + np.timedelta64(d * 86_400, "s")


def small_summary(**config: Any) -> Any:
    return rv.rfm_summary(list("aaabbcdd"), np.array([day(d) for d in (0, 40, 140, 14, 60, 31, 62, 152)]),
                          [120.0, 80.0, 95.0, 40.0, 60.0, 25.0, 300.0, 280.0], as_of=day(180), **config)


ALIVE, CLV = [0.9, 0.5, 0.2, 0.7], [100.0, 50.0, 3.0, 400.0]


def config_call(kind: str, cfg: Any) -> object:
    if not isinstance(cfg, dict):
        raise NotApplicable("Python takes configurations as keyword arguments, which are always an object")
    m = relmap.RelationshipMap.from_json(SAMPLE)
    runs: dict[str, Callable[[], object]] = {
        "chain": lambda: m.decision_chain(**cfg),
        "trust": lambda: m.trust(day(1000), **cfg),
        "render": lambda: m.to_svg(**cfg),
        "classification": lambda: relmap.classify(["a", "b"], [5.0, 1.0], [70.0, 20.0], **cfg),
        "competition": lambda: m.competition(**cfg),
        "stage_model": lambda: m.stages(cfg),
        "summary": lambda: small_summary(**cfg),
        "clv": lambda: rv.BetaGeo.from_params(r=0.24, alpha=4.41, a=0.79, b=2.43).clv(
            small_summary()["monetary_value"], small_summary(), **cfg),
        "fit": lambda: rv.BetaGeo(**cfg).fit(small_summary()),
        "tier": lambda: rv.tier(small_summary(), ALIVE, CLV, horizon=52.0, **cfg),
        "lifecycle": lambda: rv.lifecycle(small_summary(), ALIVE, CLV, horizon=52.0, **cfg),
        "churn": lambda: rv.churn_warnings(small_summary(), ALIVE, CLV, horizon=52.0, **cfg),
        "scores": lambda: rv.rfm_scores(small_summary(), **cfg),
    }
    return runs[kind]()


def run(case: dict[str, Any], tmp: Path) -> object:
    target, i = case["target"], case["input"]
    if target == "document":
        return relmap.RelationshipMap.from_json(i["text"])
    if target == "csv_folder":
        if case["id"].endswith("/unknown_file"):
            raise NotApplicable("a folder may hold other files, which relmap.load ignores (format.md)")
        folder = tmp / case["id"].replace("/", "_")
        folder.mkdir()
        for name, text in i["files"].items():
            (folder / name).write_text(text, encoding="utf-8", newline="")
        return relmap.load(folder)
    if target == "value":
        return value_call(i["call"], i["args"])
    if target == "config":
        if "text" in i:
            raise NotApplicable("JSON text (not JSON, a repeated key): Python takes configurations as keyword arguments")
        return config_call(i["kind"], i["config"])
    if target == "crm_mapping":
        # The mapping's JSON text, as import_crm takes it (a dict is written to that text).
        return relmap.io.import_crm([("contacts.csv", b"Id,Name\n")], mapping=i["text"], into=relmap.RelationshipMap("acme"))
    if target == "crm_preset":
        return relmap.io.crm_preset(i["name"])
    raise AssertionError(f"unknown target {target}")


#: How many cases Python cannot express, by reason (a change here is a decision, not a drift).
NOT_APPLICABLE = {
    "a folder may hold other files, which relmap.load ignores (format.md)": 1,
    "Python reads customer ids of any hashable type; it has no customer-code entry point": 3,
    "JSON text (not JSON, a repeated key): Python takes configurations as keyword arguments": 24,
    "Python takes configurations as keyword arguments, which are always an object": 24,
}


def expected(case: dict[str, Any], field: Optional[str]) -> tuple[str, Optional[str]]:
    """The code and field Python gives for a case, from the corpus's (Rust's) ones:

    - a configuration is given as keyword arguments, so a key or value serde cannot
      read (``json_shape`` in a JSON config) is an ``invalid_argument``, naming the same key;
    - ``relmap.load`` reads a folder from disk, so a missing file's ``io`` error names
      its path (the corpus names the file): compared by file name.
    """
    code, want = case["expect"]["code"], case["expect"]["field"]
    if case["target"] == "config" and code == "json_shape":
        code = "invalid_argument"
    if case["target"] == "csv_folder" and code == "io" and field is not None and Path(field).name == want:
        want = field
    return code, want


def test_every_corpus_case_is_refused_with_its_code_and_field(tmp_path: Path) -> None:
    failures: list[str] = []
    skipped: dict[str, int] = {}
    ran = 0
    for case in CASES:
        faulthandler.dump_traceback_later(BUDGET_S * 3, exit=True)
        start = time.monotonic()
        try:
            run(case, tmp_path)
        except NotApplicable as e:
            skipped[str(e)] = skipped.get(str(e), 0) + 1
            continue
        except relmap.RelmapError as e:
            ran += 1
            got = (getattr(e, "code", None), getattr(e, "field", "<none>"))
            want = expected(case, got[1])
            if got != want:
                failures.append(f"{case['id']}: expected {want}, got {got}: {e}")
        except Exception as e:  # noqa: BLE001 - any other exception is the failure to report
            ran += 1
            failures.append(f"{case['id']}: expected a RelmapError, got {type(e).__name__}: {e}")
        else:
            ran += 1
            failures.append(f"{case['id']}: accepted")
        finally:
            faulthandler.cancel_dump_traceback_later()
        elapsed = time.monotonic() - start
        if elapsed > BUDGET_S:
            failures.append(f"{case['id']}: took {elapsed:.1f} s (budget {BUDGET_S} s)")
    assert not failures, f"{len(failures)} of {ran} cases:\n" + "\n".join(failures[:80])
    assert skipped == NOT_APPLICABLE
    assert ran + sum(skipped.values()) == len(CASES) and ran >= 900


if __name__ == "__main__":  # pragma: no cover
    pytest.main([__file__, "-q"])
