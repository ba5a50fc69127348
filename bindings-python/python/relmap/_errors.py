"""The error codes: every code the package raises, its kind and its class."""

from __future__ import annotations

from . import _relmap


def error_codes() -> list[tuple[str, str, str]]:
    """Every error code with its kind and the exception class it raises, as the
    core decides them (``docs/errors.md``): ``[("empty_id", "validation",
    "ValidationError"), ...]``."""
    return [(code, kind, cls) for code, kind, cls in _relmap._error_codes()]
