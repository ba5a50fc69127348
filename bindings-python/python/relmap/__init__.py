"""relmap: key-account relationship intelligence.

The maps, analyses and models live in the Rust core; this package is a thin
layer over its native module ``relmap._relmap``.

>>> import relmap
>>> m = relmap.RelationshipMap("acme", name="Acme Group")
>>> m.add_stakeholder("ceo", name="Chen Wei", roles=["economic_buyer"])
>>> m.add_stakeholder("cio", name="Liu Yang", reports_to="ceo", stance=3)
>>> m.add_relation("cio", "ceo", kind="influences", strength=0.7)
>>> len(m), m.stakeholder_ids
(2, ['ceo', 'cio'])
"""

from ._relmap import (
    ConvergenceError,
    FormatError,
    RelationshipMap,
    RelmapError,
    ValidationError,
    __version__,
    load,
)

__all__ = [
    "ConvergenceError",
    "FormatError",
    "RelationshipMap",
    "RelmapError",
    "ValidationError",
    "__version__",
    "load",
]
