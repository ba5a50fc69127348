"""The example notebooks run headless from top to bottom without an error."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "python"
NOTEBOOKS = sorted(EXAMPLES.glob("*.ipynb"))


def test_the_account_review_notebook_is_there() -> None:
    assert EXAMPLES / "account_review.ipynb" in NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The kernel inherits the environment: keep matplotlib's inline backend.
    monkeypatch.delenv("MPLBACKEND", raising=False)
    nb = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(EXAMPLES)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    mimes = {m for o in outputs for m in o.get("data", {})}
    # The map shows its picture, the tables render as HTML, matplotlib draws the chart.
    assert {"image/svg+xml", "text/html", "image/png"} <= mimes
    # The tables with long text (red flags, tier and churn reasons) show it whole.
    texts = [str(o["data"]["text/html"]) for o in outputs if "relmap-text" in str(o.get("data", {}).get("text/html", ""))]
    assert len(texts) >= 3 and not any("..." in t for t in texts)
