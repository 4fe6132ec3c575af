"""Notebooks are worked analyses: their code cells must run against the current `layers`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _run(path: Path) -> dict:
    """Execute the code cells of a notebook in one namespace (no Jupyter needed)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    namespace: dict = {"__name__": "__notebook__"}
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), f"{path.name}[{i}]", "exec"), namespace)
    return namespace


@pytest.mark.slow
def test_sambong_notebook_ranks_the_desa_of_sambong(shared_data, monkeypatch):
    monkeypatch.chdir(REPO)
    ns = _run(REPO / "notebooks" / "01_sambong_musdes.ipynb")
    musdes = ns["musdes"]
    # Sambong has 10 desa and no kelurahan: all ten are ranked, 1 = highest skor
    assert len(ns["sambong"]) == 10 and len(musdes) == 10
    assert list(musdes["peringkat"]) == sorted(musdes["peringkat"])
    assert musdes["skor"].is_monotonic_decreasing
    assert set(musdes["prioritas"]) == {1, 2, 3}
