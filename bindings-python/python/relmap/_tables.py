"""The pandas tables the result objects build: one row builder, and the DataFrame
that shows long text (reasons, red flags, actions) in full.

pandas is imported here, at the top: the modules that build tables import this
one inside the functions that need it, so ``import relmap`` stays light.
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Optional, Union

import pandas as pd


def _style(df: pd.DataFrame, scope: str) -> str:
    """The CSS of one shown table, scoped by its wrapper's id (an id outranks the
    notebook's own table rules): every cell wraps at the output width, top-aligned,
    breaking a long word only when it must; the text columns read from the left,
    numbers stay right-aligned."""
    rules = [
        f"#{scope} td, #{scope} th {{white-space: normal; overflow-wrap: break-word; vertical-align: top;}}"
    ]
    levels = df.index.nlevels
    for k, (_, dtype) in enumerate(df.dtypes.items()):
        if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
            continue
        child = levels + k + 1
        rules.append(f"#{scope} td:nth-child({child}), #{scope} thead th:nth-child({child}) {{text-align: left;}}")
    return "<style>" + "\n".join(rules) + "</style>"


class TextFrame(pd.DataFrame):
    """A DataFrame whose text shows in full. Tables with long text (tiers, lifecycle
    stages, churn warnings and RFM segments with their reasons, red flags, deal-health
    factors, import reports) are TextFrames: in a notebook every cell is shown whole,
    wrapped at the width of the output area, never cut with "..." at pandas'
    ``display.max_colwidth``; ``repr`` prints it whole too (as ``to_string()`` does).
    Otherwise it is an ordinary DataFrame, and what is derived from it (``head``,
    ``assign``, a filter) stays one; ``pd.DataFrame(t)`` gives a plain DataFrame."""

    _metadata: list[str] = []

    @property
    def _constructor(self) -> type[TextFrame]:
        return TextFrame

    def _repr_html_(self) -> Optional[str]:
        with pd.option_context("display.max_colwidth", None):
            inner: Any = getattr(super(), "_repr_html_")()
        if inner is None:
            return None
        # A fresh id each time: outputs of several kernel sessions share one page.
        scope = f"relmap-text-{uuid.uuid4().hex[:12]}"
        return f'<div class="relmap-text" id="{scope}">{_style(self, scope)}{inner}</div>'

    def __repr__(self) -> str:
        with pd.option_context("display.max_colwidth", None):
            return super().__repr__()


TextFrame.__module__ = "relmap"


def frame(
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[str],
    index: Union[str, Sequence[str], None] = None,
    *,
    text: bool = False,
) -> pd.DataFrame:
    """A table of ``rows`` (dicts) with exactly ``columns`` in that order (a key a row
    lacks is None), indexed by the ``index`` column(s) when given; a :class:`TextFrame`
    when ``text`` (the table holds long text)."""
    cls = TextFrame if text else pd.DataFrame
    df = cls([{c: r.get(c) for c in columns} for r in rows], columns=list(columns))
    if index is None:
        return df
    return df.set_index(index if isinstance(index, str) else list(index))


def text_frame(df: pd.DataFrame) -> TextFrame:
    """``df`` as a :class:`TextFrame` (same data, index and ``attrs``)."""
    out = TextFrame(df)
    out.attrs.update(df.attrs)
    return out


def table_html(df: pd.DataFrame) -> str:
    """The notebook HTML of a table (a :class:`TextFrame` shows its text uncut)."""
    shown: Any = getattr(df, "_repr_html_")()
    return str(shown or "")


def heading(text: str) -> str:
    """A line of HTML above a table (escaped)."""
    return f"<p><strong>{html.escape(text)}</strong></p>"
