"""Argument errors of Python and pyo3 as relmap errors with ``code`` and ``field``.

Before a call reaches the core, Python itself and pyo3's argument conversion can
refuse an argument with a plain ``TypeError`` (a text where a number belongs, an
unhashable id, a wrong keyword), ``OverflowError`` (an integer too large for the
core's type) or ``UnicodeEncodeError`` (a lone surrogate in a text). Every public
function and method of the package goes through :func:`guard_module`'s wrapper,
which raises these as relmap errors instead:

- ``ArgumentTypeError`` (code ``invalid_argument``): a ``ValidationError`` that is
  also a ``TypeError``;
- ``ArgumentOverflowError`` (code ``out_of_range``): a ``ValidationError`` that is
  also an ``OverflowError``;
- a lone surrogate or other text that cannot be encoded: ``ValidationError``
  (code ``invalid_argument``).

``field`` names the argument (``stance``, ``id``); the original error is the new
one's ``__cause__``. Errors relmap raises itself pass through unchanged.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable, Iterable
from typing import Any, Optional

from ._relmap import RelmapError, ValidationError


class ArgumentTypeError(ValidationError, TypeError):
    """An argument of the wrong Python type (code ``invalid_argument``); also a ``TypeError``."""

    code: str
    field: Optional[str]


class ArgumentOverflowError(ValidationError, OverflowError):
    """An integer argument too large (or negative) for the core's type (code
    ``out_of_range``); also an ``OverflowError``."""

    code: str
    field: Optional[str]


_NAMED = (
    re.compile(r"argument '([^']+)'"),
    re.compile(r"keyword argument '([^']+)'"),
    re.compile(r"required (?:positional |keyword-only )?arguments?: '([^']+)'"),
    re.compile(r"^([A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\]|\.[A-Za-z_][A-Za-z0-9_]*)*): "),
)


def _has_surrogate(value: Any, depth: int = 0) -> bool:
    if isinstance(value, str):
        return any(0xD800 <= ord(c) <= 0xDFFF for c in value)
    if depth >= 3:
        return False
    try:
        if isinstance(value, dict):
            return any(_has_surrogate(k, depth + 1) or _has_surrogate(v, depth + 1) for k, v in list(value.items())[:10000])
        if isinstance(value, (list, tuple, set, frozenset)):
            return any(_has_surrogate(v, depth + 1) for v in list(value)[:10000])
    except Exception:
        return False
    return False


def _too_large(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and not (-(2**63) <= value < 2**64)


def _bound(func: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[tuple[str, Any]]:
    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):
        return [(f"arguments[{i}]", a) for i, a in enumerate(args)] + list(kwargs.items())
    try:
        bound = sig.bind_partial(*args, **kwargs)
    except TypeError:
        return list(kwargs.items())
    out: list[tuple[str, Any]] = []
    for name, value in bound.arguments.items():
        kind = sig.parameters[name].kind
        if kind is inspect.Parameter.VAR_KEYWORD:
            out.extend(value.items())
        elif kind is inspect.Parameter.VAR_POSITIONAL:
            out.extend((f"{name}[{i}]", v) for i, v in enumerate(value))
        else:
            out.append((name, value))
    return [(n, v) for n, v in out if n not in ("self", "cls")]


_STUBS: dict[str, dict[str, str]] = {}


def _stubs() -> dict[str, dict[str, str]]:
    """The annotations of the native module's functions and methods, from its stub
    file (``_relmap.pyi``, shipped with the package): ``{"MapBase.set_stance": {"id":
    "str", "stance": "float | None"}}``."""
    import ast
    from pathlib import Path

    if _STUBS:
        return _STUBS
    out = _STUBS
    try:
        tree = ast.parse((Path(__file__).with_name("_relmap.pyi")).read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return out

    def add(prefix: str, body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.ClassDef):
                add(f"{prefix}{node.name}.", node.body)
            elif isinstance(node, ast.FunctionDef):
                a = node.args
                out[prefix + node.name] = {
                    p.arg: ast.unparse(p.annotation) for p in a.posonlyargs + a.args + a.kwonlyargs if p.annotation is not None
                }

    add("", tree.body)
    return out


def _fits(value: Any, annotation: Any) -> bool:
    """Whether ``value`` fits a simple annotation (``float``, ``str | None``,
    ``Optional[int]``); an annotation this does not read fits everything."""
    if not isinstance(annotation, str):
        return True
    text = annotation.replace(" ", "")
    m = re.fullmatch(r"Optional\[(.*)\]", text)
    alternatives = [m.group(1), "None"] if m else text.split("|")
    checks = {
        "None": lambda v: v is None,
        "float": lambda v: isinstance(v, (int, float)) or type(v).__module__ == "numpy" and hasattr(v, "__float__") and not isinstance(v, str),
        "int": lambda v: isinstance(v, int) or type(v).__module__ == "numpy" and hasattr(v, "__index__"),
        "str": lambda v: isinstance(v, str),
        "bool": lambda v: isinstance(v, bool),
    }
    if any(alt not in checks for alt in alternatives):
        return True
    return any(checks[alt](value) for alt in alternatives)


def _annotations(func: Callable[..., Any], stub: Optional[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    try:
        for name, p in inspect.signature(func).parameters.items():
            if p.annotation is not p.empty:
                found[name] = p.annotation
    except (TypeError, ValueError):
        pass
    if stub is not None:
        for name, annotation in _stubs().get(stub, {}).items():
            found.setdefault(name, annotation)
    return found


def _blame(
    exc: BaseException, func: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], stub: Optional[str] = None
) -> Optional[str]:
    """The argument an error of the glue is about, or None."""
    text = str(exc)
    for pattern in _NAMED:
        m = pattern.search(text)
        if m:
            return m.group(1)
    test: Optional[Callable[[Any], bool]] = None
    if isinstance(exc, UnicodeError):
        test = _has_surrogate
    elif isinstance(exc, OverflowError):
        test = _too_large
    bound = _bound(func, args, kwargs)
    if test is not None:
        for name, value in bound:
            if test(value):
                return name
    # The first argument that does not fit its annotation (the function's own, or the
    # native module's stub).
    annotations = _annotations(func, stub)
    for name, value in bound:
        if name in annotations and not _fits(value, annotations[name]):
            return name
    return None


def _convert(
    exc: BaseException,
    func: Callable[..., Any],
    what: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    stub: Optional[str] = None,
) -> Optional[BaseException]:
    if isinstance(exc, RelmapError) or not isinstance(exc, (TypeError, OverflowError, UnicodeError, AttributeError)):
        return None
    field = _blame(exc, func, args, kwargs, stub)
    detail = str(exc)
    if field is not None and field not in detail:
        detail = f"{field}: {detail}"
    message = f"{what}: {detail}"
    new: BaseException
    if isinstance(exc, OverflowError):
        new, code = ArgumentOverflowError(message), "out_of_range"
    elif isinstance(exc, UnicodeError):
        new, code = ValidationError(message), "invalid_argument"
    else:
        new, code = ArgumentTypeError(message), "invalid_argument"
    new.code = code
    new.field = field
    return new


def guard(
    func: Callable[..., Any], what: str, target: Optional[Callable[..., Any]] = None, stub: Optional[str] = None
) -> Callable[..., Any]:
    """``func`` raising its argument errors as relmap errors (``target`` is what to
    inspect, ``stub`` its name in the native module's stub file)."""
    if getattr(func, "__relmap_guarded__", False):
        return func
    inspected = target if target is not None else func

    @functools.wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (TypeError, OverflowError, UnicodeError, AttributeError) as exc:
            new = _convert(exc, inspected, what, args, kwargs, stub)
            if new is None:
                raise
            raise new from exc

    guarded.__relmap_guarded__ = True  # type: ignore[attr-defined]
    return guarded


def _native_classmethod(raw: Any) -> Callable[..., Any]:
    def call(klass: type, *args: Any, **kwargs: Any) -> Any:
        return raw.__get__(None, klass)(*args, **kwargs)

    call.__name__ = getattr(raw, "__name__", "method")
    call.__doc__ = getattr(raw, "__doc__", None)
    return call


def _guard_class(cls: type) -> None:
    seen: set[str] = set()
    for klass in cls.__mro__:
        if klass is object or klass.__module__ == "builtins":
            continue
        for name, raw in list(vars(klass).items()):
            if name in seen:
                continue
            seen.add(name)
            if name.startswith("_") and name not in ("__init__", "__call__"):
                continue
            what = f"{cls.__name__}.{name}"
            stub = f"{klass.__name__}.{name}" if klass.__module__ == "relmap._relmap" else None
            if isinstance(raw, staticmethod):
                setattr(cls, name, staticmethod(guard(raw.__func__, what)))
            elif isinstance(raw, classmethod):
                setattr(cls, name, classmethod(guard(raw.__func__, what)))
            elif type(raw).__name__ == "classmethod_descriptor":
                # A native class method: bind it to the class it is called on.
                setattr(cls, name, classmethod(guard(_native_classmethod(raw), what, raw, stub)))
            elif inspect.isbuiltin(raw):
                setattr(cls, name, staticmethod(guard(raw, what, stub=stub)))
            elif inspect.isfunction(raw) or (inspect.ismethoddescriptor(raw) and callable(raw)):
                setattr(cls, name, guard(raw, what, stub=stub))
    new: Any = cls.__new__
    native = next((k for k in cls.__mro__ if k.__module__ == "relmap._relmap"), None)
    if native is not None and not getattr(new, "__relmap_guarded__", False) and "__init__" not in vars(cls):
        # A native class's constructor converts its arguments in __new__.
        original_new = new
        native_new = f"{native.__name__}.__new__"

        def guarded_new(klass: type, *args: Any, **kwargs: Any) -> Any:
            try:
                return original_new(klass, *args, **kwargs)
            except (TypeError, OverflowError, UnicodeError, AttributeError) as exc:
                converted = _convert(exc, original_new, cls.__name__, args, kwargs, native_new)
                if converted is None:
                    raise
                raise converted from exc

        guarded_new.__relmap_guarded__ = True  # type: ignore[attr-defined]
        try:
            sig = inspect.signature(native)
            first = inspect.Parameter("cls", inspect.Parameter.POSITIONAL_OR_KEYWORD)
            guarded_new.__signature__ = sig.replace(parameters=[first, *sig.parameters.values()])  # type: ignore[attr-defined]
        except (TypeError, ValueError):
            pass
        cls.__new__ = staticmethod(guarded_new)  # type: ignore[assignment]


def public_callables(namespace: dict[str, Any], names: Iterable[str]) -> list[tuple[str, Any]]:
    """The functions and (non-exception) classes among ``names`` in ``namespace``."""
    out: list[tuple[str, Any]] = []
    for name in names:
        obj = namespace.get(name)
        if inspect.isclass(obj):
            if issubclass(obj, BaseException):
                continue
            out.append((name, obj))
        elif inspect.isfunction(obj) or inspect.isbuiltin(obj):
            out.append((name, obj))
    return out


def guard_module(namespace: dict[str, Any], names: Iterable[str]) -> None:
    """Guards every public function and every method of every public class in ``namespace``."""
    for name, obj in public_callables(namespace, names):
        if inspect.isclass(obj):
            if obj.__module__.startswith("relmap"):
                _guard_class(obj)
        elif obj.__module__ is None or obj.__module__.startswith("relmap"):
            namespace[name] = guard(obj, name)
