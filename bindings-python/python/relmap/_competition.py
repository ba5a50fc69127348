"""The competition matrix (商业竞争矩阵) of an opportunity."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from ._records import Document

if TYPE_CHECKING:
    import pandas as pd


class CompetitionMatrix(Document):
    """The competition matrix (商业竞争矩阵) of one opportunity: criteria weighted by
    each stakeholder's priorities and decision influence, every vendor's total and
    rank, and the criteria where we trail the best rival."""

    __slots__ = ()

    @property
    def opportunity_id(self) -> str:
        return str(self._data["opportunity_id"])

    @property
    def our_vendor(self) -> str:
        return str(self._data["our_vendor"])

    @property
    def our_rank(self) -> int:
        return int(self._data["our_rank"])

    @property
    def leader(self) -> str:
        return str(self._data["leader"])

    @property
    def rival(self) -> Optional[str]:
        r = self._data["rival"]
        return None if r is None else str(r)

    @property
    def totals(self) -> dict[str, float]:
        """Each vendor's weighted total, best first."""
        return {v["vendor"]: float(v["total"]) for v in self._data["vendors"]}

    @property
    def trailing(self) -> list[dict[str, Any]]:
        """Criteria where we score below the rival, largest weighted gap first."""
        return list(self._data["trailing"])

    @property
    def vendors(self) -> list[dict[str, Any]]:
        """Each vendor's total, rank, and the stakeholders' preference for it."""
        return list(self._data["vendors"])

    def to_pandas(self) -> pd.DataFrame:
        """Criteria × vendors: one row per criterion (index ``criterion``) with its
        overall ``weight`` and one column of scores per vendor."""
        import pandas as pd

        rows = []
        for c in self._data["criteria"]:
            rows.append({"criterion": c["criterion"], "name": c["name"], "weight": c["weight"], **c["scores"]})
        return pd.DataFrame(rows).set_index("criterion")

    def __repr__(self) -> str:
        return (
            f"<CompetitionMatrix {self.opportunity_id!r}: {self.our_vendor} ranks {self.our_rank} "
            f"of {len(self._data['vendors'])}, leader {self.leader}>"
        )


CompetitionMatrix.__module__ = "relmap"
