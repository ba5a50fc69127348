"""What the result modules share: records from the core's plain data, documents,
errors with core codes, times."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
from collections.abc import Iterable, Mapping
from typing import Any, Optional, TypeVar, Union

from . import _relmap

R = TypeVar("R")

TimeLike = Union[str, _dt.date, _dt.datetime, Any]
"""A time: RFC 3339 text or a date (``"2026-03-01"``), a ``datetime``/``date``
(naive datetimes are UTC), a ``numpy.datetime64`` or a ``pandas.Timestamp``."""


def build(cls: type[R], data: Mapping[str, Any]) -> R:
    """A frozen dataclass record from the core's serialized form.

    Lists become tuples; fields named in the class's ``_nested`` mapping become
    records themselves (a one-element list ``[Cls]`` means a tuple of them). A key
    the record does not declare is refused (``internal``): the records mirror the
    core's types exactly (``tests/test_records.py`` checks them against the core's
    JSON Schema), so nothing the core says is dropped on the way.
    """
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(data) - names)
    if unknown:
        raise relmap_error(cls.__name__, f"the core gave fields the record lacks: {', '.join(unknown)}", "internal")
    nested: Mapping[str, Any] = getattr(cls, "_nested", {})
    values: dict[str, Any] = {}
    for name in names:
        v = data.get(name)
        spec = nested.get(name)
        if spec is not None and v is not None:
            v = tuple(build(spec[0], item) for item in v) if isinstance(spec, list) else build(spec, v)
        elif isinstance(v, list):
            v = tuple(v)
        values[name] = v
    return cls(**values)


class Document:
    """A result held as the core's serialized form; compares by content and
    pickles through JSON. Subclasses add properties and ``to_pandas()``."""

    __slots__ = ("_data",)

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def to_dict(self) -> dict[str, Any]:
        """The result as plain data (the core's serialized form, a copy)."""
        return json.loads(json.dumps(self._data))  # type: ignore[no-any-return]

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._data == self._data

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (type(self)._from_json, (json.dumps(self._data),))

    @classmethod
    def _from_json(cls, text: str) -> Document:
        return cls(json.loads(text))


def map_list(maps: Iterable[Any]) -> list[_relmap.MapBase]:
    """The relationship maps of an argument ``maps``, each checked to be one."""
    out = list(maps)
    for k, m in enumerate(out):
        if not isinstance(m, _relmap.MapBase):
            raise TypeError(f"maps[{k}]: expected a RelationshipMap, got {type(m).__name__}")
    return out


def relmap_error(field: str, message: str, code: str = "invalid_argument") -> Exception:
    """The exception of a core error ``code`` (its class follows the code's kind,
    as the core decides), with ``code`` and ``field`` set."""
    err: Exception = _relmap._error(code, f"{field}: {message}", field)
    return err


def number(field: str, value: Any) -> float:
    """One number (a horizon, a value), as a float."""
    try:
        return float(value)
    except (TypeError, ValueError):
        raise relmap_error(field, f"{value!r} is not a number") from None


def time_text(value: Optional[TimeLike], field: str) -> Optional[str]:
    """Any time-like value as the RFC 3339 text (or date) the core reads; None stays None."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            return value.isoformat() + "Z"
        return value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    try:
        import numpy as np

        if isinstance(value, np.datetime64):
            if np.isnat(value):
                raise relmap_error(field, "NaT is not a time", "missing_value")
            # The core reads the years 0000..9999 (UTC); beyond them numpy's text is not
            # RFC 3339, so refuse them here with the core's code. (A coarser unit first,
            # which cannot overflow.)
            year = int(value.astype("datetime64[Y]").astype(np.int64)) + 1970
            if not 0 <= year <= 9999:
                raise relmap_error(field, f"{value} is outside the years 0000..9999", "out_of_range")
            return str(value.astype("datetime64[s]")) + "Z"
    except ImportError:  # pragma: no cover - numpy is a dependency
        pass
    raise relmap_error(field, f"expected a date, datetime or RFC 3339 text, got {type(value).__name__}")


def required_time(value: TimeLike, field: str) -> str:
    """A time argument that must be given."""
    text = time_text(value, field)
    if text is None:
        raise relmap_error(field, "a time is required", "missing_value")
    return text


def parse_time(text: Optional[str]) -> Optional[_dt.datetime]:
    """RFC 3339 text from the core ('2026-03-01T09:30:00Z') as an aware UTC datetime."""
    if text is None:
        return None
    return _dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=_dt.timezone.utc)
