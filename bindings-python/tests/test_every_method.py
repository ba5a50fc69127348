"""Wrong-type arguments for every public function and every method of every public class.

The list is not written here: it is read from the package (``relmap.__all__``,
``relmap.value.__all__`` and each class's attributes), so a new function, class or
method is tested the day it is added. Each call must either work or raise a
``RelmapError`` with a documented ``code`` and a ``field`` that is a text or None (never
a plain ``TypeError``, ``OverflowError`` or ``UnicodeEncodeError``), and leave the
object it was called on as it was and usable.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import relmap
import relmap.value as rv

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"
CODES = {code for code, _, _ in relmap.error_codes()}

#: Arguments of the wrong type: no relmap function takes any of them where it is given.
WRONG: list[Any] = [object(), "\ud800", 2**70, -(2**70), {1, 2}, (lambda: 0), math.nan, [object()], {"\ud800": 1}]


def public_modules() -> list[Any]:
    """The package and its public submodules (``relmap.value``, and any added later)."""
    subs = [v for k, v in vars(relmap).items() if inspect.ismodule(v) and not k.startswith("_") and v.__name__.startswith("relmap.")]
    return [relmap, *subs]


def public_api() -> Iterator[tuple[str, Any]]:
    for module in public_modules():
        names = getattr(module, "__all__", [n for n in vars(module) if not n.startswith("_")])
        for name in names:
            obj = getattr(module, name)
            if inspect.isclass(obj) and issubclass(obj, BaseException):
                continue
            if inspect.isclass(obj) or callable(obj):
                yield f"{module.__name__}.{name}", obj


def walk(value: Any, found: dict[type, Any], depth: int = 0) -> None:
    """Collects one instance of every relmap class reachable from ``value``."""
    if depth > 6:
        return
    cls = type(value)
    if cls.__module__.startswith("relmap") and cls not in found:
        found[cls] = value
    if isinstance(value, (list, tuple)):
        for v in value[:50]:
            walk(v, found, depth + 1)
    elif isinstance(value, dict):
        for v in list(value.values())[:20]:
            walk(v, found, depth + 1)
    elif cls.__module__.startswith("relmap"):
        for name in dir(value):
            if name.startswith("_"):
                continue
            try:
                attr = inspect.getattr_static(value, name)
            except AttributeError:
                continue
            if callable(attr) and not isinstance(attr, property):
                continue
            try:
                walk(getattr(value, name), found, depth + 1)
            except Exception:  # noqa: BLE001 - a property may refuse (e.g. not fitted)
                continue


def instances() -> dict[type, Any]:
    """An instance of every class the package's results are made of."""
    found: dict[type, Any] = {}
    m = relmap.load(DATA / "manufacturing_cloud.json")
    earlier = relmap.load(DATA / "manufacturing_cloud.json")
    earlier.set_stance(earlier.stakeholder_ids[0], 0.0)
    chain = m.decision_chain()
    f, r, t = np.array([2.0, 1.0, 0.0, 3.0]), np.array([30.4, 1.7, 0.0, 20.0]), np.array([38.9, 38.9, 38.9, 30.0])
    roots: list[Any] = [
        m, chain, chain.summary(), chain.brokers, m.trust(), m.competition(chain), m.stages(), m.diff(earlier) if hasattr(m, "diff") else None,
        relmap.classify(["a", "b"], [5.0, 1.0], [70.0, 20.0]),
        rv.BetaGeo.from_params(r=0.24, alpha=4.41, a=0.79, b=2.43),
        rv.ParetoNBD.from_params(r=0.55, alpha=10.58, s=0.61, beta=11.67),
        rv.GammaGamma.from_params(p=6.25, q=3.74, v=15.44),
    ]
    for name in ("ModifiedBetaGeo", "BetaGeoBetaBinom", "ShiftedBetaGeo"):
        if hasattr(rv, name):
            roots.append(getattr(rv, name)())
    if hasattr(m, "deal_health"):
        try:
            roots.append(m.deal_health())
        except relmap.RelmapError:
            pass
    # An import report (with ghosts, suggestions and strengths) from the importer fixtures.
    fixtures = DATA.parents[1] / "core" / "tests" / "fixtures" / "import"
    imported = relmap.load(fixtures / "base_map.json")
    sides: dict[str, Any] = {"our_domains": ["ourco.com"], "account_domains": ["hdjm.com.cn"]}
    roots.append(relmap.io.import_calendar(fixtures / "calendar" / "team.ics", into=imported, **sides))
    demo = relmap.load(DATA / "demo_small.json")
    roots += [
        m.picture(),
        relmap.merge_perceptions({"a": m, "b": earlier}),
        relmap.fit_openness(relmap.simulate_history(demo, steps=4)),
        relmap.Portfolio([m]),
        relmap.Portfolio([m]).network(),
        relmap.Portfolio([m, demo]).deal_health(as_of="2026-03-31"),
    ]
    del f, r, t
    for root in roots:
        walk(root, found)
    return found


def methods(cls: type) -> Iterator[tuple[str, Callable[..., Any]]]:
    """The public methods relmap defines (not those a class inherits from ``list``)."""
    for name in sorted(dir(cls)):
        if name.startswith("_"):
            continue
        owner = next((k for k in cls.__mro__ if name in vars(k)), object)
        if owner.__module__ == "builtins":
            continue
        attr = inspect.getattr_static(cls, name)
        if isinstance(attr, (property, classmethod, staticmethod)) or callable(attr):
            if isinstance(attr, property) or type(attr).__name__ == "getset_descriptor":
                continue
            yield name, attr


def argument_sets(fn: Callable[..., Any], bound: bool) -> Iterator[tuple[list[Any], dict[str, Any]]]:
    """Wrong-type calls of ``fn``: every required argument wrong at once, and each
    optional argument wrong alone (with the required ones wrong too: the first
    check must already refuse)."""
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        for bad in WRONG:
            yield [bad], {}
        return
    params = [p for p in sig.parameters.values() if p.name not in ("self", "cls")]
    required = [p for p in params if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    optional = [p for p in params if p.default is not p.empty and p.kind is not p.VAR_POSITIONAL]
    for bad in WRONG:
        args = [bad for p in required if p.kind is not p.KEYWORD_ONLY]
        kwargs = {p.name: bad for p in required if p.kind is p.KEYWORD_ONLY}
        yield args, kwargs
        for p in optional:
            if p.kind is p.VAR_KEYWORD:
                yield args, {**kwargs, "colour": bad}
            elif p.kind is not p.POSITIONAL_ONLY:
                yield args, {**kwargs, p.name: bad}
        if not params:
            yield [bad], {}


def state(obj: Any) -> Any:
    """What must not change when a call fails."""
    if hasattr(obj, "to_json") and callable(obj.to_json):
        return obj.to_json()
    if hasattr(obj, "params_"):
        return dict(obj.params_)
    return repr(obj)


def check(what: str, call: Callable[[], Any], failures: list[str]) -> bool:
    """Whether the call was refused; a refusal without a relmap code is a failure."""
    try:
        call()
        return False
    except relmap.RelmapError as e:
        code, field = getattr(e, "code", None), getattr(e, "field", "<missing>")
        if code not in CODES or not (field is None or isinstance(field, str)):
            failures.append(f"{what}: code {code!r}, field {field!r}: {e}")
    except Exception as e:  # noqa: BLE001 - anything else is the failure reported
        failures.append(f"{what}: {type(e).__name__} without a relmap code: {e}")
    return True


def show(args: list[Any], kwargs: dict[str, Any]) -> str:
    return ", ".join([type(a).__name__ for a in args] + [f"{k}={type(v).__name__}" for k, v in kwargs.items()])


def test_every_public_function_refuses_wrong_types_with_a_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # nothing a call might write lands in the repository
    failures: list[str] = []
    functions = [(n, f) for n, f in public_api() if not inspect.isclass(f)]
    assert len(functions) >= 10
    for name, fn in functions:
        for args, kwargs in argument_sets(fn, bound=False):
            check(f"{name}({show(args, kwargs)})", lambda: fn(*args, **kwargs), failures)
    assert not failures, "\n".join(failures[:60])


def test_every_method_of_every_class_refuses_wrong_types_and_stays_usable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    found = instances()
    classes = [(n, c) for n, c in public_api() if inspect.isclass(c)]
    # A class with no method has nothing to call; every other needs an instance.
    classes = [(n, c) for n, c in classes if any(True for _ in methods(c))]
    missing = [n for n, c in classes if not any(issubclass(k, c) for k in found)]
    assert not missing, f"no instance of {missing}: add a producer to instances()"
    failures: list[str] = []
    tried = 0
    for name, cls in classes:
        obj = next(v for k, v in found.items() if issubclass(k, cls))
        for method, raw in methods(cls):
            fn = getattr(obj, method)
            for args, kwargs in argument_sets(fn, bound=True):
                before = state(obj)
                refused = check(f"{name}.{method}({show(args, kwargs)})", lambda: fn(*args, **kwargs), failures)
                tried += 1
                if refused and state(obj) != before:
                    failures.append(f"{name}.{method}: the object changed on a refused call")
                if isinstance(raw, (classmethod, staticmethod)):
                    break
            # Still usable: its state reads and a copy of it round-trips.
            state(obj)
            repr(obj)
    assert not failures, "\n".join(failures[:60])
    assert tried > 100


def test_the_covariate_fits_methods_refuse_wrong_types_and_stay_usable() -> None:
    """A model fitted with covariates answers its predictions and their intervals by other
    code than the same class built from parameters (found above): the same checks."""
    import pandas as pd

    cdnow = pd.read_csv(DATA / "cdnow" / "cdnow_customers_summary_with_transactions.csv").iloc[:400]
    summary = pd.DataFrame({"frequency": cdnow["x"].to_numpy(float), "recency": cdnow["t_x"].to_numpy(float), "T": cdnow["T"].to_numpy(float)})
    noise = pd.DataFrame({"noise": np.random.default_rng(0).standard_normal(len(summary))})
    frames: dict[str, Any] = {"purchase_covariates": noise, "dropout_covariates": noise}
    failures: list[str] = []
    tried = 0
    for cls in (rv.BetaGeo, rv.ParetoNBD):
        obj = cls().fit(summary, **frames)
        for method in ("p_alive", "expected_purchases", "clv", "p_alive_intervals", "expected_purchases_intervals", "clv_intervals"):
            fn = getattr(obj, method)
            for args, kwargs in argument_sets(fn, bound=True):
                before = state(obj)
                refused = check(f"{cls.__name__}(covariates).{method}({show(args, kwargs)})", lambda: fn(*args, **kwargs), failures)
                tried += 1
                if refused and state(obj) != before:
                    failures.append(f"{cls.__name__}.{method}: the object changed on a refused call")
        # Still usable.
        iv = obj.p_alive_intervals(summary, method="delta", **frames)
        assert iv.shape == (len(summary), 3) and (iv["lower"] <= iv["upper"]).all()
    assert not failures, "\n".join(failures[:60])
    assert tried > 100
