"""Type stubs of the relmap package (checked by mypy.stubtest)."""

from ._relmap import ConvergenceError as ConvergenceError
from ._relmap import FormatError as FormatError
from ._relmap import RelationshipMap as RelationshipMap
from ._relmap import RelmapError as RelmapError
from ._relmap import ValidationError as ValidationError
from ._relmap import __version__ as __version__
from ._relmap import load as load

__all__ = [
    "ConvergenceError",
    "FormatError",
    "RelationshipMap",
    "RelmapError",
    "ValidationError",
    "__version__",
    "load",
]
