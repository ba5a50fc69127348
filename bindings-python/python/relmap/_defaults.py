"""The complete defaults of the configs, as the core holds them (plain dicts)."""

from __future__ import annotations

from typing import Any

from . import _relmap


def default_chain_config() -> dict[str, Any]:
    """The decision-chain config's defaults (the keywords of ``decision_chain``)."""
    return dict(_relmap._default("chain"))


def default_trust_config() -> dict[str, Any]:
    """The trust config's defaults (the keywords of ``trust``)."""
    return dict(_relmap._default("trust"))


def default_stage_model() -> dict[str, Any]:
    """The default stage model (the ``model`` of ``stages``)."""
    return dict(_relmap._default("stage_model"))


def default_render_options() -> dict[str, Any]:
    """The picture options' defaults (the keywords of ``to_svg``)."""
    return dict(_relmap._default("render"))
